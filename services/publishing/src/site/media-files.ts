// The files attached to published content (`/<office>/berkas/<attachment id>`), from the
// public media store: small files kept in memory per site version, large ones streamed,
// each with its own sandboxing headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { type PublicMediaStore } from '../content/public-media';
import { type SiteInfo, type Sites } from '../sites/sites.service';
import { type Entry, LruCache, sendEntry } from './page-cache';
import { type ReadModel } from './read-model';
import { notFoundPage, type SiteContext } from './render/templates';
import { HTML, SECURITY, SHORT_CACHE } from './responses';

export class MediaFiles {
  private readonly logger = new Logger('PublicSite');
  private readonly cache: LruCache<Entry>;

  constructor(
    private readonly sites: Sites,
    private readonly read: ReadModel,
    private readonly media: PublicMediaStore,
    /** The site's context for the not-found page. */
    private readonly contextOf: (site: SiteInfo) => Promise<SiteContext>,
    cacheBytes: number,
  ) {
    this.cache = new LruCache(cacheBytes);
  }

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    office: string,
    attachmentId: string,
  ): Promise<void> {
    const site = this.sites.get(office);
    const key = `media|${office}|${attachmentId}`;
    try {
      const cached = this.cache.get(key);
      if (cached && site && cached.version === site.version) {
        sendEntry(req, res, cached);
        return;
      }
      const file = site ? await this.read.media(office, attachmentId) : undefined;
      if (!site || !file) {
        const ctx = site ? await this.contextOf(site) : null;
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
        this.cache.set(key, entry);
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
