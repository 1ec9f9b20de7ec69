import ExcelJS from 'exceljs';
import { type CellKind, type ReportDocument } from './document';
import { dataCell, dataLabel } from './format';

function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Tabel';
  let candidate = base;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 28)} ${i}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** Shares stay shares (shown as %), durations in minutes. */
function xlsxValue(kind: CellKind, value: string | number | null, timeZone: string): string | number | null {
  if (value === null) return null;
  if (kind === 'ratio' && typeof value === 'number') return value;
  return dataCell(kind, value, timeZone);
}

function numFmt(kind: CellKind): string | undefined {
  if (kind === 'ratio') return '0.0%';
  if (kind === 'ms' || kind === 'minutes') return '#,##0.0';
  if (kind === 'int') return '#,##0';
  return undefined;
}

/** A workbook: "Ringkasan" (heading and summary), then one sheet per table. */
export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const tz = doc.office.timeZone;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tata Laman';
  wb.title = doc.title;
  wb.company = doc.office.name;
  wb.created = new Date(doc.createdAt);
  wb.modified = new Date(doc.createdAt);
  const used = new Set<string>();

  const summary = wb.addWorksheet(sheetName('Ringkasan', used));
  summary.columns = [{ width: 48 }, { width: 28 }];
  summary.addRow([doc.title]).font = { bold: true, size: 13 };
  summary.addRow([doc.office.name]);
  summary.addRow([`Periode: ${doc.period.title}`]);
  summary.addRow([]);
  const head = summary.addRow(['Uraian', 'Nilai']);
  head.font = { bold: true };
  for (const s of doc.summary) {
    const row = summary.addRow([s.label, xlsxValue(s.kind, s.value, tz)]);
    const fmt = typeof s.value === 'number' ? numFmt(s.kind) : undefined;
    if (fmt) row.getCell(2).numFmt = fmt;
  }
  if (doc.notes.length) {
    summary.addRow([]);
    summary.addRow(['Catatan']).font = { bold: true };
    for (const n of doc.notes) summary.addRow([n]);
  }

  for (const table of doc.tables) {
    const ws = wb.addWorksheet(sheetName(table.sheet, used));
    ws.addRow([table.title]).font = { bold: true };
    const header = ws.addRow(table.columns.map(dataLabel));
    header.font = { bold: true };
    ws.columns = table.columns.map((c) => ({ width: c.kind === 'text' ? 36 : 16 }));
    for (const r of table.rows) {
      const row = ws.addRow(table.columns.map((c) => xlsxValue(c.kind, r[c.key] ?? null, tz)));
      table.columns.forEach((c, i) => {
        const fmt = numFmt(c.kind);
        if (fmt && typeof r[c.key] === 'number') row.getCell(i + 1).numFmt = fmt;
      });
    }
    if (!table.rows.length) ws.addRow([table.empty]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
