import { Injectable } from '@nestjs/common';
import {
  type MonthlyRecap,
  type ProblemCategory,
  type ProblemSeverity,
  type ProblemStatus,
  type SemesterRecap,
  type SlaFigures,
  type SlaRow,
} from '@tatalaman/contracts';
import { localDate } from '@tatalaman/working-time';
import { DataSource } from 'typeorm';
import { rows } from '@tatalaman/persistence';
import {
  type Cell,
  type DocColumn,
  type DocSummaryItem,
  type DocTable,
  type ReportDocument,
  signatoryOf,
} from '../exports/document';
import { ProblemsService } from '../problems/problems.service';
import { type Period, periodInstants } from '../recaps/periods';
import { channelLabel, RecapService } from '../recaps/recap.service';
import { contentTypeLabel } from '../recaps/sla';

/** The reports reporting can build, with their titles (Bahasa Indonesia). */
export const REPORT_TITLES: Record<string, string> = {
  'monthly-recap': 'Rekapitulasi Bulanan Pengelolaan Website',
  'semester-recap': 'Rekapitulasi Semester Pengelolaan Website',
  'monthly-recap-posts-readers': 'Rekapitulasi Postingan dan Jumlah Pembaca',
  'evaluation-recap': 'Rekap Evaluasi Capaian Pengelolaan Website',
  'monthly-evaluation': 'Evaluasi Bulanan Capaian Pengelolaan Website',
  'semester-evaluation': 'Evaluasi Semester Capaian Pengelolaan Website',
  'website-condition-report': 'Laporan Kondisi Website',
  'website-problem-inventory': 'Inventarisasi Permasalahan Website/Jaringan',
  archive: 'Arsip Konten Website',
  'live-link-archive': 'Arsip Tautan Aktif',
  'offline-documentation': 'Dokumentasi Luring Publikasi',
  'sla-compliance': 'Kepatuhan Standar Waktu Pelaksanaan SOP',
};

/** Short names the export API also takes. */
export const REPORT_ALIASES: Record<string, string> = {
  monthly: 'monthly-recap',
  semester: 'semester-recap',
  problems: 'website-problem-inventory',
  sla: 'sla-compliance',
};

const RECAPS = new Set([
  'monthly-recap',
  'semester-recap',
  'monthly-recap-posts-readers',
  'evaluation-recap',
  'monthly-evaluation',
  'semester-evaluation',
]);

export const CATEGORY_LABELS: Record<ProblemCategory, string> = {
  content: 'Konten',
  display: 'Tampilan',
  network: 'Jaringan',
  server: 'Server/hosting',
  security: 'Keamanan',
  domain: 'Domain',
  email: 'Email',
  other: 'Lainnya',
};
export const SEVERITY_LABELS: Record<ProblemSeverity, string> = {
  low: 'Rendah',
  medium: 'Sedang',
  high: 'Tinggi',
  critical: 'Kritis',
};
export const STATUS_LABELS: Record<ProblemStatus, string> = {
  open: 'Terbuka',
  'in-progress': 'Sedang ditangani',
  resolved: 'Selesai',
};
const DECISION_LABELS: Record<string, string> = {
  complete: 'selesai',
  approve: 'disetujui',
  'send-back': 'dikembalikan',
  reject: 'ditolak',
  skip: 'dilewati',
  postpone: 'ditunda',
  published: 'ditayangkan',
  automatic: 'otomatis',
  handoff: 'diserahkan otomatis',
  cancelled: 'dibatalkan',
};

const col = (
  key: string,
  label: string,
  kind: DocColumn['kind'] = 'text',
  weight?: number,
  pdf: Pick<DocColumn, 'short' | 'maxChars'> = {},
): DocColumn => ({
  key,
  label,
  kind,
  ...(weight ? { weight } : {}),
  ...pdf,
});

const SLA_COLUMNS = (first: string): DocColumn[] => [
  col('label', first, 'text', 3, { maxChars: 70 }),
  col('closed', 'Selesai', 'int', 0.9),
  col('timed', 'Berstandar waktu', 'int', 1, { short: 'Ber-standar' }),
  col('withinLimit', 'Dalam batas', 'int', 0.9, { short: 'Dalam batas' }),
  col('compliance', 'Kepatuhan', 'ratio', 1.1, { short: 'Kepatuh-an' }),
  col('targetCompliance', 'Tepat target', 'ratio', 1.1),
  col('breached', 'Melampaui', 'int', 1, { short: 'Lewat batas' }),
  col('sendBacks', 'Dikembalikan', 'int', 1, { short: 'Kem-bali' }),
  col('waitingMs', 'Waktu tunggu', 'ms', 1.3, { short: 'Tunggu' }),
  col('workingMs', 'Waktu kerja', 'ms', 1.3, { short: 'Kerja' }),
  col('reworkMs', 'Pengerjaan ulang', 'ms', 1.3, { short: 'Ulang' }),
  col('avgMs', 'Rata-rata per langkah', 'ms', 1.3, { short: 'Rata-rata' }),
  col('savedMinutes', 'Serah terima dihemat', 'minutes', 1.2, { short: 'Dihemat' }),
];

function slaRows(rows: SlaRow[]): Record<string, Cell>[] {
  return rows.map((r) => ({ ...slaCells(r), label: r.label }));
}

function slaCells(f: SlaFigures): Record<string, Cell> {
  return {
    closed: f.closed,
    timed: f.timed,
    withinLimit: f.withinLimit,
    compliance: f.compliance,
    targetCompliance: f.targetCompliance,
    breached: f.breached,
    sendBacks: f.sendBacks,
    waitingMs: f.waitingMs,
    workingMs: f.workingMs,
    reworkMs: f.reworkMs,
    avgMs: f.avgMs,
    savedMinutes: f.handoffs ? f.savedMinutes : null,
  };
}

export interface BuildOptions {
  /** Local date above the signature, `YYYY-MM-DD`. */
  date?: string;
  /** When the document is made (ISO); defaults to now. */
  createdAt?: string;
}

/**
 * Builds report documents from the projections and the owned tables. The same document
 * feeds every format (exports/render.ts) and is what report.generate stores.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly ds: DataSource,
    private readonly recaps: RecapService,
    private readonly problems: ProblemsService,
  ) {}

  /** The report code behind a name or alias, or undefined when unknown. */
  resolve(report: string): string | undefined {
    const code = REPORT_ALIASES[report] ?? report;
    return REPORT_TITLES[code] ? code : undefined;
  }

  async build(
    report: string,
    office: string,
    period: Period,
    options: BuildOptions = {},
  ): Promise<ReportDocument> {
    const code = this.resolve(report);
    if (!code) throw new Error(`unknown report ${report}`);
    const header = await this.recaps.header(office);
    const createdAt = options.createdAt ?? new Date().toISOString();
    const base = {
      report: code,
      title: REPORT_TITLES[code]!,
      office: header,
      period: { code: period.code, title: period.title, ...periodInstants(period, header.timeZone) },
      date: options.date ?? localDate(Date.parse(createdAt), header.timeZone),
      createdAt,
      signatory: signatoryOf(header),
    };
    const notes: string[] = [];
    if (header.calendar === 'default') {
      notes.push(
        'Kalender kerja kantor tidak ditemukan; waktu kerja dihitung dengan kalender kerja standar (Senin–Kamis 07.30–16.00, Jumat 07.30–16.30).',
      );
    }
    let body: Pick<ReportDocument, 'summary' | 'tables' | 'notes'>;
    if (RECAPS.has(code)) {
      const recap = /^\d{4}-S[12]$/.test(period.code)
        ? await this.recaps.semester(office, period.code)
        : await this.recaps.recap(office, period);
      body = recapBody(recap, code === 'monthly-recap-posts-readers');
    } else if (code === 'website-problem-inventory') {
      body = await this.problemInventory(office, base.period);
    } else if (code === 'live-link-archive') {
      body = await this.liveLinks(office, base.period);
    } else if (code === 'archive' || code === 'offline-documentation') {
      body = await this.archive(office, period);
    } else if (code === 'website-condition-report') {
      body = await this.condition(office, period, base.period);
    } else {
      body = await this.sla(office, period);
    }
    return { ...base, ...body, notes: [...notes, ...body.notes] };
  }

  // ---- problem inventory ----------------------------------------------------------

  private async problemInventory(office: string, p: { from: string; to: string }) {
    const list = await this.problems.forPeriod(office, p.from, p.to);
    const to = Date.parse(p.to);
    const statusAtEnd = (resolvedAt?: string, status?: ProblemStatus) =>
      resolvedAt && Date.parse(resolvedAt) < to
        ? 'Selesai'
        : status === 'in-progress'
          ? 'Sedang ditangani'
          : 'Terbuka';
    const summary: DocSummaryItem[] = [
      { label: 'Permasalahan tercatat', value: list.length, kind: 'int' },
      {
        label: 'Dilaporkan pada periode ini',
        value: list.filter((x) => Date.parse(x.reportedAt) >= Date.parse(p.from)).length,
        kind: 'int',
      },
      {
        label: 'Diselesaikan pada periode ini',
        value: list.filter((x) => x.resolvedAt && Date.parse(x.resolvedAt) < to).length,
        kind: 'int',
      },
      {
        label: 'Belum selesai pada akhir periode',
        value: list.filter((x) => !(x.resolvedAt && Date.parse(x.resolvedAt) < to)).length,
        kind: 'int',
      },
    ];
    const table: DocTable = {
      sheet: 'Permasalahan',
      title: 'Daftar permasalahan website/jaringan',
      columns: [
        col('number', 'No.', 'int', 0.6),
        col('reportedAt', 'Dilaporkan', 'datetime'),
        col('title', 'Permasalahan', 'text', 3),
        col('category', 'Kategori', 'text', 1.2),
        col('severity', 'Tingkat', 'text', 1),
        col('status', 'Status', 'text', 1.2),
        col('resolution', 'Penyelesaian', 'text', 3),
        col('resolvedAt', 'Diselesaikan', 'datetime'),
        col('reportedBy', 'Pelapor', 'text', 1.5),
      ],
      rows: list.map((x) => ({
        number: x.number,
        reportedAt: x.reportedAt,
        title: `${x.title} — ${x.description}`,
        category: CATEGORY_LABELS[x.category],
        severity: SEVERITY_LABELS[x.severity],
        status: statusAtEnd(x.resolvedAt, x.status),
        resolution: x.resolvedAt && Date.parse(x.resolvedAt) < to ? (x.resolution ?? null) : null,
        resolvedAt: x.resolvedAt && Date.parse(x.resolvedAt) < to ? x.resolvedAt : null,
        reportedBy: x.reportedBy.name ?? x.reportedBy.id,
      })),
      empty: 'Tidak ada permasalahan tercatat pada periode ini.',
    };
    return { summary, tables: [table], notes: [] };
  }

  // ---- live links and archive -------------------------------------------------------

  private async liveLinks(office: string, p: { from: string; to: string }) {
    const found = await rows<{
      item_id: string;
      title: string | null;
      content_type: string | null;
      channel: string;
      url: string | null;
      path: string | null;
      first_published_at: Date;
    }>(
      this.ds,
      `SELECT p.item_id, i.title, i.content_type, p.channel, p.url, p.path, p.first_published_at
       FROM reporting.posts p
       LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
       WHERE p.office = $1 AND p.first_published_at < $2
         AND NOT (p.last_retracted_at IS NOT NULL AND p.last_retracted_at < $2
                  AND p.last_retracted_at >= p.last_published_at)
       ORDER BY p.first_published_at, p.item_id, p.channel`,
      [office, p.to],
    );
    const byChannel = new Map<string, number>();
    for (const r of found) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + 1);
    const newInPeriod = found.filter((r) => r.first_published_at.getTime() >= Date.parse(p.from)).length;
    return {
      summary: [
        { label: 'Tautan aktif pada akhir periode', value: found.length, kind: 'int' as const },
        { label: 'Tautan baru pada periode ini', value: newInPeriod, kind: 'int' as const },
        ...[...byChannel]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([c, n]) => ({ label: `Tautan aktif — ${channelLabel(c)}`, value: n, kind: 'int' as const })),
      ],
      tables: [
        {
          sheet: 'Tautan aktif',
          title: 'Daftar tautan aktif',
          columns: [
            col('no', 'No.', 'int', 0.5),
            col('title', 'Judul', 'text', 2.6),
            col('type', 'Jenis', 'text', 1.1),
            col('channel', 'Kanal', 'text', 1),
            col('url', 'Tautan', 'text', 3),
            col('publishedAt', 'Terbit', 'datetime'),
          ],
          rows: found.map((r, i) => ({
            no: i + 1,
            title: r.title ?? r.item_id,
            type: contentTypeLabel(r.content_type),
            channel: channelLabel(r.channel),
            url: r.url ?? r.path ?? null,
            publishedAt: r.first_published_at.toISOString(),
          })),
          empty: 'Belum ada tautan aktif.',
        },
      ],
      notes: ['Tautan aktif: konten yang telah terbit dan tidak ditarik sampai akhir periode.'],
    };
  }

  private async archive(office: string, period: Period) {
    const items = await rows<{
      item_id: string;
      title: string | null;
      content_type: string | null;
      first_published_at: Date;
      url: string | null;
      channels: string[];
    }>(
      this.ds,
      `SELECT i.item_id, i.title, i.content_type, i.first_published_at,
              (SELECT coalesce(max(p.url) FILTER (WHERE p.channel = 'website'), max(p.path), max(p.url))
               FROM reporting.posts p WHERE p.office = i.office AND p.item_id = i.item_id) AS url,
              (SELECT array_agg(p.channel ORDER BY p.channel) FROM reporting.posts p
               WHERE p.office = i.office AND p.item_id = i.item_id) AS channels
       FROM reporting.items i
       WHERE i.office = $1 AND i.first_published_day >= $2 AND i.first_published_day <= $3
       ORDER BY i.first_published_at, i.item_id`,
      [office, period.firstDay, period.lastDay],
    );
    const trails = await rows<{
      item_id: string;
      step_number: number | null;
      step_id: string;
      outcome: string | null;
      by_name: string | null;
      by_id: string | null;
      acted_at: Date;
    }>(
      this.ds,
      `SELECT f.item_id, f.step_number, f.step_id, f.outcome, f.by_name, f.by_id, f.acted_at
       FROM reporting.step_facts f
       WHERE f.office = $1 AND f.item_id = ANY($2::text[]) AND f.acted_at IS NOT NULL
         AND f.step_kind IN ('work', 'review', 'publish')
       ORDER BY f.item_id, f.acted_at, f.step_number, f.attempt`,
      [office, items.map((i) => i.item_id)],
    );
    const tz = (await this.recaps.header(office)).timeZone;
    const trailOf = new Map<string, string[]>();
    for (const t of trails) {
      const who = t.by_name ?? t.by_id;
      const when = localDate(t.acted_at.getTime(), tz);
      const entry = `${t.step_number ?? ''}. ${t.step_id}: ${DECISION_LABELS[t.outcome ?? ''] ?? t.outcome}${who ? ` (${who})` : ''} ${when}`;
      trailOf.set(t.item_id, [...(trailOf.get(t.item_id) ?? []), entry]);
    }
    return {
      summary: [{ label: 'Konten terbit pada periode ini', value: items.length, kind: 'int' as const }],
      tables: [
        {
          sheet: 'Arsip',
          title: 'Arsip konten terbit beserta jejak persetujuan',
          columns: [
            col('no', 'No.', 'int', 0.5),
            col('title', 'Judul', 'text', 2.4),
            col('type', 'Jenis', 'text', 1.1),
            col('channels', 'Kanal', 'text', 1.1),
            col('publishedAt', 'Terbit', 'datetime'),
            col('url', 'Tautan', 'text', 2.2),
            col('trail', 'Jejak pemeriksaan dan persetujuan', 'text', 3.6),
          ],
          rows: items.map((i, n) => ({
            no: n + 1,
            title: i.title ?? i.item_id,
            type: contentTypeLabel(i.content_type),
            channels: (i.channels ?? []).map(channelLabel).join(', '),
            publishedAt: i.first_published_at.toISOString(),
            url: i.url,
            trail: (trailOf.get(i.item_id) ?? []).join('; ') || null,
          })),
          empty: 'Tidak ada konten terbit pada periode ini.',
        },
      ],
      notes: ['Arsip disusun dari catatan proses SOP pada platform (softcopy); cetak untuk arsip hardcopy.'],
    };
  }

  // ---- condition and SLA ------------------------------------------------------------

  private async condition(office: string, period: Period, p: { from: string; to: string }) {
    const recap = await this.recaps.recap(office, period);
    const links = await this.liveLinks(office, p);
    const open = (await this.problems.forPeriod(office, p.from, p.to)).filter(
      (x) => !(x.resolvedAt && Date.parse(x.resolvedAt) < Date.parse(p.to)),
    );
    const retracted = await rows<{
      item_id: string;
      title: string | null;
      last_retracted_at: Date;
      retract_reason: string | null;
    }>(
      this.ds,
      `SELECT p.item_id, i.title, p.last_retracted_at, p.retract_reason FROM reporting.posts p
       LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
       WHERE p.office = $1 AND p.last_retracted_at >= $2 AND p.last_retracted_at < $3
       ORDER BY p.last_retracted_at, p.item_id, p.channel`,
      [office, p.from, p.to],
    );
    const s = recap.summary;
    return {
      summary: [
        ...links.summary,
        { label: 'Konten terbit pada periode ini', value: s.itemsPublished, kind: 'int' as const },
        { label: 'Jumlah pembaca (tayangan halaman)', value: s.views, kind: 'int' as const },
        { label: 'Konten ditarik pada periode ini', value: retracted.length, kind: 'int' as const },
        { label: 'Permasalahan dilaporkan', value: recap.problems.reported, kind: 'int' as const },
        { label: 'Permasalahan diselesaikan', value: recap.problems.resolved, kind: 'int' as const },
        { label: 'Permasalahan belum selesai', value: recap.problems.open, kind: 'int' as const },
        complianceItem(recap),
        { label: 'Pelampauan standar waktu', value: s.breaches, kind: 'int' as const },
      ],
      tables: [
        {
          sheet: 'Permasalahan terbuka',
          title: 'Permasalahan yang belum selesai',
          columns: [
            col('number', 'No.', 'int', 0.6),
            col('reportedAt', 'Dilaporkan', 'datetime'),
            col('title', 'Permasalahan', 'text', 3),
            col('category', 'Kategori', 'text', 1.2),
            col('severity', 'Tingkat', 'text', 1),
            col('status', 'Status', 'text', 1.2),
          ],
          rows: open.map((x) => ({
            number: x.number,
            reportedAt: x.reportedAt,
            title: x.title,
            category: CATEGORY_LABELS[x.category],
            severity: SEVERITY_LABELS[x.severity],
            status: STATUS_LABELS[x.status === 'resolved' ? 'in-progress' : x.status],
          })),
          empty: 'Tidak ada permasalahan yang belum selesai.',
        },
        {
          sheet: 'Konten ditarik',
          title: 'Konten yang ditarik dari website',
          columns: [
            col('title', 'Judul', 'text', 3),
            col('at', 'Ditarik', 'datetime'),
            col('reason', 'Alasan', 'text', 3),
          ],
          rows: retracted.map((r) => ({
            title: r.title ?? r.item_id,
            at: r.last_retracted_at.toISOString(),
            reason: r.retract_reason,
          })),
          empty: 'Tidak ada konten yang ditarik pada periode ini.',
        },
      ],
      notes: links.notes,
    };
  }

  private async sla(office: string, period: Period) {
    const from = period.months[0]!;
    const to = period.months[period.months.length - 1]!;
    const tables: DocTable[] = [];
    let total: SlaFigures | undefined;
    const dims = [
      ['step', 'Per langkah', 'Langkah'],
      ['role', 'Per peran', 'Peran'],
      ['person', 'Per pelaksana', 'Pelaksana'],
      ['content-type', 'Per jenis konten', 'Jenis konten'],
    ] as const;
    for (const [by, title, first] of dims) {
      const result = await this.recaps.slaBreakdownFor(office, by, from, to);
      total = result.total;
      tables.push({
        sheet: title,
        title: `Kepatuhan standar waktu ${title.toLowerCase()}`,
        columns: SLA_COLUMNS(first),
        rows: slaRows(result.rows),
        empty: 'Tidak ada langkah yang selesai pada periode ini.',
      });
    }
    const t = total!;
    return {
      summary: [
        { label: 'Langkah selesai', value: t.closed, kind: 'int' as const },
        { label: 'Langkah dengan standar waktu', value: t.timed, kind: 'int' as const },
        {
          label: 'Kepatuhan standar waktu',
          value: t.timed ? t.compliance : 'Tidak ada langkah berstandar waktu',
          kind: 'ratio' as const,
        },
        { label: 'Waktu tunggu', value: t.waitingMs, kind: 'ms' as const },
        { label: 'Waktu kerja', value: t.workingMs, kind: 'ms' as const },
        { label: 'Waktu pengerjaan ulang', value: t.reworkMs, kind: 'ms' as const },
        { label: 'Serah terima otomatis', value: t.handoffs, kind: 'int' as const },
        { label: 'Waktu serah terima yang dihemat', value: t.savedMinutes, kind: 'minutes' as const },
      ],
      tables,
      notes: SLA_NOTES,
    };
  }
}

const SLA_NOTES = [
  'Semua durasi dihitung dalam jam kerja kantor menurut kalender kerja kantor.',
  'Waktu tunggu: sejak langkah dibuka sampai tugas diambil (klaim) pertama kali; bila tidak pernah diambil, seluruh durasi langkah.',
  'Waktu kerja: sejak tugas diambil sampai keputusan. Pengerjaan ulang: durasi langkah yang dibuka kembali karena dikembalikan, dibebankan pada langkah yang mengembalikan.',
];

function complianceItem(recap: MonthlyRecap): DocSummaryItem {
  const f = recap.summary.sla;
  return {
    label: 'Kepatuhan standar waktu',
    value: f.timed ? f.compliance : 'Tidak ada langkah berstandar waktu',
    kind: 'ratio',
  };
}

/** A recap (monthly or semester) as a document. */
export function recapBody(
  recap: MonthlyRecap | SemesterRecap,
  postsFirst = false,
): Pick<ReportDocument, 'summary' | 'tables' | 'notes'> {
  const s = recap.summary;
  const f = s.sla;
  const summary: DocSummaryItem[] = [
    { label: 'Konten diajukan', value: s.itemsSubmitted, kind: 'int' },
    { label: 'Konten terbit', value: s.itemsPublished, kind: 'int' },
    { label: 'Postingan (semua kanal)', value: s.posts, kind: 'int' },
    { label: 'Jumlah pembaca (tayangan halaman)', value: s.views, kind: 'int' },
    { label: 'Proses selesai', value: s.runsCompleted, kind: 'int' },
    { label: 'Proses ditolak', value: s.runsRejected, kind: 'int' },
    { label: 'Proses dibatalkan', value: s.runsCancelled, kind: 'int' },
    { label: 'Langkah selesai', value: f.closed, kind: 'int' },
    { label: 'Langkah dengan standar waktu', value: f.timed, kind: 'int' },
    complianceItem(recap),
    {
      label: 'Tepat target waktu',
      value: f.timed ? f.targetCompliance : 'Tidak ada langkah berstandar waktu',
      kind: 'ratio',
    },
    { label: 'Pelampauan standar waktu', value: s.breaches, kind: 'int' },
    { label: 'Eskalasi', value: s.escalations, kind: 'int' },
    { label: 'Perpanjangan waktu', value: f.extensions, kind: 'int' },
    { label: 'Dikembalikan untuk perbaikan', value: f.sendBacks, kind: 'int' },
    { label: 'Ditunda', value: s.postponements, kind: 'int' },
    { label: 'Waktu tunggu', value: f.waitingMs, kind: 'ms' },
    { label: 'Waktu kerja', value: f.workingMs, kind: 'ms' },
    { label: 'Waktu pengerjaan ulang', value: f.reworkMs, kind: 'ms' },
    { label: 'Rata-rata waktu siklus (jam kerja)', value: s.cycle.avgWorkingMs, kind: 'ms' },
    { label: 'Median waktu siklus (jam kerja)', value: s.cycle.medianWorkingMs, kind: 'ms' },
    { label: 'Serah terima otomatis', value: f.handoffs, kind: 'int' },
    { label: 'Waktu serah terima yang dihemat', value: f.savedMinutes, kind: 'minutes' },
    { label: 'Permasalahan website dilaporkan', value: recap.problems.reported, kind: 'int' },
    { label: 'Permasalahan website diselesaikan', value: recap.problems.resolved, kind: 'int' },
    { label: 'Permasalahan website belum selesai', value: recap.problems.open, kind: 'int' },
  ];
  const postsTables: DocTable[] = [
    {
      sheet: 'Postingan per jenis',
      title: 'Postingan per jenis konten dan kanal',
      columns: [
        col('type', 'Jenis konten', 'text', 2),
        col('channel', 'Kanal', 'text', 1.5),
        col('posts', 'Postingan', 'int'),
      ],
      rows: recap.postsByTypeAndChannel.map((p) => ({
        type: p.contentTypeLabel,
        channel: p.channelLabel,
        posts: p.posts,
      })),
      empty: 'Tidak ada postingan pada periode ini.',
    },
    {
      sheet: 'Daftar postingan',
      title: 'Daftar postingan dan jumlah pembaca',
      columns: [
        col('no', 'No.', 'int', 0.5),
        col('title', 'Judul', 'text', 3),
        col('type', 'Jenis', 'text', 1.2),
        col('channels', 'Kanal', 'text', 1.3),
        col('publishedAt', 'Terbit', 'datetime'),
        col('views', 'Pembaca', 'int'),
        col('url', 'Tautan', 'text', 2.4),
      ],
      rows: recap.posts.map((p, i) => ({
        no: i + 1,
        title: p.title,
        type: p.contentTypeLabel,
        channels: p.channels.map(channelLabel).join(', '),
        publishedAt: p.firstPublishedAt,
        views: p.views,
        url: p.url ?? null,
      })),
      empty: 'Tidak ada postingan pada periode ini.',
    },
    {
      sheet: 'Paling banyak dibaca',
      title: 'Konten paling banyak dibaca',
      columns: [
        col('no', 'No.', 'int', 0.5),
        col('title', 'Judul', 'text', 3.5),
        col('type', 'Jenis', 'text', 1.3),
        col('views', 'Pembaca', 'int'),
      ],
      rows: recap.topRead.map((r, i) => ({
        no: i + 1,
        title: r.title,
        type: r.contentTypeLabel,
        views: r.views,
      })),
      empty: 'Belum ada pembaca tercatat pada periode ini.',
    },
  ];
  const processTables: DocTable[] = [
    {
      sheet: 'Kepatuhan per langkah',
      title: 'Kepatuhan standar waktu per langkah',
      columns: SLA_COLUMNS('Langkah'),
      rows: slaRows(recap.slaBySteps),
      empty: 'Tidak ada langkah yang selesai pada periode ini.',
    },
    {
      sheet: 'Waktu siklus',
      title: 'Waktu siklus per jenis konten (pengajuan sampai selesai)',
      columns: [
        col('type', 'Jenis konten', 'text', 2),
        col('count', 'Proses selesai', 'int'),
        col('avg', 'Rata-rata (jam kerja)', 'ms'),
        col('median', 'Median (jam kerja)', 'ms'),
        col('elapsed', 'Rata-rata (waktu kalender)', 'ms'),
      ],
      rows: recap.cycleTimes.map((c) => ({
        type: c.contentTypeLabel,
        count: c.count,
        avg: c.avgWorkingMs,
        median: c.medianWorkingMs,
        elapsed: c.avgElapsedMs,
      })),
      empty: 'Tidak ada proses yang selesai pada periode ini.',
    },
    {
      sheet: 'Pengembalian',
      title: 'Konten dikembalikan untuk perbaikan beserta alasannya',
      columns: [
        col('at', 'Tanggal', 'datetime'),
        col('title', 'Judul', 'text', 2.4),
        col('from', 'Dari langkah', 'text', 1.4),
        col('to', 'Ke langkah', 'text', 1.4),
        col('by', 'Oleh', 'text', 1.4),
        col('reason', 'Alasan', 'text', 3),
      ],
      rows: recap.sendBacks.map((b) => ({
        at: b.at,
        title: b.title,
        from: `${b.fromStepNumber}. ${b.fromStep}`,
        to: b.toStep,
        by: b.by ?? null,
        reason: b.reason ?? null,
      })),
      empty: 'Tidak ada konten yang dikembalikan pada periode ini.',
    },
    {
      sheet: 'Ditunda',
      title: 'Konten ditunda',
      columns: [
        col('at', 'Ditunda', 'datetime'),
        col('title', 'Judul', 'text', 2.4),
        col('step', 'Langkah', 'text', 1.4),
        col('by', 'Oleh', 'text', 1.3),
        col('reason', 'Alasan', 'text', 2.4),
        col('status', 'Status', 'text', 1.1),
        col('resumedAt', 'Dilanjutkan', 'datetime'),
      ],
      rows: recap.postponed.map((p) => ({
        at: p.postponedAt,
        title: p.title,
        step: `${p.stepNumber}. ${p.step}`,
        by: p.by ?? null,
        reason: p.reason ?? null,
        status:
          p.status === 'ditunda'
            ? 'Masih ditunda'
            : p.status === 'dilanjutkan'
              ? 'Dilanjutkan'
              : 'Dibatalkan',
        resumedAt: p.resumedAt ?? null,
      })),
      empty: 'Tidak ada konten yang ditunda pada periode ini.',
    },
  ];
  const tables = postsFirst
    ? [...postsTables, ...processTables]
    : [...processTables.slice(0, 1), ...postsTables, ...processTables.slice(1)];
  if ('months' in recap) {
    tables.push({
      sheet: 'Per bulan',
      title: 'Rekap per bulan',
      columns: [
        col('month', 'Bulan', 'text', 1.6),
        col('submitted', 'Diajukan', 'int'),
        col('published', 'Terbit', 'int'),
        col('views', 'Pembaca', 'int'),
        col('compliance', 'Kepatuhan', 'ratio'),
        col('breaches', 'Pelampauan', 'int'),
        col('sendBacks', 'Dikembalikan', 'int'),
        col('cycle', 'Rata-rata siklus', 'ms'),
      ],
      rows: recap.months.map((m) => ({
        month: m.title,
        submitted: m.summary.itemsSubmitted,
        published: m.summary.itemsPublished,
        views: m.summary.views,
        compliance: m.summary.sla.compliance,
        breaches: m.summary.breaches,
        sendBacks: m.summary.sla.sendBacks,
        cycle: m.summary.cycle.avgWorkingMs,
      })),
      empty: '',
    });
  }
  const notes = [...SLA_NOTES, 'Pembaca: jumlah tayangan halaman website kantor.'];
  if (!recap.hasTimeStandards) {
    notes.unshift(
      'SOP kantor ini tidak menetapkan standar waktu; durasi yang dilaporkan adalah hasil pengukuran, tanpa angka kepatuhan.',
    );
  }
  return { summary, tables, notes };
}
