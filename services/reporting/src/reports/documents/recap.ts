// The recap documents (Rekapitulasi Bulanan/Semester, Rekapitulasi Postingan dan Jumlah
// Pembaca, the evaluations): one recap of the period, monthly or semester, as figures and
// tables; the posts-and-readers report puts the posts first.
import type { MonthlyRecap, SemesterRecap } from '@tatalaman/contracts';
import type { DocSummaryItem, DocTable } from '../../exports/document';
import { channelLabel } from '../../recaps/labels';
import {
  col,
  complianceItem,
  type ReportBody,
  type ReportContext,
  SLA_COLUMNS,
  SLA_NOTES,
  slaRows,
} from './parts';

/** The recap of the period (a semester's, with its months, for `YYYY-S1`/`YYYY-S2`) as a document. */
export async function recapReport({ code, office, period, recaps }: ReportContext): Promise<ReportBody> {
  const recap = /^\d{4}-S[12]$/.test(period.code)
    ? await recaps.semester(office, period.code)
    : await recaps.recap(office, period);
  return recapBody(recap, code === 'monthly-recap-posts-readers');
}

/** A recap (monthly or semester) as a document. */
function recapBody(recap: MonthlyRecap | SemesterRecap, postsFirst = false): ReportBody {
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
