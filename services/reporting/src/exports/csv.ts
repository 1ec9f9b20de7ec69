import { type ReportDocument } from './document';
import { dataCell, dataLabel } from './format';

function field(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: (string | number)[]) => cells.map(field).join(',');

/**
 * RFC 4180 CSV (comma, CRLF, UTF-8): a heading block (report, office, period), the
 * summary as `Uraian,Nilai`, then each table under its title, separated by empty lines.
 * Numbers are plain (decimal point), shares in percent, durations in minutes.
 */
export function renderCsv(doc: ReportDocument): Buffer {
  const tz = doc.office.timeZone;
  const out: string[] = [
    line(['Laporan', doc.title]),
    line(['Kantor', doc.office.name]),
    line(['Periode', doc.period.title]),
    line(['Tanggal', doc.date]),
    '',
    line(['Ringkasan']),
    line(['Uraian', 'Nilai']),
    ...doc.summary.map((s) => line([dataLabel(s), dataCell(s.kind, s.value, tz)])),
  ];
  for (const table of doc.tables) {
    out.push('', line([table.title]), line(table.columns.map(dataLabel)));
    for (const row of table.rows)
      out.push(line(table.columns.map((c) => dataCell(c.kind, row[c.key] ?? null, tz))));
  }
  if (doc.notes.length) out.push('', line(['Catatan']), ...doc.notes.map((n) => line([n])));
  return Buffer.from(out.join('\r\n') + '\r\n', 'utf8');
}
