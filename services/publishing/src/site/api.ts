import { type PageMedia } from '../content/content-source';
import { type PageRow } from '../publications/pages';
import { type PageCard } from './read-model';
import { INFORMATION_CATEGORY_LABELS, typeLabel } from './render/labels';
import { type SiteContext } from './render/templates';

/** The public JSON API of an office site (read only, same data as the pages). */

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function file(ctx: SiteContext, m: PageMedia) {
  return {
    attachmentId: m.attachmentId,
    kind: m.kind,
    fileName: m.fileName,
    mediaType: m.mediaType,
    size: m.size,
    sha256: m.sha256,
    alt: m.alt,
    caption: m.caption,
    url: ctx.base + m.path,
  };
}

function cardJson(ctx: SiteContext, c: PageCard) {
  const o = ctx.site.office;
  const image = c.media.find((m) => m.kind === 'image');
  return {
    itemId: c.itemId,
    type: c.type,
    typeLabel: typeLabel(c.type),
    title: c.title,
    summary: c.summary,
    url: `${ctx.base}/${o}/${c.type}/${c.slug}`,
    api: `${ctx.base}/${o}/api/items/${c.itemId}`,
    publishedAt: iso(c.firstPublishedAt),
    updatedAt: iso(c.correctedAt ?? c.publishedAt),
    informationCategory: c.informationCategory,
    fields: c.fields,
    fieldLabels: c.fieldLabels,
    image: image ? { url: ctx.base + image.path, alt: image.alt } : null,
    documents: c.media.filter((m) => m.kind === 'document').map((m) => file(ctx, m)),
  };
}

export function siteJson(ctx: SiteContext) {
  const o = ctx.site.office;
  return {
    office: { code: o, name: ctx.site.name, timeZone: ctx.site.timeZone },
    types: ctx.types.map((t) => ({
      type: t.type,
      label: t.label,
      count: t.count,
      url: `${ctx.base}/${o}/${t.type}/`,
      api: `${ctx.base}/${o}/api/items?type=${t.type}`,
    })),
    links: {
      items: `${ctx.base}/${o}/api/items`,
      search: `${ctx.base}/${o}/api/search?q=`,
      publicInformation: `${ctx.base}/${o}/api/public-information`,
      atom: `${ctx.base}/${o}/feed.atom`,
      rss: `${ctx.base}/${o}/feed.rss`,
      sitemap: `${ctx.base}/${o}/sitemap.xml`,
      jdih: `${ctx.base}/${o}/jdih.json`,
    },
  };
}

export function itemsJson(
  ctx: SiteContext,
  data: { cards: PageCard[]; total: number; page: number },
  size: number,
) {
  return {
    items: data.cards.map((c) => cardJson(ctx, c)),
    page: data.page,
    pages: Math.max(1, Math.ceil(data.total / size)),
    total: data.total,
  };
}

export function itemJson(ctx: SiteContext, p: PageRow) {
  const o = ctx.site.office;
  const base = {
    itemId: p.item_id,
    type: p.type,
    typeLabel: typeLabel(p.type),
    title: p.title,
    url: `${ctx.base}/${o}/${p.type}/${p.slug}`,
    status: p.status,
  };
  if (p.status === 'retracted')
    return { ...base, retractedAt: iso(p.retracted_at), retractionReason: p.retraction_reason };
  return {
    ...base,
    summary: p.summary,
    language: p.language,
    bodyHtml: p.body_html.replace(/(src|href)="\/(?!\/)/g, `$1="${ctx.base}/`),
    fields: p.fields,
    fieldLabels: p.field_labels,
    tags: p.tags,
    informationCategory: p.information_category,
    revision: p.content_revision,
    publishedAt: iso(p.first_published_at),
    updatedAt: iso(p.corrected_at ?? p.published_at),
    corrections: p.corrections,
    media: p.media.map((m) => file(ctx, m)),
  };
}

export function publicInformationJson(ctx: SiteContext, cards: PageCard[]) {
  return {
    categories: Object.entries(INFORMATION_CATEGORY_LABELS).map(([code, c]) => ({
      code,
      name: c.name,
      items: cards.filter((x) => x.informationCategory === code).map((x) => cardJson(ctx, x)),
    })),
  };
}
