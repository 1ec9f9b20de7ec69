import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Entry } from './page-cache';

const END_OF_HEAD = Buffer.from('\r\n\r\n');
/** Half of Node's limit (16 KiB): a head the fast lane takes is always one Node would take. */
export const MAX_HEAD_BYTES = 8 * 1024;
const REQUEST_LINE = /^(GET|HEAD) (\/[!-~]*) HTTP\/1\.1$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What llhttp refuses in a header value (control characters but HTAB, CR and LF included),
// and HTAB too: llhttp reads `Connection: close<HTAB>` as keep-alive, but the value as `close`.
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\x00-\x1f\x7f]/;
const SPACES_AROUND = /^ +| +$/g;
const REASONS: Record<number, string> = { 200: 'OK', 304: 'Not Modified', 404: 'Not Found', 410: 'Gone' };

export interface Head {
  method: 'GET' | 'HEAD';
  url: string;
  host: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  close: boolean;
}

/**
 * Parses a request head (without its final CRLF CRLF) strictly: GET or HEAD of an
 * origin-form target, HTTP/1.1, exactly one Host, no body of any kind (no Content-Length,
 * no Transfer-Encoding), no upgrade or expectation, every line `token ":" value` with
 * CRLF endings and no control character (not even HTAB), and each header it uses at most
 * once with a value it reads one way only (Connection exactly `close` or `keep-alive`).
 * Anything else answers `null` and goes to
 * Node's parser: whatever the fast lane answers, llhttp frames and reads the same way
 * (test/fast-lane-fuzz.spec.ts proves it against llhttp on generated and known-hostile input).
 */
export function parseHead(text: string): Head | null {
  const lines = text.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m) return null;
  let host: string | undefined;
  let connection: string | undefined;
  let acceptEncoding: string | undefined;
  let ifNoneMatch: string | undefined;
  let ifModifiedSince: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return null;
    // Checked whole, then trimmed of spaces only (String.trim would also drop a vertical
    // tab llhttp refuses, and the NBSP of obs-text llhttp keeps).
    const raw = line.slice(colon + 1);
    if (BAD_VALUE.test(raw)) return null;
    const value = raw.replace(SPACES_AROUND, '');
    switch (name.toLowerCase()) {
      case 'host':
        if (host !== undefined) return null;
        host = value;
        break;
      case 'connection':
        if (connection !== undefined) return null;
        connection = value.toLowerCase();
        if (connection !== 'close' && connection !== 'keep-alive') return null;
        break;
      case 'accept-encoding':
        if (acceptEncoding !== undefined) return null;
        acceptEncoding = value;
        break;
      case 'if-none-match':
        if (ifNoneMatch !== undefined) return null;
        ifNoneMatch = value;
        break;
      case 'if-modified-since':
        if (ifModifiedSince !== undefined) return null;
        ifModifiedSince = value;
        break;
      // A body, an upgrade, an expectation, a proxy's keep-alive, a part of the page: Node's.
      case 'content-length':
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
      case 'http2-settings':
      case 'proxy-connection':
      case 'range':
      case 'if-range':
      case 'if-match':
      case 'if-unmodified-since':
        return null;
    }
  }
  if (host === undefined) return null;
  return {
    method: m[1] as 'GET' | 'HEAD',
    url: m[2]!,
    host,
    close: connection === 'close',
    ...(acceptEncoding !== undefined ? { acceptEncoding } : {}),
    ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
    ...(ifModifiedSince !== undefined ? { ifModifiedSince } : {}),
  };
}

/** What the fast lane does with the bytes a connection has sent so far (not yet answered). */
export type Framing =
  /** The head is not complete yet (and not over the limit): wait for more bytes. */
  | { kind: 'wait' }
  /** Node's parser takes the connection from the first of these bytes. */
  | { kind: 'hand-off' }
  /** A request the fast lane may answer, `length` bytes long (its head and CRLF CRLF; no body). */
  | { kind: 'request'; head: Head; length: number };

/**
 * The next step for a connection's unread bytes. The decision depends only on the bytes,
 * never on how they were split into packets: an incomplete head waits until it could not
 * be under the limit any more (`MAX_HEAD_BYTES` + the 3 bytes of a split CRLF CRLF).
 */
export function frameNext(buf: Buffer): Framing {
  const end = buf.indexOf(END_OF_HEAD);
  if (end < 0) return buf.length > MAX_HEAD_BYTES + 3 ? { kind: 'hand-off' } : { kind: 'wait' };
  if (end > MAX_HEAD_BYTES) return { kind: 'hand-off' };
  const head = parseHead(buf.toString('latin1', 0, end));
  return head ? { kind: 'request', head, length: end + 4 } : { kind: 'hand-off' };
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
        const next = frameNext(buf);
        if (next.kind === 'wait') return;
        const entry = next.kind === 'request' && !this.closing ? this.site.lookup(next.head.url) : undefined;
        if (next.kind !== 'request' || !entry) return giveUp();
        this.respond(socket, next.head, entry);
        this.stats.fast++;
        buf = buf.length > next.length ? buf.subarray(next.length) : null;
        if (next.head.close) {
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
