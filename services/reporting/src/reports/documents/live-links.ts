// Arsip Tautan Aktif: every post live at the period's end (published, not retracted since),
// counted per channel.
import { channelLabel, contentTypeLabel } from '../../recaps/labels';
import { livePosts } from '../reports.queries';
import { col, type ReportBody, type ReportContext } from './parts';

export async function liveLinks({ ds, office, instants: p }: ReportContext): Promise<ReportBody> {
  const found = await livePosts(ds, office, p.to);
  const byChannel = new Map<string, number>();
  for (const r of found) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + 1);
  const newInPeriod = found.filter((r) => r.first_published_at.getTime() >= Date.parse(p.from)).length;
  return {
    summary: [
      { label: 'Tautan aktif pada akhir periode', value: found.length, kind: 'int' as const },
      { label: 'Tautan baru pada periode ini', value: newInPeriod, kind: 'int' as const },
      ...[...byChannel]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, n]) => ({ label: `Tautan aktif — ${channelLabel(c)}`, value: n, kind: 'int' as const })),
    ],
    tables: [
      {
        sheet: 'Tautan aktif',
        title: 'Daftar tautan aktif',
        columns: [
          col('no', 'No.', 'int', 0.5),
          col('title', 'Judul', 'text', 2.6),
          col('type', 'Jenis', 'text', 1.1),
          col('channel', 'Kanal', 'text', 1),
          col('url', 'Tautan', 'text', 3),
          col('publishedAt', 'Terbit', 'datetime'),
        ],
        rows: found.map((r, i) => ({
          no: i + 1,
          title: r.title ?? r.item_id,
          type: contentTypeLabel(r.content_type),
          channel: channelLabel(r.channel),
          url: r.url ?? r.path ?? null,
          publishedAt: r.first_published_at.toISOString(),
        })),
        empty: 'Belum ada tautan aktif.',
      },
    ],
    notes: ['Tautan aktif: konten yang telah terbit dan tidak ditarik sampai akhir periode.'],
  };
}
