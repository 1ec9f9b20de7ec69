import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * One rendered response, ready to send: the body and its precompressed variants, and the
 * complete header list of each variant computed once, so serving it is a map lookup and
 * one `writeHead` + `end`.
 */
export interface Entry {
  office: string;
  /** The site version (or the index epoch) it was rendered at. */
  version: number;
  status: number;
  etag: string;
  lastModified: string | null;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  headers: { identity: string[]; gzip?: string[]; br?: string[] };
  notModified: string[];
  /** A page view is counted when this entry is served. */
  itemId?: string;
  path?: string;
  size: number;
}

export interface EntrySpec {
  office: string;
  version: number;
  status: number;
  contentType: string;
  body: string | Buffer;
  cacheControl: string;
  lastModified?: Date | null;
  extraHeaders?: string[];
  itemId?: string;
  path?: string;
}

const COMPRESSIBLE = /^(text\/|application\/(json|xml|atom\+xml|rss\+xml|javascript))/;

/** Renders a spec into an entry, compressing off the event loop (zlib's thread pool). */
export async function makeEntry(spec: EntrySpec): Promise<Entry> {
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : spec.body;
  const hash = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  const etag = `"${hash}"`;
  let gz: Buffer | undefined;
  let br: Buffer | undefined;
  if (body.length > 1024 && COMPRESSIBLE.test(spec.contentType)) {
    [gz, br] = await Promise.all([
      gzipAsync(body, { level: 9 }),
      brotliAsync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 10,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    ]);
  }
  const lastModified = spec.lastModified ? new Date(spec.lastModified).toUTCString() : null;
  const common = [
    'Cache-Control',
    spec.cacheControl,
    'X-Content-Type-Options',
    'nosniff',
    ...(lastModified ? ['Last-Modified', lastModified] : []),
    ...(spec.extraHeaders ?? []),
  ];
  const variant = (buf: Buffer, encoding?: string) => [
    'Content-Type',
    spec.contentType,
    'Content-Length',
    String(buf.length),
    'ETag',
    encoding ? `"${hash}-${encoding === 'br' ? 'br' : 'gz'}"` : etag,
    ...(gz ? ['Vary', 'Accept-Encoding'] : []),
    ...(encoding ? ['Content-Encoding', encoding] : []),
    ...common,
  ];
  return {
    office: spec.office,
    version: spec.version,
    status: spec.status,
    etag,
    lastModified,
    body,
    gzip: gz,
    br,
    headers: {
      identity: variant(body),
      ...(gz ? { gzip: variant(gz, 'gzip') } : {}),
      ...(br ? { br: variant(br, 'br') } : {}),
    },
    notModified: ['Cache-Control', spec.cacheControl, ...(gz ? ['Vary', 'Accept-Encoding'] : [])],
    itemId: spec.itemId,
    path: spec.path,
    size: body.length + (gz?.length ?? 0) + (br?.length ?? 0) + 512,
  };
}

/** `"abc"`, `W/"abc"`, `"abc-gz"`: the same resource whatever the encoding. */
function matches(header: string, hash: string): boolean {
  if (header === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (tag === hash || tag === `${hash}-gz` || tag === `${hash}-br`) return true;
  }
  return false;
}

/**
 * Sends an entry with the best encoding the client accepts (a plain substring test:
 * `br`, then `gzip`; `q=0` refusals are not honoured), answering 304 to a matching
 * If-None-Match / If-Modified-Since. Returns the status sent.
 */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: Entry): number {
  const inm = req.headers['if-none-match'];
  const hash = entry.etag.slice(1, -1);
  if (entry.status === 200) {
    const fresh = inm
      ? matches(inm, hash)
      : !!entry.lastModified &&
        !!req.headers['if-modified-since'] &&
        Date.parse(req.headers['if-modified-since']) >= Date.parse(entry.lastModified);
    if (fresh) {
      res.writeHead(304, ['ETag', entry.etag, ...entry.notModified]);
      res.end();
      return 304;
    }
  }
  const ae = req.headers['accept-encoding'];
  let headers = entry.headers.identity;
  let body = entry.body;
  if (ae && entry.br && ae.includes('br')) {
    headers = entry.headers.br!;
    body = entry.br;
  } else if (ae && entry.gzip && ae.includes('gzip')) {
    headers = entry.headers.gzip!;
    body = entry.gzip;
  }
  res.writeHead(entry.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return entry.status;
}

/** Least recently used entries go first once `maxBytes` is reached. */
export class LruCache<V extends { size: number }> {
  private readonly map = new Map<string, V>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Without touching the order (the hot path: hits are too frequent to reorder each time). */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.size;
      this.map.delete(key);
    }
    if (value.size > this.maxBytes / 4) return;
    this.map.set(key, value);
    this.bytes += value.size;
    while (this.bytes > this.maxBytes) {
      const first = this.map.keys().next();
      if (first.done) break;
      this.bytes -= this.map.get(first.value)!.size;
      this.map.delete(first.value);
    }
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.size;
      this.map.delete(key);
    }
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get count(): number {
    return this.map.size;
  }
}

/** At most `limit` at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
