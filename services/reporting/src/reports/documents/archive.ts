// Arsip Konten Website (also Dokumentasi Luring Publikasi): the items first published in
// the period, each with the trail of who worked, reviewed and published it.
import { localDate } from '@tatalaman/working-time';
import { channelLabel, contentTypeLabel } from '../../recaps/labels';
import { approvalTrails, publishedItems } from '../reports.queries';
import { col, DECISION_LABELS, type ReportBody, type ReportContext } from './parts';

export async function archive({ ds, office, period, header }: ReportContext): Promise<ReportBody> {
  const items = await publishedItems(ds, office, period.firstDay, period.lastDay);
  const trails = await approvalTrails(
    ds,
    office,
    items.map((i) => i.item_id),
  );
  const tz = header.timeZone;
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
