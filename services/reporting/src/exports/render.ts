import { type ReportFile, type ReportFormat } from '@tatalaman/contracts';
import { renderCsv } from './csv';
import { type ReportDocument } from './document';
import { renderPdf } from './pdf';
import { renderXlsx } from './xlsx';

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

/** `<office>-<report>-<period>.<ext>`: plain ASCII, safe in Content-Disposition. */
export function fileNameOf(doc: ReportDocument, format: ReportFormat): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe(doc.office.code)}-${safe(doc.report)}-${safe(doc.period.code)}.${format}`;
}

export async function renderBytes(
  doc: ReportDocument,
  format: ReportFormat,
  options: { compressPdf?: boolean } = {},
): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(doc);
    case 'xlsx':
      return renderXlsx(doc);
    case 'pdf':
      return renderPdf(doc, { compress: options.compressPdf ?? true });
    case 'json':
      return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
  }
}

/** A document as a file to download. */
export async function renderFile(
  doc: ReportDocument,
  format: ReportFormat,
  options: { compressPdf?: boolean } = {},
): Promise<ReportFile> {
  const bytes = await renderBytes(doc, format, options);
  return {
    fileName: fileNameOf(doc, format),
    mediaType: MEDIA_TYPES[format],
    contentBase64: bytes.toString('base64'),
  };
}
