import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Entry } from './page-cache';

const END_OF_HEAD = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 16 * 1024;
const REQUEST_LINE = /^(GET|HEAD) (\/[!-~]*) HTTP\/1\.1$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const REASONS: Record<number, string> = { 200: 'OK', 304: 'Not Modified', 404: 'Not Found', 410: 'Gone' };

interface Head {
  method: 'GET' | 'HEAD';
  url: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  close: boolean;
}

/**
 * Parses a request head strictly: GET or HEAD, HTTP/1.1, one Host, no body, no upgrade,
 * well-formed header lines. Anything else answers `null` and goes to Node's parser.
 */
export function parseHead(text: string): Head | null {
  const lines = text.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m) return null;
  const head: Head = { method: m[1] as 'GET' | 'HEAD', url: m[2]!, close: false };
  let hosts = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return null;
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) return null;
    switch (name.toLowerCase()) {
      case 'host':
        hosts++;
        break;
      case 'content-length':
        if (value !== '0') return null;
        break;
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
      case 'http2-settings':
        return null;
      case 'connection': {
        const v = value.toLowerCase();
        if (v.includes('upgrade')) return null;
        if (v.includes('close')) head.close = true;
        break;
      }
      case 'accept-encoding':
        head.acceptEncoding = value;
        break;
      case 'if-none-match':
        head.ifNoneMatch = value;
        break;
      case 'if-modified-since':
        head.ifModifiedSince = value;
        break;
      case 'range':
      case 'if-range':
      case 'if-match':
      case 'if-unmodified-since':
        return null;
    }
  }
  return hosts === 1 ? head : null;
}

export interface FastLaneSite {
  /** A fresh cached response for this URL, or undefined (then Node's server takes over). */
  lookup(url: string): Entry | undefined;
  /** Called for every response served from the cache (page views). */
  served(entry: Entry, status: number, method: string): void;
}

interface Heads {
  date: string;
  map: Map<string, Buffer>;
}

/** The HTTP date, recomputed once a second rather than per response. */
let now = new Date().toUTCString();
let clock: NodeJS.Timeout | undefined;
function startClock() {
  if (clock) return;
  clock = setInterval(() => (now = new Date().toUTCString()), 1000);
  clock.unref();
}

function etagMatches(header: string, hash: string): boolean {
  if (header === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (tag === hash || tag === `${hash}-gz` || tag === `${hash}-br`) return true;
  }
  return false;
}

/**
 * The read path's fast lane. Node's HTTP stack (parser, IncomingMessage/ServerResponse,
 * header validation) costs more per request than the page itself once the page is in
 * memory; for the common case, a plain GET or HEAD of a page already rendered, this
 * answers straight from the socket with the response bytes prepared once per second.
 * Every other request (a miss to render, a file, a conditional or ranged request it does
 * not know, a body, an upgrade, a malformed or oversized head, HTTP/1.0) hands the
 * connection, with the unread bytes of that request, to Node's `http` server, which
 * parses it from its first byte and keeps the connection from then on. The parser is
 * strict on purpose: when in doubt it does not answer.
 */
export class FastLane {
  private readonly sockets = new Set<Socket>();
  private closing = false;
  private readonly heads = new WeakMap<Entry, Heads>();
  stats = { fast: 0, handedOff: 0 };

  constructor(
    private readonly site: FastLaneSite,
    private readonly server: Server,
    private readonly idleMs = 65_000,
  ) {
    startClock();
  }

  /** Takes over the server's `connection` event; Node's own listener receives what is handed off. */
  install(): void {
    const node = this.server.listeners('connection') as ((socket: Socket) => void)[];
    this.server.removeAllListeners('connection');
    this.server.on('connection', (socket: Socket) => {
      if (this.closing) {
        for (const l of node) l.call(this.server, socket);
        return;
      }
      this.adopt(socket, (rest) => {
        for (const l of node) l.call(this.server, socket);
        if (rest?.length) socket.emit('data', rest);
      });
    });
  }

  /** Stops answering: idle connections end, busy ones end after their response. */
  shutdown(): void {
    this.closing = true;
    for (const s of this.sockets) s.end();
  }

  private adopt(socket: Socket, handOff: (rest: Buffer | null) => void): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.idleMs);
    let buf: Buffer | null = null;
    const release = () => {
      socket.removeListener('data', onData);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('close', onClose);
      socket.setTimeout(0);
      this.sockets.delete(socket);
    };
    const giveUp = () => {
      this.stats.handedOff++;
      const rest = buf;
      buf = null;
      release();
      handOff(rest);
    };
    const onTimeout = () => socket.destroy();
    const onClose = () => this.sockets.delete(socket);
    const onData = (chunk: Buffer) => {
      buf = buf ? Buffer.concat([buf, chunk]) : chunk;
      while (buf) {
        const end: number = buf.indexOf(END_OF_HEAD);
        if (end < 0) {
          if (buf.length > MAX_HEAD_BYTES) giveUp();
          return;
        }
        if (end > MAX_HEAD_BYTES) return giveUp();
        const head = parseHead(buf.toString('latin1', 0, end));
        const entry = head && !this.closing ? this.site.lookup(head.url) : undefined;
        if (!head || !entry) return giveUp();
        this.respond(socket, head, entry);
        this.stats.fast++;
        buf = buf.length > end + 4 ? buf.subarray(end + 4) : null;
        if (head.close) {
          release();
          socket.end();
          return;
        }
      }
    };
    socket.on('data', onData);
    socket.on('timeout', onTimeout);
    socket.on('close', onClose);
    socket.on('error', () => socket.destroy());
  }

  private respond(socket: Socket, req: Head, entry: Entry): void {
    let variant: 'identity' | 'gzip' | 'br' | '304' = 'identity';
    if (entry.status === 200) {
      const hash = entry.etag.slice(1, -1);
      const fresh = req.ifNoneMatch
        ? etagMatches(req.ifNoneMatch, hash)
        : !!entry.lastModified &&
          !!req.ifModifiedSince &&
          Date.parse(req.ifModifiedSince) >= Date.parse(entry.lastModified);
      if (fresh) variant = '304';
    }
    if (variant !== '304') {
      const ae = req.acceptEncoding;
      if (ae && entry.br && ae.includes('br')) variant = 'br';
      else if (ae && entry.gzip && ae.includes('gzip')) variant = 'gzip';
    }
    // One buffer, one write: head and body together (rebuilt once a second with the Date).
    socket.write(this.bytes(entry, variant, req.close, req.method === 'GET' && variant !== '304'));
    this.site.served(entry, variant === '304' ? 304 : entry.status, req.method);
  }

  private bytes(
    entry: Entry,
    variant: 'identity' | 'gzip' | 'br' | '304',
    close: boolean,
    withBody: boolean,
  ): Buffer {
    let heads = this.heads.get(entry);
    if (!heads || heads.date !== now) {
      heads = { date: now, map: new Map() };
      this.heads.set(entry, heads);
    }
    const key = `${variant}|${close ? 'c' : 'k'}|${withBody ? 'b' : 'h'}`;
    let out = heads.map.get(key);
    if (!out) {
      const head = this.head(entry, variant, close);
      const body = variant === 'br' ? entry.br : variant === 'gzip' ? entry.gzip : entry.body;
      out = withBody && body ? Buffer.concat([head, body]) : head;
      heads.map.set(key, out);
    }
    return out;
  }

  /** Status line and headers of one variant. */
  private head(entry: Entry, variant: 'identity' | 'gzip' | 'br' | '304', close: boolean): Buffer {
    const status = variant === '304' ? 304 : entry.status;
    const list =
      variant === '304'
        ? ['ETag', entry.etag, ...entry.notModified]
        : variant === 'identity'
          ? entry.headers.identity
          : entry.headers[variant]!;
    let text = `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\n`;
    for (let i = 0; i < list.length; i += 2) text += `${list[i]}: ${list[i + 1]}\r\n`;
    text += `Date: ${now}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
    return Buffer.from(text, 'latin1');
  }
}
