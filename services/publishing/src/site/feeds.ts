import { type PageRow } from '../publications/pages';
import { type PageMedia } from '../content/content-source';
import { type PageCard } from './read-model';
import { esc, xml } from './render/html';
import { LEGAL_CATEGORY_LABELS, REGULATION_STATUS_LABELS, typeLabel } from './render/labels';
import { type SiteContext } from './render/templates';

const iso = (d: Date | string) => new Date(d).toISOString();
const updated = (c: { publishedAt: Date; correctedAt: Date | null }) =>
  c.correctedAt && c.correctedAt > c.publishedAt ? c.correctedAt : c.publishedAt;

/** Feed entries carry the full (sanitized) body, so readers need not visit the page. */
export type FeedEntry = PageCard & { bodyHtml: string; corrections: PageRow['corrections'] };

function entryHtml(ctx: SiteContext, e: FeedEntry): string {
  const notes = e.corrections.map((c) => `<p><strong>Ralat:</strong> ${xmlText(c.note)}</p>`).join('');
  const summary = e.summary ? `<p>${xmlText(e.summary)}</p>` : '';
  // Relative file URLs inside the body become absolute for feed readers.
  const body = e.bodyHtml.replace(/(src|href)="\/(?!\/)/g, `$1="${ctx.base}/`);
  return notes + summary + body;
}

const xmlText = (s: string) => xml(s);

/**
 * An item's title in a feed. Atom says what it is: `type="html"`, so the title is written as
 * HTML text (escaped for HTML, then for XML) and every reader shows exactly what staff
 * typed. RSS says nothing, and readers take its titles as HTML (like its description), so
 * it is written the same way: a title with `<`, `&amp;` or quotes shows as typed instead of
 * being read as markup or an entity.
 */
const titleHtml = (title: string) => xml(esc(title));

export function atomFeed(ctx: SiteContext, entries: FeedEntry[]): string {
  const o = ctx.site.office;
  const self = `${ctx.base}/${o}/feed.atom`;
  const newest = entries.reduce<Date | null>((m, e) => (!m || updated(e) > m ? updated(e) : m), null);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">
<title>${xml(ctx.site.name)}</title>
<subtitle>${xml(`Berita, pengumuman dan regulasi ${ctx.site.name}`)}</subtitle>
<id>${xml(`${ctx.base}/${o}/`)}</id>
<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(`${ctx.base}/${o}/`)}"/>
<updated>${iso(newest ?? new Date(0))}</updated>
<author><name>${xml(ctx.site.name)}</name></author>
<generator>Tata Laman</generator>
${entries
  .map((e) => {
    const url = `${ctx.base}/${o}/${e.type}/${e.slug}`;
    return `<entry>
<title type="html">${titleHtml(e.title)}</title>
<id>${xml(`urn:tatalaman:${o}:${e.itemId}`)}</id>
<link rel="alternate" type="text/html" href="${xml(url)}"/>
<published>${iso(e.firstPublishedAt)}</published>
<updated>${iso(updated(e))}</updated>
<category term="${xml(e.type)}" label="${xml(typeLabel(e.type))}"/>
${e.summary ? `<summary>${xml(e.summary)}</summary>` : ''}
<content type="html">${xml(entryHtml(ctx, e))}</content>
</entry>`;
  })
  .join('\n')}
</feed>
`;
}

const RFC822_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC822_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function rfc822(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${RFC822_DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${RFC822_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

export function rssFeed(ctx: SiteContext, entries: FeedEntry[]): string {
  const o = ctx.site.office;
  const newest = entries.reduce<Date | null>((m, e) => (!m || updated(e) > m ? updated(e) : m), null);
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xml(ctx.site.name)}</title>
<link>${xml(`${ctx.base}/${o}/`)}</link>
<description>${xml(`Berita, pengumuman dan regulasi ${ctx.site.name}`)}</description>
<language>id</language>
<atom:link href="${xml(`${ctx.base}/${o}/feed.rss`)}" rel="self" type="application/rss+xml"/>
${newest ? `<lastBuildDate>${rfc822(new Date(newest))}</lastBuildDate>` : ''}
${entries
  .map((e) => {
    const url = `${ctx.base}/${o}/${e.type}/${e.slug}`;
    return `<item>
<title>${titleHtml(e.title)}</title>
<link>${xml(url)}</link>
<guid isPermaLink="false">${xml(`urn:tatalaman:${o}:${e.itemId}`)}</guid>
<pubDate>${rfc822(new Date(e.firstPublishedAt))}</pubDate>
<category>${xml(typeLabel(e.type))}</category>
<description>${xml(entryHtml(ctx, e))}</description>
</item>`;
  })
  .join('\n')}
</channel>
</rss>
`;
}

export function sitemap(ctx: SiteContext, cards: PageCard[], types: string[]): string {
  const o = ctx.site.office;
  const url = (loc: string, lastmod?: Date) =>
    `<url><loc>${xml(loc)}</loc>${lastmod ? `<lastmod>${iso(lastmod)}</lastmod>` : ''}</url>`;
  const newest = cards[0] ? updated(cards[0]) : undefined;
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${url(`${ctx.base}/${o}/`, newest)}
${url(`${ctx.base}/${o}/informasi-publik/`)}
${types.map((t) => url(`${ctx.base}/${o}/${t}/`)).join('\n')}
${cards.map((c) => url(`${ctx.base}/${o}/${c.type}/${c.slug}`, updated(c))).join('\n')}
</urlset>
`;
}

const abbreviations: Record<string, string> = {
  'Peraturan KPU': 'PKPU',
  'Keputusan KPU': 'Kpts KPU',
  'Undang-Undang': 'UU',
  'Peraturan Pemerintah': 'PP',
  'Peraturan Presiden': 'Perpres',
  'Peraturan Daerah': 'Perda',
  'Peraturan Bupati': 'Perbup',
  'Peraturan Wali Kota': 'Perwali',
  'Peraturan Gubernur': 'Pergub',
  'Surat Edaran': 'SE',
};

/**
 * JDIHN-style integration feed: the field names of the JDIHN harvest format (the
 * national legal documentation network), one object per published regulation
 * (`regulasi`) and custom legal-information item that carries a number and year.
 * Documented in docs/publishing.md ("JDIH feed").
 */
export function jdihFeed(ctx: SiteContext, cards: PageCard[]): object[] {
  const o = ctx.site.office;
  return cards.map((c) => {
    const f = c.fields;
    const doc: PageMedia | undefined = c.media.find((m) => m.kind === 'document');
    const jenis = typeof f.regulationType === 'string' ? f.regulationType : typeLabel(c.type);
    const status =
      typeof f.status === 'string' ? (REGULATION_STATUS_LABELS[f.status] ?? f.status) : 'Berlaku';
    return {
      idData: c.itemId,
      tahun_pengundangan: f.year !== undefined ? String(f.year) : '',
      tanggal_pengundangan: typeof f.enactedOn === 'string' ? f.enactedOn : '',
      tanggal_penetapan: typeof f.enactedOn === 'string' ? f.enactedOn : '',
      jenis,
      noPeraturan: f.number !== undefined ? String(f.number) : '',
      judul: c.title,
      noPanggil: '-',
      singkatanJenis: abbreviations[jenis] ?? jenis,
      tempatTerbit: ctx.site.name,
      penerbit: ctx.site.name,
      deskripsiFisik: doc ? `${doc.fileName} (${Math.max(1, Math.round(doc.size / 1024))} KB)` : '-',
      sumber: `${ctx.base}/${o}/${c.type}/${c.slug}`,
      subjek:
        typeof f.legalCategory === 'string'
          ? (LEGAL_CATEGORY_LABELS[f.legalCategory] ?? f.legalCategory)
          : '',
      isbn: '-',
      status,
      bahasa: 'Indonesia',
      bidangHukum: typeof f.legalCategory === 'string' ? f.legalCategory : '',
      teuBadan: ctx.site.name,
      nomorIndukBuku: '-',
      fileDownload: doc ? doc.fileName : '',
      urlDownload: doc ? ctx.base + doc.path : '',
      abstrak: c.summary ?? '',
      urlabstrak: '',
      urlDetailPeraturan: `${ctx.base}/${o}/${c.type}/${c.slug}`,
      ...(typeof f.revokedBy === 'string' ? { keterangan: `Dicabut dengan ${f.revokedBy}` } : {}),
      updated: iso(updated(c)),
    };
  });
}
