// Inventarisasi Permasalahan Website/Jaringan: the problems of the period, each with its
// status at the period's end.
import type { ProblemStatus } from '@tatalaman/contracts';
import type { DocSummaryItem, DocTable } from '../../exports/document';
import { CATEGORY_LABELS, col, type ReportBody, type ReportContext, SEVERITY_LABELS } from './parts';

export async function problemInventory({
  office,
  instants: p,
  problems,
}: ReportContext): Promise<ReportBody> {
  const list = await problems.forPeriod(office, p.from, p.to);
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
