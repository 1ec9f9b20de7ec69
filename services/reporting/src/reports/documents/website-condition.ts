// Laporan Kondisi Website: the live links, the month's publishing and reading figures,
// the problems still open and the content retracted in the period.
import { retractedPosts } from '../reports.queries';
import { liveLinks } from './live-links';
import {
  CATEGORY_LABELS,
  col,
  complianceItem,
  type ReportBody,
  type ReportContext,
  SEVERITY_LABELS,
  STATUS_LABELS,
} from './parts';

export async function websiteCondition(ctx: ReportContext): Promise<ReportBody> {
  const { ds, office, period, instants: p, recaps, problems } = ctx;
  const recap = await recaps.recap(office, period);
  const links = await liveLinks(ctx);
  const open = (await problems.forPeriod(office, p.from, p.to)).filter(
    (x) => !(x.resolvedAt && Date.parse(x.resolvedAt) < Date.parse(p.to)),
  );
  const retracted = await retractedPosts(ds, office, p.from, p.to);
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
