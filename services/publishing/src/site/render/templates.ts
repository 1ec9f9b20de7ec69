// The public site's HTML templates: the layout every page of an office shares, and one
// function per page (home, lists, article, retracted, search, public information, index,
// not found), built from escaped pieces (cards, facts, pager). No data access here.
import { formatCalendarDate, formatDate, formatDateTime, zoneLabel } from '../../common/time';
import { type PageMedia } from '../../content/content-source';
import { type FieldLabel } from '../../content/field-visibility';
import { type PageRow } from '../../publications/pages';
import { type SiteInfo } from '../../sites/sites.service';
import { type PageCard } from '../read-model';
import { type Html, markup, trusted } from './html';
import {
  FIELD_LABELS,
  fileKindLabel,
  fileSize,
  INFORMATION_CATEGORY_LABELS,
  LEGAL_CATEGORY_LABELS,
  MEDIUM_LABELS,
  REGULATION_STATUS_LABELS,
  TYPE_ORDER,
  typeLabel,
} from './labels';
import { CSS } from './styles';

/** What every page of one office needs: the office and the types it has published. */
export interface SiteContext {
  site: SiteInfo;
  types: { type: string; label: string; count: number }[];
  base: string;
}

export function siteTypes(counts: { type: string; count: number }[]): SiteContext['types'] {
  return counts
    .filter((c) => c.count > 0)
    .sort((a, b) => {
      const ia = TYPE_ORDER.indexOf(a.type);
      const ib = TYPE_ORDER.indexOf(b.type);
      if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      return a.type.localeCompare(b.type);
    })
    .map((c) => ({ type: c.type, label: typeLabel(c.type), count: c.count }));
}

const isKpu = (site: SiteInfo) => site.office.startsWith('kpu-') || /^KPU\b/.test(site.name);

function emblem(site: SiteInfo): string {
  if (isKpu(site)) return 'KPU';
  const words = site.name.split(/\s+/).filter((w) => /^[A-Z]/.test(w));
  return (words.map((w) => w[0]).join('') || site.name.slice(0, 2)).slice(0, 3).toUpperCase();
}

const KIND_TAGLINES: Record<string, string> = {
  'kpu-provinsi': 'Komisi Pemilihan Umum Provinsi',
  'kpu-kabupaten': 'Komisi Pemilihan Umum Kabupaten',
  'kpu-kota': 'Komisi Pemilihan Umum Kota',
};

function tagline(site: SiteInfo): string {
  return (
    KIND_TAGLINES[site.kind ?? ''] ?? (isKpu(site) ? 'Komisi Pemilihan Umum' : 'Instansi pemerintah daerah')
  );
}

export interface LayoutOptions {
  title: string;
  description?: string | null;
  /** Nav entry to mark as the current page: `home`, a type code, `informasi-publik`, `cari`. */
  current?: string;
  canonical?: string;
  image?: string | null;
  type?: 'website' | 'article';
  noindex?: boolean;
}

function nav(ctx: SiteContext, current: string | undefined): Html {
  const o = ctx.site.office;
  const item = (key: string, href: string, label: string) =>
    markup`<li><a href="${href}"${current === key ? markup` aria-current="page"` : ''}>${label}</a></li>`;
  return markup`<nav class="main" aria-label="Menu utama"><ul>
${item('home', `/${o}/`, 'Beranda')}
${ctx.types.map((t) => item(t.type, `/${o}/${t.type}/`, t.label))}
${item('informasi-publik', `/${o}/informasi-publik/`, 'Informasi Publik')}
${item('cari', `/${o}/cari`, 'Cari')}
</ul></nav>`;
}

export function layout(ctx: SiteContext, opts: LayoutOptions, main: Html): string {
  const o = ctx.site.office;
  const full = opts.title === ctx.site.name ? ctx.site.name : `${opts.title} — ${ctx.site.name}`;
  const agency = !isKpu(ctx.site);
  const description = opts.description ? opts.description.slice(0, 300) : null;
  return markup`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${full}</title>
${description ? markup`<meta name="description" content="${description}">` : ''}
${opts.noindex ? markup`<meta name="robots" content="noindex">` : ''}
${opts.canonical ? markup`<link rel="canonical" href="${opts.canonical}">` : ''}
<link rel="alternate" type="application/atom+xml" title="${ctx.site.name} (Atom)" href="/${o}/feed.atom">
<link rel="alternate" type="application/rss+xml" title="${ctx.site.name} (RSS)" href="/${o}/feed.rss">
<meta property="og:site_name" content="${ctx.site.name}">
<meta property="og:title" content="${opts.title}">
<meta property="og:type" content="${opts.type ?? 'website'}">
<meta property="og:locale" content="id_ID">
${opts.canonical ? markup`<meta property="og:url" content="${opts.canonical}">` : ''}
${description ? markup`<meta property="og:description" content="${description}">` : ''}
${opts.image ? markup`<meta property="og:image" content="${opts.image}">` : ''}
<style>${trusted(CSS)}</style>
</head>
<body${agency ? markup` class="agency"` : ''}>
<a class="skip" href="#isi">Langsung ke isi utama</a>
<div class="topbar"><div class="wrap">Laman resmi ${ctx.site.name}</div></div>
<header class="site"><div class="wrap">
<span class="emblem" aria-hidden="true">${emblem(ctx.site)}</span>
<div><p class="site-name"><a href="/${o}/">${ctx.site.name}</a></p><p class="tagline">${tagline(ctx.site)}</p></div>
</div></header>
${nav(ctx, opts.current)}
<main id="isi" tabindex="-1"><div class="wrap">
${main}
</div></main>
<footer class="site"><div class="wrap">
<p><strong>${ctx.site.name}</strong></p>
<ul>
<li><a href="/${o}/feed.atom">Atom</a></li>
<li><a href="/${o}/feed.rss">RSS</a></li>
<li><a href="/${o}/sitemap.xml">Peta situs</a></li>
<li><a href="/${o}/api/">API data (JSON)</a></li>
<li><a href="/${o}/jdih.json">Umpan JDIH</a></li>
<li><a href="/${o}/informasi-publik/">Daftar Informasi Publik</a></li>
</ul>
<p>Waktu yang tercantum: ${zoneLabel(ctx.site.timeZone)}. Dikelola dengan Tata Laman.</p>
</div></footer>
</body>
</html>
`.value;
}

// ---- pieces ---------------------------------------------------------------------

const firstImage = (media: PageMedia[]) => media.find((m) => m.kind === 'image');
const firstDocument = (media: PageMedia[]) => media.find((m) => m.kind === 'document');

function href(ctx: SiteContext, c: { type: string; slug: string }): string {
  return `/${ctx.site.office}/${c.type}/${c.slug}`;
}

function dateLine(ctx: SiteContext, c: { publishedAt: Date; correctedAt: Date | null }): Html {
  return markup`<time datetime="${new Date(c.publishedAt).toISOString()}">${formatDate(c.publishedAt, ctx.site.timeZone)}</time>${
    c.correctedAt ? markup` · diperbarui ${formatDate(c.correctedAt, ctx.site.timeZone)}` : ''
  }`;
}

function cardHtml(ctx: SiteContext, c: PageCard, { image = false, headingLevel = 3 } = {}): Html {
  const img = image ? firstImage(c.media) : undefined;
  const title = markup`<a href="${href(ctx, c)}">${c.title}</a>`;
  return markup`<article class="card">
${img ? markup`<img src="${img.path}" alt="${img.alt ?? ''}" loading="lazy" decoding="async">` : ''}
<span class="tag">${typeLabel(c.type)}</span>
${headingLevel === 2 ? markup`<h2 class="h3">${title}</h2>` : markup`<h3>${title}</h3>`}
<p class="meta">${dateLine(ctx, c)}</p>
${c.summary ? markup`<p>${c.summary}</p>` : ''}
</article>`;
}

function listItem(ctx: SiteContext, c: PageCard, extra?: Html, level: 2 | 3 = 3): Html {
  const link = markup`<a href="${href(ctx, c)}">${c.title}</a>`;
  return markup`<li>${level === 2 ? markup`<h2 class="h3">${link}</h2>` : markup`<h3>${link}</h3>`}
<p class="meta">${dateLine(ctx, c)}${extra ? markup` · ${extra}` : ''}</p>
${c.summary ? markup`<p>${c.summary}</p>` : ''}</li>`;
}

function validity(fields: Record<string, unknown>): Html | '' {
  const from = typeof fields.validFrom === 'string' ? formatCalendarDate(fields.validFrom) : null;
  const until = typeof fields.validUntil === 'string' ? formatCalendarDate(fields.validUntil) : null;
  if (from && until) return markup`berlaku ${from} s.d. ${until}`;
  if (from) return markup`berlaku mulai ${from}`;
  if (until) return markup`berlaku sampai ${until}`;
  return '';
}

function statusBadge(status: unknown): Html | '' {
  if (typeof status !== 'string') return '';
  return markup`<span class="badge${status === 'dicabut' ? ' off' : ''}">${REGULATION_STATUS_LABELS[status] ?? status}</span>`;
}

function fieldValue(key: string, value: unknown): Html | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatCalendarDate(value);
  if (key === 'status') return statusBadge(value);
  if (key === 'legalCategory') return LEGAL_CATEGORY_LABELS[String(value)] ?? String(value);
  if (key === 'informationCategory') return INFORMATION_CATEGORY_LABELS[String(value)]?.name ?? String(value);
  if (key === 'medium') return MEDIUM_LABELS[String(value)] ?? String(value);
  if (key === 'readingMinutes') return `${String(value)} menit`;
  return String(value);
}

/**
 * The page's fields under the labels the definition declares (in its order), then the
 * standard fields under the site's own labels. A field with neither label is not shown:
 * the public never reads a raw key.
 */
function facts(fields: Record<string, unknown>, declared: readonly FieldLabel[]): Html | '' {
  const labels = new Map<string, string>(declared.map((d) => [d.key, d.label.id]));
  const standard = Object.keys(FIELD_LABELS).filter((k) => !labels.has(k));
  for (const k of standard) labels.set(k, FIELD_LABELS[k]!);
  const rows = [...labels]
    .filter(([k]) => Object.hasOwn(fields, k))
    .map(([k, label]) => [label, fieldValue(k, fields[k])] as const)
    .filter(([, v]) => v !== null);
  if (!rows.length) return '';
  return markup`<table class="facts"><caption class="visually-hidden">Keterangan</caption><tbody>
${rows.map(([label, v]) => markup`<tr><th scope="row">${label}</th><td>${v}</td></tr>`)}
</tbody></table>`;
}

function fileLink(m: PageMedia): Html {
  return markup`<a href="${m.path}">${m.fileName}</a> <span class="meta">(${fileKindLabel(m.mediaType)}, ${fileSize(m.size)})</span>`;
}

// ---- pages ----------------------------------------------------------------------

export function homePage(
  ctx: SiteContext,
  data: {
    latest: PageCard[];
    byType: { type: string; cards: PageCard[] }[];
    announcements: PageCard[];
    dipCounts: Record<string, number>;
  },
): string {
  const o = ctx.site.office;
  const empty = !data.latest.length;
  const aside = markup`<aside aria-label="Informasi lain">
<section class="box" aria-labelledby="j-pengumuman"><h2 id="j-pengumuman">Pengumuman</h2>
${
  data.announcements.length
    ? markup`<ul class="list">${data.announcements.map((c) => listItem(ctx, c, validity(c.fields) || undefined))}</ul>
<p><a href="/${o}/pengumuman/">Semua pengumuman →</a></p>`
    : markup`<p class="empty">Belum ada pengumuman.</p>`
}
</section>
<section class="box" aria-labelledby="j-dip"><h2 id="j-dip">Informasi Publik</h2><ul>
${Object.entries(INFORMATION_CATEGORY_LABELS).map(
  ([k, v]) =>
    markup`<li><a href="/${o}/informasi-publik/#${k}">${v.name}</a> <span class="meta">(${data.dipCounts[k] ?? 0})</span></li>`,
)}
</ul></section>
</aside>`;
  return layout(
    ctx,
    {
      title: ctx.site.name,
      description: `Berita, pengumuman, regulasi dan informasi publik ${ctx.site.name}.`,
      current: 'home',
      canonical: `${ctx.base}/${o}/`,
    },
    markup`<section class="hero" aria-labelledby="judul">
<h1 id="judul">Selamat datang di laman resmi ${ctx.site.name}</h1>
<p>Berita, pengumuman, regulasi, dan informasi publik dari ${ctx.site.name}.</p>
${searchForm(ctx, '')}
</section>
${
  empty
    ? markup`<div class="cols"><div><div class="box"><h2>Belum ada konten</h2>
<p class="empty">Belum ada konten yang diterbitkan. Konten tampil di sini setelah melalui SOP publikasi ${ctx.site.name}.</p></div></div>
${aside}</div>`
    : markup`<section aria-labelledby="terbaru"><h2 id="terbaru">Terbaru</h2>
<div class="grid">${data.latest.map((c) => cardHtml(ctx, c, { image: true }))}</div></section>
<div class="cols"><div>
${data.byType.map(
  (t) => markup`<section aria-labelledby="j-${t.type}"><h2 id="j-${t.type}">${typeLabel(t.type)}</h2>
<ul class="list">${t.cards.map((c) => listItem(ctx, c))}</ul>
<p><a href="/${o}/${t.type}/">Semua ${typeLabel(t.type).toLowerCase()} →</a></p></section>`,
)}
</div>
${aside}</div>`
}`,
  );
}

function searchForm(ctx: SiteContext, value: string): Html {
  return markup`<form class="search" role="search" action="/${ctx.site.office}/cari" method="get">
<label class="visually-hidden" for="q">Cari di ${ctx.site.name}</label>
<input id="q" name="q" type="search" value="${value}" placeholder="Cari berita, pengumuman, regulasi…" maxlength="200">
<button type="submit">Cari</button>
</form>`;
}

function pager(base: string, page: number, pages: number, extra = ''): Html | '' {
  if (pages <= 1) return '';
  return markup`<nav class="pager" aria-label="Halaman">
<span>${page > 1 ? markup`<a href="${base}?${extra}halaman=${page - 1}" rel="prev">← Sebelumnya</a>` : ''}</span>
<span class="meta">Halaman ${page} dari ${pages}</span>
<span>${page < pages ? markup`<a href="${base}?${extra}halaman=${page + 1}" rel="next">Berikutnya →</a>` : ''}</span>
</nav>`;
}

export const PAGE_SIZE = 20;

export function listPage(
  ctx: SiteContext,
  type: string,
  data: { cards: PageCard[]; total: number; page: number },
): string {
  const o = ctx.site.office;
  const label = typeLabel(type);
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  let body: Html;
  if (!data.cards.length)
    body = markup`<p class="empty">Belum ada ${label.toLowerCase()} yang diterbitkan.</p>`;
  else if (type === 'regulasi')
    body = markup`<div class="scroll"><table class="data"><caption class="visually-hidden">Daftar regulasi</caption>
<thead><tr><th scope="col">Nomor</th><th scope="col">Tahun</th><th scope="col">Judul</th><th scope="col">Status</th><th scope="col">Berkas</th></tr></thead>
<tbody>${data.cards.map((c) => {
      const doc = firstDocument(c.media);
      return markup`<tr><td>${fieldValue('number', c.fields.number) ?? '–'}</td><td>${fieldValue('year', c.fields.year) ?? '–'}</td>
<td><a href="${href(ctx, c)}">${c.title}</a>${c.fields.regulationType ? markup`<br><span class="meta">${String(c.fields.regulationType)}</span>` : ''}</td>
<td>${statusBadge(c.fields.status) || '–'}</td><td>${doc ? fileLink(doc) : '–'}</td></tr>`;
    })}</tbody></table></div>`;
  else if (type === 'pengumuman')
    body = markup`<ul class="list">${data.cards.map((c) =>
      listItem(
        ctx,
        c,
        markup`${c.fields.number ? markup`Nomor ${String(c.fields.number)} ` : ''}${validity(c.fields)}`,
        2,
      ),
    )}</ul>`;
  else
    body = markup`<div class="grid">${data.cards.map((c) => cardHtml(ctx, c, { image: true, headingLevel: 2 }))}</div>`;
  return layout(
    ctx,
    {
      title: data.page > 1 ? `${label} (halaman ${data.page})` : label,
      description: `${label} ${ctx.site.name}.`,
      current: type,
      canonical: `${ctx.base}/${o}/${type}/${data.page > 1 ? `?halaman=${data.page}` : ''}`,
    },
    markup`<p class="crumbs"><a href="/${o}/">Beranda</a> › ${label}</p>
<h1>${label}</h1>
<p class="meta">${data.total} ${label.toLowerCase()} diterbitkan.</p>
${body}
${pager(`/${o}/${type}/`, data.page, pages)}`,
  );
}

export function articlePage(ctx: SiteContext, page: PageRow, others: PageCard[] = []): string {
  const o = ctx.site.office;
  const label = typeLabel(page.type);
  const tz = ctx.site.timeZone;
  const loose = page.media.filter((m) => m.kind === 'image' && !m.inBody);
  // The first image not shown in the body leads the article; the others form a gallery.
  const lead = loose[0];
  const images = loose.slice(1);
  const files = page.media.filter((m) => m.kind !== 'image');
  const image = firstImage(page.media);
  const corrections = [...page.corrections].reverse();
  return layout(
    ctx,
    {
      title: page.title,
      description: page.summary ?? page.body_text.slice(0, 200),
      current: page.type,
      canonical: `${ctx.base}/${o}/${page.type}/${page.slug}`,
      image: image ? ctx.base + image.path : null,
      type: 'article',
    },
    markup`<p class="crumbs"><a href="/${o}/">Beranda</a> › <a href="/${o}/${page.type}/">${label}</a></p>
<div class="cols">
<article class="page" aria-labelledby="judul">
<span class="tag">${label}</span>
<h1 id="judul">${page.title}</h1>
<p class="meta">Diterbitkan <time datetime="${new Date(page.first_published_at).toISOString()}">${formatDateTime(page.first_published_at, tz)}</time>${
      page.corrected_at
        ? markup` · Diperbarui <time datetime="${new Date(page.corrected_at).toISOString()}">${formatDateTime(page.corrected_at, tz)}</time>`
        : ''
    }</p>
${
  corrections.length
    ? markup`<div class="notice fix" role="note" aria-label="Ralat"><p><strong>Ralat / pembaruan</strong></p>
${corrections.map((c) => markup`<p><time datetime="${c.at}">${formatDateTime(c.at, tz)}</time>: ${c.note}</p>`)}</div>`
    : ''
}
${page.summary ? markup`<p class="lead">${page.summary}</p>` : ''}
${
  lead
    ? markup`<figure class="lead-img"><img src="${lead.path}" alt="${lead.alt ?? ''}" decoding="async">${lead.caption ? markup`<figcaption>${lead.caption}</figcaption>` : ''}</figure>`
    : ''
}
${facts(page.fields, page.field_labels)}
<div class="prose">${trusted(page.body_html)}</div>
${
  images.length
    ? markup`<h2>Galeri</h2><div class="gallery">${images.map(
        (m) =>
          markup`<figure><img src="${m.path}" alt="${m.alt ?? ''}" loading="lazy" decoding="async">${m.caption ? markup`<figcaption>${m.caption}</figcaption>` : ''}</figure>`,
      )}</div>`
    : ''
}
${
  files.length
    ? markup`<h2>Dokumen dan berkas</h2><ul class="files">${files.map(
        (m) =>
          markup`<li>${m.kind === 'video' ? markup`<video controls preload="none" src="${m.path}"></video><br>` : ''}${fileLink(m)}${m.caption ? markup`<br><span class="meta">${m.caption}</span>` : ''}</li>`,
      )}</ul>`
    : ''
}
${page.tags.length ? markup`<p class="meta">Label: ${page.tags.join(', ')}</p>` : ''}
<p><a href="/${o}/${page.type}/">← Semua ${label.toLowerCase()}</a></p>
</article>
${
  others.length
    ? markup`<aside class="side box" aria-labelledby="lainnya"><h2 id="lainnya">Terbaru dari ${ctx.site.name}</h2>
<ul class="list">${others.map((c) => listItem(ctx, c, markup`${typeLabel(c.type)}`))}</ul></aside>`
    : ''
}
</div>`,
  );
}

export function retractedPage(ctx: SiteContext, page: PageRow): string {
  const o = ctx.site.office;
  const label = typeLabel(page.type);
  return layout(
    ctx,
    { title: `${page.title} (ditarik)`, current: page.type, noindex: true },
    markup`<p class="crumbs"><a href="/${o}/">Beranda</a> › <a href="/${o}/${page.type}/">${label}</a></p>
<article class="page" aria-labelledby="judul">
<span class="tag">${label}</span>
<h1 id="judul">${page.title}</h1>
<div class="notice gone" role="note" aria-label="Konten ditarik">
<p><strong>Konten ini telah ditarik</strong> pada ${formatDateTime(page.retracted_at!, ctx.site.timeZone)}.</p>
<p>Alasan: ${page.retraction_reason}</p>
</div>
<p><a href="/${o}/${page.type}/">← Semua ${label.toLowerCase()}</a></p>
</article>`,
  );
}

export function searchPage(
  ctx: SiteContext,
  q: string,
  data: { cards: PageCard[]; total: number; page: number } | null,
): string {
  const o = ctx.site.office;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return layout(
    ctx,
    { title: q ? `Pencarian: ${q}` : 'Pencarian', current: 'cari', noindex: true },
    markup`<p class="crumbs"><a href="/${o}/">Beranda</a> › Pencarian</p>
<h1>Pencarian</h1>
${searchForm(ctx, q)}
${
  data
    ? markup`<p class="meta" role="status">${data.total} hasil untuk “${q}”.</p>
${
  data.cards.length
    ? markup`<ul class="list">${data.cards.map((c) => listItem(ctx, c, markup`${typeLabel(c.type)}`, 2))}</ul>`
    : markup`<p class="empty">Tidak ada konten yang cocok. Coba kata lain.</p>`
}
${pager(`/${o}/cari`, data.page, pages, `q=${encodeURIComponent(q)}&`)}`
    : markup`<p class="meta">Tulis kata yang dicari, misalnya “pengumuman”, “regulasi” atau nama kegiatan.</p>`
}`,
  );
}

export function publicInformationPage(ctx: SiteContext, cards: PageCard[]): string {
  const o = ctx.site.office;
  return layout(
    ctx,
    {
      title: 'Daftar Informasi Publik',
      description: `Daftar Informasi Publik ${ctx.site.name} menurut UU 14/2008: berkala, serta-merta, setiap saat.`,
      current: 'informasi-publik',
      canonical: `${ctx.base}/${o}/informasi-publik/`,
    },
    markup`<p class="crumbs"><a href="/${o}/">Beranda</a> › Informasi Publik</p>
<h1>Daftar Informasi Publik</h1>
<p>Informasi publik yang dikuasai ${ctx.site.name}, dikelompokkan menurut Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.</p>
${Object.entries(INFORMATION_CATEGORY_LABELS).map(([key, cat]) => {
  const inCat = cards.filter((c) => c.informationCategory === key);
  return markup`<section class="box" aria-labelledby="${key}"><h2 id="${key}">${cat.name}</h2>
<p class="meta">${cat.description}</p>
${
  inCat.length
    ? markup`<div class="scroll"><table class="data"><caption class="visually-hidden">${cat.name}</caption>
<thead><tr><th scope="col">No.</th><th scope="col">Judul</th><th scope="col">Jenis</th><th scope="col">Tahun / periode</th><th scope="col">Diterbitkan</th><th scope="col">Berkas</th></tr></thead>
<tbody>${inCat.map((c, i) => {
        const doc = firstDocument(c.media);
        const period = [c.fields.period, c.fields.year]
          .filter((v) => v !== undefined && v !== null)
          .join(' ');
        return markup`<tr><td>${i + 1}</td><td><a href="${href(ctx, c)}">${c.title}</a></td><td>${typeLabel(c.type)}</td>
<td>${period || '–'}</td><td>${formatDate(c.publishedAt, ctx.site.timeZone)}</td><td>${doc ? fileLink(doc) : '–'}</td></tr>`;
      })}</tbody></table></div>`
    : markup`<p class="empty">Belum ada informasi dalam kategori ini.</p>`
}</section>`;
})}`,
  );
}

/** The platform's own frame (index of offices, unknown office). */
export function platformPage(title: string, main: Html): string {
  return markup`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<a class="skip" href="#isi">Langsung ke isi utama</a>
<header class="site"><div class="wrap"><span class="emblem" aria-hidden="true">TL</span>
<div><p class="site-name"><a href="/">Tata Laman</a></p><p class="tagline">Laman resmi kantor pemerintah</p></div></div></header>
<main id="isi" tabindex="-1"><div class="wrap">
${main}
</div></main>
<footer class="site"><div class="wrap"><p>Tata Laman: platform bersama laman resmi kantor pemerintah.</p></div></footer>
</body>
</html>
`.value;
}

export function indexPage(sites: readonly SiteInfo[]): string {
  return platformPage(
    'Laman resmi kantor — Tata Laman',
    markup`<h1>Laman resmi kantor</h1>
${
  sites.length
    ? markup`<ul class="list">${sites.map(
        (s) =>
          markup`<li><h2 class="h3"><a href="/${s.office}/">${s.name}</a></h2><p class="meta">/${s.office}/</p></li>`,
      )}</ul>`
    : markup`<p class="empty">Belum ada kantor.</p>`
}`,
  );
}

export function notFoundPage(ctx: SiteContext | null): string {
  const main = markup`<h1>Halaman tidak ditemukan</h1>
<p>Alamat yang Anda buka tidak ada, atau kontennya sudah dipindahkan.</p>
<p>${ctx ? markup`<a href="/${ctx.site.office}/">Kembali ke beranda ${ctx.site.name}</a>` : markup`<a href="/">Lihat daftar laman kantor</a>`}</p>`;
  return ctx
    ? layout(ctx, { title: 'Halaman tidak ditemukan', noindex: true }, main)
    : platformPage('Halaman tidak ditemukan — Tata Laman', main);
}
