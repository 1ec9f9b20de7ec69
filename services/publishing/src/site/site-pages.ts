// What each route of an office's site renders to: the pages, the feeds and the JSON API,
// read from the read model. Rendering only: caching and serving are public-site.ts's.
import { itemJson, itemsJson, publicInformationJson, siteJson } from './api';
import { atomFeed, type FeedEntry, jdihFeed, rssFeed, sitemap } from './feeds';
import { ReadModel } from './read-model';
import { TYPE_LABELS } from './render/labels';
import {
  articlePage,
  homePage,
  listPage,
  PAGE_SIZE,
  publicInformationPage,
  retractedPage,
  searchPage,
  type SiteContext,
} from './render/templates';
import { CORS, FEED_CACHE, htmlPage, jsonBody, notFound, type ResponseSpec } from './responses';
import { type Route } from './routes';

/** The latest 20 entries with their bodies and corrections, for the Atom and RSS feeds. */
async function feedEntries(read: ReadModel, office: string): Promise<FeedEntry[]> {
  const { cards } = await read.latest(office, { limit: 20 });
  const pages = await Promise.all(cards.map((c) => read.pageByItem(office, c.itemId)));
  return cards.map((c, i) => ({
    ...c,
    bodyHtml: pages[i]?.body_html ?? '',
    corrections: pages[i]?.corrections ?? [],
  }));
}

/** The response to a route of an office whose site exists (not-found for what it does not have). */
export async function renderRoute(read: ReadModel, ctx: SiteContext, r: Route): Promise<ResponseSpec> {
  const o = ctx.site.office;
  switch (r.kind) {
    case 'home': {
      const [latest, announcements, dip] = await Promise.all([
        read.latest(o, { limit: 6 }),
        read.latest(o, { type: 'pengumuman', limit: 5 }),
        read.publicInformation(o),
      ]);
      const byType = await Promise.all(
        ctx.types
          .filter((t) => t.type !== 'pengumuman')
          .slice(0, 4)
          .map(async (t) => ({
            type: t.type,
            cards: (await read.latest(o, { type: t.type, limit: 3 })).cards,
          })),
      );
      const dipCounts: Record<string, number> = {};
      for (const c of dip) dipCounts[c.informationCategory!] = (dipCounts[c.informationCategory!] ?? 0) + 1;
      return htmlPage(
        homePage(ctx, { latest: latest.cards, byType, announcements: announcements.cards, dipCounts }),
        latest.cards[0]?.updatedAt,
      );
    }
    case 'list': {
      const known = ctx.types.some((t) => t.type === r.type) || Object.hasOwn(TYPE_LABELS, r.type);
      if (!known) return notFound(ctx);
      const data = await read.latest(o, {
        type: r.type,
        limit: PAGE_SIZE,
        offset: (r.page - 1) * PAGE_SIZE,
      });
      return htmlPage(listPage(ctx, r.type, { ...data, page: r.page }), data.cards[0]?.updatedAt);
    }
    case 'page': {
      const page = await read.page(o, r.type, r.slug);
      if (!page) return notFound(ctx);
      if (page.status === 'retracted')
        return { ...htmlPage(retractedPage(ctx, page), page.updated_at), status: 410 };
      const latest = await read.latest(o, { limit: 6 });
      const others = latest.cards.filter((c) => c.itemId !== page.item_id).slice(0, 5);
      return {
        ...htmlPage(articlePage(ctx, page, others), page.updated_at),
        itemId: page.item_id,
        path: `/${o}/${page.type}/${page.slug}`,
      };
    }
    case 'search': {
      const data = r.q
        ? {
            ...(await read.search(o, r.q, { limit: PAGE_SIZE, offset: (r.page - 1) * PAGE_SIZE })),
            page: r.page,
          }
        : null;
      return { ...htmlPage(searchPage(ctx, r.q, data)), cacheControl: 'public, max-age=60' };
    }
    case 'dip':
      return htmlPage(publicInformationPage(ctx, await read.publicInformation(o)));
    case 'atom':
      return {
        status: 200,
        contentType: 'application/atom+xml; charset=utf-8',
        body: atomFeed(ctx, await feedEntries(read, o)),
        cacheControl: FEED_CACHE,
        extraHeaders: CORS,
      };
    case 'rss':
      return {
        status: 200,
        contentType: 'application/rss+xml; charset=utf-8',
        body: rssFeed(ctx, await feedEntries(read, o)),
        cacheControl: FEED_CACHE,
        extraHeaders: CORS,
      };
    case 'sitemap':
      return {
        status: 200,
        contentType: 'application/xml; charset=utf-8',
        body: sitemap(
          ctx,
          await read.all(o),
          ctx.types.map((t) => t.type),
        ),
        cacheControl: FEED_CACHE,
      };
    case 'jdih': {
      const cards = (await read.all(o)).filter(
        (c) => c.type === 'regulasi' || (c.fields.number !== undefined && c.fields.year !== undefined),
      );
      return jsonBody(jdihFeed(ctx, cards), FEED_CACHE);
    }
    case 'api-site':
      return jsonBody(siteJson(ctx));
    case 'api-items': {
      const data = await read.latest(o, {
        type: r.type,
        limit: PAGE_SIZE,
        offset: (r.page - 1) * PAGE_SIZE,
      });
      return jsonBody(itemsJson(ctx, { ...data, page: r.page }, PAGE_SIZE));
    }
    case 'api-item': {
      const page = await read.pageByItem(o, r.itemId);
      if (!page)
        return { ...jsonBody({ error: 'not-found', message: 'Konten tidak ditemukan.' }), status: 404 };
      return { ...jsonBody(itemJson(ctx, page)), status: page.status === 'retracted' ? 410 : 200 };
    }
    case 'api-search': {
      const data = r.q
        ? await read.search(o, r.q, { limit: PAGE_SIZE, offset: (r.page - 1) * PAGE_SIZE })
        : { cards: [], total: 0 };
      return jsonBody(itemsJson(ctx, { ...data, page: r.page }, PAGE_SIZE), 'public, max-age=60');
    }
    case 'api-dip':
      return jsonBody(publicInformationJson(ctx, await read.publicInformation(o)));
    default:
      return notFound(ctx);
  }
}
