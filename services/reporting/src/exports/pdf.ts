import PDFDocument from 'pdfkit';
import { dateTitle } from '../recaps/periods';
import { type CellKind, type DocTable, letterhead, type ReportDocument } from './document';
import { displayCell } from './format';

const MARGIN = 56;
const GREY = '#e6e6e6';

function weightOf(kind: CellKind, given?: number): number {
  if (given) return given;
  switch (kind) {
    case 'text':
      return 3;
    case 'datetime':
    case 'date':
      return 1.6;
    case 'ms':
    case 'minutes':
      return 1.4;
    default:
      return 1;
  }
}

/**
 * An official report on A4: the letterhead (KOMISI PEMILIHAN UMUM and the office for KPU
 * offices), a double rule, the title and period, the summary, each table, notes, the
 * "Mengetahui" signature block and page numbers. `compress: false` writes the content
 * streams uncompressed (tests read the text). The creation date is the document's own, so
 * the same document renders to the same bytes.
 */
export async function renderPdf(
  report: ReportDocument,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const tz = report.office.timeZone;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 60, left: MARGIN, right: MARGIN },
    compress: options.compress ?? true,
    bufferPages: true,
    info: {
      Title: `${report.title} — ${report.period.title}`,
      Author: report.office.name,
      Subject: report.title,
      Creator: 'Tata Laman',
      Producer: 'Tata Laman',
      CreationDate: new Date(report.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN * 2;

  // Letterhead.
  const lines = letterhead(report.office);
  doc.font('Helvetica-Bold').fontSize(14).text(lines[0]!, { align: 'center' });
  for (const l of lines.slice(1)) doc.fontSize(13).text(l, { align: 'center' });
  const y = doc.y + 6;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(MARGIN, y + 3)
    .lineTo(MARGIN + width, y + 3)
    .lineWidth(0.75)
    .stroke();
  doc.lineWidth(1);
  doc.y = y + 16;

  // Title and period.
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(report.title.toUpperCase(), MARGIN, doc.y, { align: 'center', width });
  doc.font('Helvetica').fontSize(10).text(`Periode: ${report.period.title}`, { align: 'center', width });
  doc.moveDown(1);

  // Summary.
  heading(doc, 'Ringkasan');
  doc.font('Helvetica').fontSize(9);
  doc.table({
    columnStyles: [width * 0.62, width * 0.38],
    rowStyles: (i: number) => (i === 0 ? { backgroundColor: GREY } : undefined),
    data: [
      [cellText('Uraian', true), cellText('Nilai', true)],
      ...report.summary.map((s) => [s.label, displayCell(s.kind, s.value, tz)]),
    ],
  });
  doc.moveDown(1);

  report.tables.forEach((t, i) => table(doc, t, `${String.fromCharCode(65 + i)}.`, width, tz));

  if (report.notes.length) {
    heading(doc, 'Catatan');
    doc.font('Helvetica').fontSize(8.5);
    for (const n of report.notes) doc.text(`• ${n}`, MARGIN, doc.y, { width });
    doc.moveDown(1);
  }

  // Signature block, kept together on one page.
  if (doc.y + 150 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const x = MARGIN + width * 0.55;
  const w = width * 0.45;
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(10);
  doc.text(dateTitle(report.date), x, doc.y, { width: w });
  doc.text('Mengetahui,', x, doc.y, { width: w });
  doc.text(report.signatory, x, doc.y, { width: w });
  doc.moveDown(4);
  doc.text('(........................................)', x, doc.y, { width: w });
  doc.text('NIP. ', x, doc.y, { width: w });

  // Page numbers.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const bottom = doc.page.height - doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(
        `${report.office.name} · ${report.title} · ${report.period.title} — halaman ${p - range.start + 1} dari ${range.count}`,
        MARGIN,
        bottom + 24,
        { width, align: 'center', lineBreak: false },
      );
    doc.fillColor('black');
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function cellText(text: string, bold = false) {
  return bold ? { text, font: { src: 'Helvetica-Bold' } } : { text };
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function table(doc: PDFKit.PDFDocument, t: DocTable, prefix: string, width: number, tz: string) {
  heading(doc, `${prefix} ${t.title}`);
  if (!t.rows.length) {
    doc.font('Helvetica-Oblique').fontSize(9).text(t.empty, MARGIN, doc.y, { width });
    doc.moveDown(1);
    return;
  }
  const weights = t.columns.map((c) => weightOf(c.kind, c.weight));
  const sum = weights.reduce((a, b) => a + b, 0);
  doc.font('Helvetica').fontSize(t.columns.length > 7 ? 7 : 8);
  doc.table({
    position: { x: MARGIN, y: doc.y },
    columnStyles: weights.map((w) => (w / sum) * width),
    rowStyles: (i: number) => (i === 0 ? { backgroundColor: GREY } : undefined),
    data: [
      t.columns.map((c) => cellText(c.short ?? c.label, true)),
      ...t.rows.map((r) =>
        t.columns.map((c) => {
          const full = displayCell(c.kind, r[c.key] ?? null, tz);
          const text =
            c.maxChars && full.length > c.maxChars ? `${full.slice(0, c.maxChars - 1).trimEnd()}…` : full;
          return c.kind === 'text' || c.kind === 'datetime' || c.kind === 'date'
            ? text
            : { text, align: { x: 'right' as const, y: 'top' as const } };
        }),
      ),
    ],
  });
  doc.moveDown(1);
}
