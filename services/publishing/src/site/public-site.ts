import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { PublicMediaStore } from '../content/public-media';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { type SiteInfo, Sites } from '../sites/sites.service';
import { ViewCounter } from '../views/view-counter';
import { type FastLane, type FastLaneSite } from './fast-lane';
import { MediaFiles } from './media-files';
import { type Entry, LruCache, makeEntry, Semaphore, sendEntry } from './page-cache';
import { ReadModel } from './read-model';
import { FONT_FILES } from './render/styles';
import { indexPage, type SiteContext, siteTypes } from './render/templates';
import { FEED_CACHE, HTML, notFound, PAGE_CACHE, SECURITY } from './responses';
import { cacheKey, type Route, route } from './routes';
import { renderRoute } from './site-pages';

/**
 * The public websites, served straight from Node's `http` server in front of Nest
 * (`main.ts` mounts it; only `/health` goes on to Nest). Every response is rendered once
 * per site version from the read model, kept in memory with its gzip and brotli variants,
 * ETag and Last-Modified, and served from there until the office's site changes. Misses
 * render one at a time per URL (concurrent requests wait for the same render), at most
 * `renderConcurrency` at once, and fall back to the previous rendering if the database
 * fails. Page views are counted in memory. URLs map to routes in routes.ts, a route renders
 * in site-pages.ts, attached files are served by media-files.ts.
 */
@Injectable()
export class PublicSite implements FastLaneSite, BeforeApplicationShutdown {
  private readonly logger = new Logger('PublicSite');
  private readonly cache: LruCache<Entry>;
  private readonly mediaFiles: MediaFiles;
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly contexts = new Map<string, { version: number; ctx: Promise<SiteContext> }>();
  private readonly renders: Semaphore;
  private lane?: FastLane;
  private readonly keys = new Map<string, string | null>();

  constructor(
    private readonly sites: Sites,
    private readonly read: ReadModel,
    private readonly views: ViewCounter,
    media: PublicMediaStore,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {
    this.cache = new LruCache(options.pageCacheBytes);
    this.mediaFiles = new MediaFiles(
      sites,
      read,
      media,
      (site) => this.context(site),
      options.mediaCacheBytes,
    );
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
      void this.mediaFiles.serve(req, res, r.office, r.attachmentId);
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
        ...notFound(null),
      });
    }
    // The version is read before the data: a change committed meanwhile makes this stale at once.
    const version = site.version;
    const ctx = await this.context(site);
    const spec = await renderRoute(this.read, ctx, r);
    return makeEntry({ office: site.office, version, ...spec });
  }
}
