// Kepatuhan Standar Waktu Pelaksanaan SOP: the period's SLA figures in total and broken
// down per step, role, person and content type.
import type { DeadlineFigures, SlaFigures } from '@tatalaman/contracts';
import type { DocTable } from '../../exports/document';
import { type ReportBody, type ReportContext, SLA_COLUMNS, SLA_NOTES, slaRows } from './parts';

const BREAKDOWNS = [
  ['step', 'Per langkah', 'Langkah'],
  ['role', 'Per peran', 'Peran'],
  ['person', 'Per pelaksana', 'Pelaksana'],
  ['content-type', 'Per jenis konten', 'Jenis konten'],
] as const;

export async function slaCompliance({ office, period, recaps }: ReportContext): Promise<ReportBody> {
  const from = period.months[0]!;
  const to = period.months[period.months.length - 1]!;
  const tables: DocTable[] = [];
  let total: SlaFigures | undefined;
  let deadlines: DeadlineFigures | undefined;
  for (const [by, title, first] of BREAKDOWNS) {
    const result = await recaps.slaBreakdownFor(office, by, from, to);
    total = result.total;
    deadlines = result.deadlines;
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
      // Deadlines across steps ("answer within 10 working days") of the runs that ended.
      { label: 'Batas waktu lintas langkah terpenuhi', value: deadlines!.met, kind: 'int' as const },
      { label: 'Batas waktu lintas langkah diperpanjang', value: deadlines!.extended, kind: 'int' as const },
      { label: 'Batas waktu lintas langkah terlampaui', value: deadlines!.breached, kind: 'int' as const },
    ],
    tables,
    notes: SLA_NOTES,
  };
}
