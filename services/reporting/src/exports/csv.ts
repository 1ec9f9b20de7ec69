import { stringify } from 'csv-stringify/sync';
import { type ReportDocument } from './document';
import { dataCell, dataLabel } from './format';

/**
 * RFC 4180 CSV (comma, CRLF, UTF-8): a heading block (report, office, period), the
 * summary as `Uraian,Nilai`, then each table under its title, separated by empty lines.
 * Numbers are plain (decimal point), shares in percent, durations in minutes.
 *
 * Written by `csv-stringify` with `escape_formulas`: a text cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return (a title, a name, a reason someone typed) gets a
 * leading `'`, so a spreadsheet shows it instead of running it as a formula. Numbers stay
 * numbers (a negative number is not text).
 */
export function renderCsv(doc: ReportDocument): Buffer {
  const tz = doc.office.timeZone;
  const rows: (string | number)[][] = [
    ['Laporan', doc.title],
    ['Kantor', doc.office.name],
    ['Periode', doc.period.title],
    ['Tanggal', doc.date],
    [],
    ['Ringkasan'],
    ['Uraian', 'Nilai'],
    ...doc.summary.map((s) => [dataLabel(s), dataCell(s.kind, s.value, tz)]),
  ];
  for (const table of doc.tables) {
    rows.push([], [table.title], table.columns.map(dataLabel));
    for (const row of table.rows)
      rows.push(table.columns.map((c) => dataCell(c.kind, row[c.key] ?? null, tz)));
  }
  if (doc.notes.length) rows.push([], ['Catatan'], ...doc.notes.map((n) => [n]));
  return Buffer.from(stringify(rows, { record_delimiter: 'windows', escape_formulas: true }), 'utf8');
}
