import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { OFFICE_SLUG } from '@tatalaman/contracts';
import { PublicMediaStore } from '../content/public-media';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { type SiteInfo, Sites } from '../sites/sites.service';
import { ViewCounter } from '../views/view-counter';
import { itemJson, itemsJson, publicInformationJson, siteJson } from './api';
import { type FastLane, type FastLaneSite } from './fast-lane';
import { atomFeed, type FeedEntry, jdihFeed, rssFeed, sitemap } from './feeds';
import { type Entry, type EntrySpec, LruCache, makeEntry, Semaphore, sendEntry } from './page-cache';
import { ReadModel } from './read-model';
import { TYPE_LABELS } from './render/labels';
import { CSS_HASH, FONT_FILES } from './render/styles';
import {
  articlePage,
  homePage,
  indexPage,
  listPage,
  notFoundPage,
  PAGE_SIZE,
  publicInformationPage,
  retractedPage,
  searchPage,
  type SiteContext,
  siteTypes,
} from './render/templates';

type Route =
  | { kind: 'index' }
  | { kind: 'robots' }
  | { kind: 'font'; name: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found'; office?: string }
  | { kind: 'home' | 'atom' | 'rss' | 'sitemap' | 'jdih' | 'dip' | 'api-site' | 'api-dip'; office: string }
  | { kind: 'list'; office: string; type: string; page: number }
  | { kind: 'page'; office: string; type: string; slug: string }
  | { kind: 'search' | 'api-search'; office: string; q: string; page: number }
  | { kind: 'api-items'; office: string; type?: string; page: number }
  | { kind: 'api-item'; office: string; itemId: string }
  | { kind: 'media'; office: string; attachmentId: string };

const TYPE = /^[a-z][a-z0-9-]{0,63}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RESERVED = new Set(['cari', 'api', 'berkas', 'informasi-publik']);

const HTML = 'text/html; charset=utf-8';
const SECURITY = [
  'Content-Security-Policy',
  `default-src 'none'; img-src 'self'; media-src 'self'; font-src 'self'; style-src ${CSS_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'Referrer-Policy',
  'strict-origin-when-cross-origin',
  'X-Frame-Options',
  'DENY',
];
const CORS = ['Access-Control-Allow-Origin', '*'];
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400';
const FEED_CACHE = 'public, max-age=300, stale-if-error=86400';
const SHORT_CACHE = 'public, max-age=30';

function param(query: string, name: string): string | undefined {
  if (!query) return undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function pageParam(query: string): number {
  const n = Number(param(query, 'halaman') ?? param(query, 'page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}

function searchText(query: string): string {
  return (param(query, 'q') ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Maps a URL to a route. Unknown query parameters are ignored (they never split the cache). */
export function route(url: string): Route {
  const qi = url.indexOf('?');
  const path = qi < 0 ? url : url.slice(0, qi);
  const query = qi < 0 ? '' : url.slice(qi + 1);
  if (path === '/' || path === '') return { kind: 'index' };
  if (path === '/robots.txt') return { kind: 'robots' };
  const parts = path.split('/');
  // `_fonts` cannot be an office slug.
  if (parts[1] === '_fonts' && parts.length === 3) return { kind: 'font', name: parts[2]! };
  // parts[0] is '' (leading slash); a trailing slash leaves a '' at the end.
  const office = parts[1]!;
  if (!OFFICE_SLUG.test(office)) return { kind: 'not-found' };
  const a = parts[2];
  const b = parts[3];
  const c = parts[4];
  const trailing = parts[parts.length - 1] === '';
  if (a === undefined) return { kind: 'redirect', location: `/${office}/` };
  if (a === '' && parts.length === 3) return { kind: 'home', office };
  if (parts.length === 3) {
    switch (a) {
      case 'feed.atom':
        return { kind: 'atom', office };
      case 'feed.rss':
        return { kind: 'rss', office };
      case 'sitemap.xml':
        return { kind: 'sitemap', office };
      case 'jdih.json':
        return { kind: 'jdih', office };
      case 'cari':
        return { kind: 'search', office, q: searchText(query), page: pageParam(query) };
    }
    if (TYPE.test(a)) return { kind: 'redirect', location: `/${office}/${a}/` };
    return { kind: 'not-found', office };
  }
  if (a === 'informasi-publik' && b === '' && parts.length === 4) return { kind: 'dip', office };
  if (a === 'api') {
    if (b === '' && parts.length === 4) return { kind: 'api-site', office };
    if (b === 'items' && parts.length === 4) {
      const type = param(query, 'type');
      return {
        kind: 'api-items',
        office,
        type: type && TYPE.test(type) ? type : undefined,
        page: pageParam(query),
      };
    }
    if (b === 'items' && c && UUID.test(c) && parts.length === 5)
      return { kind: 'api-item', office, itemId: c };
    if (b === 'search' && parts.length === 4)
      return { kind: 'api-search', office, q: searchText(query), page: pageParam(query) };
    if (b === 'public-information' && parts.length === 4) return { kind: 'api-dip', office };
    return { kind: 'not-found', office };
  }
  if (a === 'berkas' && b && UUID.test(b) && parts.length === 5)
    return { kind: 'media', office, attachmentId: b };
  if (!TYPE.test(a) || RESERVED.has(a)) return { kind: 'not-found', office };
  if (b === '' && parts.length === 4) return { kind: 'list', office, type: a, page: pageParam(query) };
  if (b && SLUG.test(b) && parts.length === 4 && !trailing) return { kind: 'page', office, type: a, slug: b };
  if (b && SLUG.test(b) && parts.length === 5 && trailing)
    return { kind: 'redirect', location: `/${office}/${a}/${b}` };
  return { kind: 'not-found', office };
}

function cacheKey(r: Route): string | null {
  switch (r.kind) {
    case 'redirect':
    case 'robots':
    case 'font':
    case 'media':
      return null;
    case 'index':
      return 'index';
    case 'not-found':
      return `404|${r.office ?? ''}`;
    case 'list':
      return `list|${r.office}|${r.type}|${r.page}`;
    case 'page':
      return `page|${r.office}|${r.type}|${r.slug}`;
    case 'search':
    case 'api-search':
      return `${r.kind}|${r.office}|${r.page}|${r.q.toLowerCase()}`;
    case 'api-items':
      return `api-items|${r.office}|${r.type ?? ''}|${r.page}`;
    case 'api-item':
      return `api-item|${r.office}|${r.itemId}`;
    default:
      return `${r.kind}|${r.office}`;
  }
}

/**
 * The public websites, served straight from Node's `http` server in front of Nest
 * (`main.ts` mounts it; only `/health` goes on to Nest). Every response is rendered once
 * per site version from the read model, kept in memory with its gzip and brotli variants,
 * ETag and Last-Modified, and served from there until the office's site changes. Misses
 * render one at a time per URL (concurrent requests wait for the same render), at most
 * `renderConcurrency` at once, and fall back to the previous rendering if the database
 * fails. Page views are counted in memory.
 */
@Injectable()
export class PublicSite implements FastLaneSite, BeforeApplicationShutdown {
  private readonly logger = new Logger('PublicSite');
  private readonly cache: LruCache<Entry>;
  private readonly mediaCache: LruCache<Entry>;
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly contexts = new Map<string, { version: number; ctx: Promise<SiteContext> }>();
  private readonly renders: Semaphore;
  private lane?: FastLane;
  private readonly keys = new Map<string, string | null>();

  constructor(
    private readonly sites: Sites,
    private readonly read: ReadModel,
    private readonly views: ViewCounter,
    private readonly media: PublicMediaStore,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {
    this.cache = new LruCache(options.pageCacheBytes);
    this.mediaCache = new LruCache(options.mediaCacheBytes);
    this.renders = new Semaphore(options.renderConcurrency);
  }

  useFastLane(lane: FastLane): void {
    this.lane = lane;
  }

  /** Requests the fast lane answered and connections it handed to Node (tests, diagnostics). */
  get fastLaneStats(): { fast: number; handedOff: number } | undefined {
    return this.lane?.stats;
  }

  /** Before the HTTP server closes: the fast lane lets its keep-alive connections go. */
  beforeApplicationShutdown(): void {
    this.lane?.shutdown();
  }

  /** A fresh cached response for this URL, without rendering (the fast lane's question). */
  lookup(url: string): Entry | undefined {
    // URLs repeat: their cache keys are remembered (bounded) rather than parsed per request.
    let key = this.keys.get(url);
    if (key === undefined) {
      key = url.startsWith('/health') ? null : cacheKey(route(url));
      if (this.keys.size >= 50_000) this.keys.clear();
      this.keys.set(url, key);
    }
    if (!key) return undefined;
    const hit = this.cache.get(key);
    return hit && hit.version === this.versionOf(hit.office) ? hit : undefined;
  }

  /** Counts a page view when an article page was served (200 or 304, GET). */
  served(entry: Entry, status: number, method: string): void {
    if (entry.itemId && (status === 200 || status === 304) && method === 'GET') {
      const site = this.sites.get(entry.office);
      if (site) this.views.hit(entry.office, entry.itemId, entry.path!, site.timeZone);
    }
  }

  /** Answers the request unless it is for Nest (`/health`); returns whether it did. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    if (url === '/health' || url.startsWith('/health?') || url.startsWith('/health/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, ['Allow', 'GET, HEAD', 'Content-Type', 'text/plain; charset=utf-8']);
      res.end('Metode tidak diizinkan / Method not allowed\n');
      return true;
    }
    const r = route(url);
    const key = cacheKey(r);
    if (key) {
      const hit = this.cache.get(key);
      if (hit && hit.version === this.versionOf(hit.office)) {
        this.send(req, res, hit);
        return true;
      }
      void this.miss(req, res, r, key, hit);
      return true;
    }
    if (r.kind === 'redirect') {
      res.writeHead(301, ['Location', r.location, 'Cache-Control', 'public, max-age=3600']);
      res.end();
    } else if (r.kind === 'robots') {
      const lines = ['User-agent: *', 'Allow: /'];
      for (const s of this.sites.list())
        lines.push(`Sitemap: ${this.options.publicBaseUrl}/${s.office}/sitemap.xml`);
      res.writeHead(200, ['Content-Type', 'text/plain; charset=utf-8', 'Cache-Control', FEED_CACHE]);
      res.end(lines.join('\n') + '\n');
    } else if (r.kind === 'font') {
      const bytes = FONT_FILES.get(r.name);
      if (!bytes) {
        res.writeHead(404, ['Content-Type', 'text/plain; charset=utf-8']);
        res.end('Tidak ditemukan / Not found\n');
      } else {
        // The name carries the content hash: a changed file gets a new name.
        res.writeHead(200, [
          'Content-Type',
          'font/woff2',
          'Content-Length',
          String(bytes.length),
          'Cache-Control',
          'public, max-age=31536000, immutable',
        ]);
        res.end(req.method === 'HEAD' ? undefined : bytes);
      }
    } else if (r.kind === 'media') {
      void this.serveMedia(req, res, r.office, r.attachmentId);
    }
    return true;
  }

  private versionOf(office: string): number {
    return office === '' ? this.sites.epoch : (this.sites.get(office)?.version ?? -1);
  }

  private send(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    this.served(entry, sendEntry(req, res, entry), req.method ?? 'GET');
  }

  private async miss(
    req: IncomingMessage,
    res: ServerResponse,
    r: Route,
    key: string,
    stale: Entry | undefined,
  ): Promise<void> {
    let entry: Entry;
    try {
      let pending = this.inflight.get(key);
      if (!pending) {
        pending = this.renders.run(() => this.render(r)).finally(() => this.inflight.delete(key));
        this.inflight.set(key, pending);
      }
      entry = await pending;
      this.cache.set(key, entry);
    } catch (error) {
      this.logger.warn(
        `rendering ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (stale) {
        // The database is away: the last good rendering is better than an error page.
        sendEntry(req, res, stale);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(503, ['Content-Type', 'text/plain; charset=utf-8', 'Retry-After', '5']);
        res.end(
          'Laman sedang tidak dapat ditampilkan; coba lagi sebentar lagi.\nThe page cannot be shown right now; try again shortly.\n',
        );
      }
      return;
    }
    this.send(req, res, entry);
  }

  private context(site: SiteInfo): Promise<SiteContext> {
    const known = this.contexts.get(site.office);
    if (known && known.version === site.version) return known.ctx;
    const ctx = this.read.typeCounts(site.office).then((counts) => ({
      site,
      types: siteTypes(counts),
      base: this.options.publicBaseUrl,
    }));
    ctx.catch(() => this.contexts.delete(site.office));
    this.contexts.set(site.office, { version: site.version, ctx });
    return ctx;
  }

  private async render(r: Route): Promise<Entry> {
    if (r.kind === 'index') {
      const epoch = this.sites.epoch;
      return makeEntry({
        office: '',
        version: epoch,
        status: 200,
        contentType: HTML,
        body: indexPage(this.sites.list()),
        cacheControl: PAGE_CACHE,
        extraHeaders: SECURITY,
      });
    }
    const office = 'office' in r ? r.office : undefined;
    const site = office ? this.sites.get(office) : undefined;
    if (!site) {
      return makeEntry({
        office: '',
        version: this.sites.epoch,
        status: 404,
        contentType: HTML,
        body: notFoundPage(null),
        cacheControl: SHORT_CACHE,
        extraHeaders: SECURITY,
      });
    }
    // The version is read before the data: a change committed meanwhile makes this stale at once.
    const version = site.version;
    const ctx = await this.context(site);
    const spec = await this.renderSite(ctx, r);
    return makeEntry({ office: site.office, version, ...spec });
  }

  private notFound(ctx: SiteContext): Omit<EntrySpec, 'office' | 'version'> {
    return {
      status: 404,
      contentType: HTML,
      body: notFoundPage(ctx),
      cacheControl: SHORT_CACHE,
      extraHeaders: SECURITY,
    };
  }

  private async feedEntries(office: string): Promise<FeedEntry[]> {
    const { cards } = await this.read.latest(office, { limit: 20 });
    const pages = await Promise.all(cards.map((c) => this.read.pageByItem(office, c.itemId)));
    return cards.map((c, i) => ({
      ...c,
      bodyHtml: pages[i]?.body_html ?? '',
      corrections: pages[i]?.corrections ?? [],
    }));
  }

  private async renderSite(ctx: SiteContext, r: Route): Promise<Omit<EntrySpec, 'office' | 'version'>> {
    const o = ctx.site.office;
    const json = (body: unknown, cacheControl = PAGE_CACHE) => ({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(body),
      cacheControl,
      extraHeaders: CORS,
    });
    const htmlPage = (body: string, lastModified?: Date | null) => ({
      status: 200,
      contentType: HTML,
      body,
      cacheControl: PAGE_CACHE,
      extraHeaders: SECURITY,
      lastModified,
    });
    switch (r.kind) {
      case 'home': {
        const [latest, announcements, dip] = await Promise.all([
          this.read.latest(o, { limit: 6 }),
          this.read.latest(o, { type: 'pengumuman', limit: 5 }),
          this.read.publicInformation(o),
        ]);
        const byType = await Promise.all(
          ctx.types
            .filter((t) => t.type !== 'pengumuman')
            .slice(0, 4)
            .map(async (t) => ({
              type: t.type,
              cards: (await this.read.latest(o, { type: t.type, limit: 3 })).cards,
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
        const known = ctx.types.some((t) => t.type === r.type) || r.type in TYPE_LABELS;
        if (!known) return this.notFound(ctx);
        const data = await this.read.latest(o, {
          type: r.type,
          limit: PAGE_SIZE,
          offset: (r.page - 1) * PAGE_SIZE,
        });
        return htmlPage(listPage(ctx, r.type, { ...data, page: r.page }), data.cards[0]?.updatedAt);
      }
      case 'page': {
        const page = await this.read.page(o, r.type, r.slug);
        if (!page) return this.notFound(ctx);
        if (page.status === 'retracted')
          return { ...htmlPage(retractedPage(ctx, page), page.updated_at), status: 410 };
        const latest = await this.read.latest(o, { limit: 6 });
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
              ...(await this.read.search(o, r.q, { limit: PAGE_SIZE, offset: (r.page - 1) * PAGE_SIZE })),
              page: r.page,
            }
          : null;
        return { ...htmlPage(searchPage(ctx, r.q, data)), cacheControl: 'public, max-age=60' };
      }
      case 'dip':
        return htmlPage(publicInformationPage(ctx, await this.read.publicInformation(o)));
      case 'atom':
        return {
          status: 200,
          contentType: 'application/atom+xml; charset=utf-8',
          body: atomFeed(ctx, await this.feedEntries(o)),
          cacheControl: FEED_CACHE,
          extraHeaders: CORS,
        };
      case 'rss':
        return {
          status: 200,
          contentType: 'application/rss+xml; charset=utf-8',
          body: rssFeed(ctx, await this.feedEntries(o)),
          cacheControl: FEED_CACHE,
          extraHeaders: CORS,
        };
      case 'sitemap':
        return {
          status: 200,
          contentType: 'application/xml; charset=utf-8',
          body: sitemap(
            ctx,
            await this.read.all(o),
            ctx.types.map((t) => t.type),
          ),
          cacheControl: FEED_CACHE,
        };
      case 'jdih': {
        const cards = (await this.read.all(o)).filter(
          (c) => c.type === 'regulasi' || (c.fields.number !== undefined && c.fields.year !== undefined),
        );
        return json(jdihFeed(ctx, cards), FEED_CACHE);
      }
      case 'api-site':
        return json(siteJson(ctx));
      case 'api-items': {
        const data = await this.read.latest(o, {
          type: r.type,
          limit: PAGE_SIZE,
          offset: (r.page - 1) * PAGE_SIZE,
        });
        return json(itemsJson(ctx, { ...data, page: r.page }, PAGE_SIZE));
      }
      case 'api-item': {
        const page = await this.read.pageByItem(o, r.itemId);
        if (!page)
          return { ...json({ error: 'not-found', message: 'Konten tidak ditemukan.' }), status: 404 };
        return { ...json(itemJson(ctx, page)), status: page.status === 'retracted' ? 410 : 200 };
      }
      case 'api-search': {
        const data = r.q
          ? await this.read.search(o, r.q, { limit: PAGE_SIZE, offset: (r.page - 1) * PAGE_SIZE })
          : { cards: [], total: 0 };
        return json(itemsJson(ctx, { ...data, page: r.page }, PAGE_SIZE), 'public, max-age=60');
      }
      case 'api-dip':
        return json(publicInformationJson(ctx, await this.read.publicInformation(o)));
      default:
        return this.notFound(ctx);
    }
  }

  private async serveMedia(
    req: IncomingMessage,
    res: ServerResponse,
    office: string,
    attachmentId: string,
  ): Promise<void> {
    const site = this.sites.get(office);
    const key = `media|${office}|${attachmentId}`;
    try {
      const cached = this.mediaCache.get(key);
      if (cached && site && cached.version === site.version) {
        sendEntry(req, res, cached);
        return;
      }
      const file = site ? await this.read.media(office, attachmentId) : undefined;
      if (!site || !file) {
        const ctx = site ? await this.context(site) : null;
        res.writeHead(404, ['Content-Type', HTML, 'Cache-Control', SHORT_CACHE, ...SECURITY]);
        res.end(req.method === 'HEAD' ? undefined : notFoundPage(ctx));
        return;
      }
      const inline = /^(image\/|video\/|application\/pdf)/.test(file.mediaType);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      const disposition = `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
      const headers = [
        'Content-Type',
        file.mediaType,
        'Content-Disposition',
        disposition,
        'ETag',
        `"${file.sha256}"`,
        'Cache-Control',
        'public, max-age=86400',
        'X-Content-Type-Options',
        'nosniff',
        'Content-Security-Policy',
        "default-src 'none'; sandbox",
        'Accept-Ranges',
        'none',
      ];
      const inm = req.headers['if-none-match'];
      if (inm && inm.replace(/^W\//, '').includes(file.sha256)) {
        res.writeHead(304, ['ETag', `"${file.sha256}"`, 'Cache-Control', 'public, max-age=86400']);
        res.end();
        return;
      }
      if (file.size <= 2 * 1024 * 1024) {
        const bytes = await this.media.getBytes(file.object);
        if (!bytes) throw new Error(`object ${file.object} missing`);
        const entry: Entry = {
          office,
          version: site.version,
          status: 200,
          etag: `"${file.sha256}"`,
          lastModified: null,
          body: bytes,
          headers: { identity: [...headers, 'Content-Length', String(bytes.length)] },
          notModified: ['Cache-Control', 'public, max-age=86400'],
          size: bytes.length + 512,
        };
        this.mediaCache.set(key, entry);
        sendEntry(req, res, entry);
        return;
      }
      const got = await this.media.get(file.object);
      if (!got) throw new Error(`object ${file.object} missing`);
      res.writeHead(200, [...headers, 'Content-Length', String(got.size)]);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      for await (const chunk of got.data) {
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      this.logger.warn(
        `serving ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) {
        res.writeHead(503, ['Content-Type', 'text/plain; charset=utf-8', 'Retry-After', '5']);
        res.end(
          'Berkas sedang tidak dapat diambil; coba lagi.\nThe file cannot be fetched right now; try again.\n',
        );
      } else res.destroy();
    }
  }
}
