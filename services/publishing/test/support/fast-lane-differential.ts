/**
 * Differential check of the public site's fast lane (src/site/fast-lane.ts) against Node's
 * own HTTP parser, llhttp, with the settings Node's HTTP server gives it. Used by
 * test/fast-lane-fuzz.spec.ts (in `npm test`) and test/bench/fast-lane-fuzz.bench.ts (the
 * long run).
 *
 * For one byte stream sent on one connection, the fast lane answers some requests from its
 * start, then either hands the rest to Node's parser, closes (Connection: close), or waits
 * for more bytes. It agrees with llhttp when, for every request it answered, llhttp reads
 * exactly those bytes as exactly one complete request — same method, target, version,
 * Host, the headers the fast lane reads, keep-alive, no body, no upgrade — so the bytes it
 * hands on start where llhttp's next request starts. The decision must also be the same
 * however the stream is split into packets.
 */
import fc from 'fast-check';
import { frameNext, type Head } from '../../src/site/fast-lane';

// Node's HTTP server drives this very class (`_http_common` exposes it to its own modules).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HTTPParser, methods } = require('_http_common') as {
  HTTPParser: LlhttpParserClass;
  methods: string[];
};

interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | (Error & { code?: string; reason?: string; bytesParsed?: number });
  close(): void;
  [callback: number]: unknown;
}
interface LlhttpParserClass {
  new (): LlhttpParser;
  REQUEST: number;
  kLenientNone: number;
  kOnMessageBegin: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
}

export interface NodeMessage {
  method: string;
  url: string;
  version: string;
  headers: [string, string][];
  upgrade: boolean;
  keepAlive: boolean;
  body: boolean;
}

/** llhttp as Node's HTTP server sets it up: strict (no lenient flag), default header limit (16 KiB). */
class NodeParser {
  private readonly parser = new HTTPParser();
  begun = 0;
  readonly messages: NodeMessage[] = [];
  private pendingHeaders: string[] = [];
  private pendingUrl = '';
  private current?: NodeMessage;

  constructor() {
    const p = this.parser;
    p.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientNone);
    p[HTTPParser.kOnMessageBegin] = () => {
      this.begun++;
    };
    // More than 32 headers, or a long URL: Node's binding hands them over in parts first.
    p[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      this.pendingHeaders.push(...headers);
      this.pendingUrl += url;
    };
    p[HTTPParser.kOnHeadersComplete] = (
      versionMajor: number,
      versionMinor: number,
      headers: string[] | undefined,
      method: number,
      url: string | undefined,
      _statusCode: number,
      _statusMessage: string,
      upgrade: boolean,
      keepAlive: boolean,
    ) => {
      const flat = headers ?? this.pendingHeaders;
      const pairs: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
      this.current = {
        method: methods[method] ?? `#${method}`,
        url: url ?? this.pendingUrl,
        version: `${versionMajor}.${versionMinor}`,
        headers: pairs,
        upgrade,
        keepAlive,
        body: false,
      };
      this.pendingHeaders = [];
      this.pendingUrl = '';
      return 0;
    };
    p[HTTPParser.kOnBody] = () => {
      if (this.current) this.current.body = true;
    };
    p[HTTPParser.kOnMessageComplete] = () => {
      if (this.current) this.messages.push(this.current);
      this.current = undefined;
    };
    p[HTTPParser.kOnExecute] = () => undefined;
  }

  /** Feeds bytes; the parse error, if llhttp refuses them. */
  feed(bytes: Buffer): { code: string; reason: string } | undefined {
    if (bytes.length === 0) return undefined;
    const result = this.parser.execute(bytes);
    if (typeof result === 'number') return undefined;
    return { code: result.code ?? 'error', reason: result.reason ?? result.message };
  }

  close(): void {
    this.parser.close();
  }
}

export interface FastLaneRun {
  answered: { head: Head; start: number; end: number }[];
  /** How the fast lane left the connection: handed to Node, closed after a response, or waiting. */
  stop: 'hand-off' | 'closed' | 'wait';
  /** Offset of the first byte the fast lane did not take. */
  at: number;
}

/**
 * What FastLane does with a connection sending `stream` in packets cut at `cuts`, assuming
 * every page asked for is cached (the most it would answer): its `data` loop, on frameNext.
 */
export function runFastLane(stream: Buffer, cuts: readonly number[] = []): FastLaneRun {
  const ends = [...new Set(cuts.filter((c) => c > 0 && c < stream.length))].sort((a, b) => a - b);
  ends.push(stream.length);
  const answered: FastLaneRun['answered'] = [];
  let offset = 0;
  for (const received of ends) {
    while (offset < received) {
      const next = frameNext(stream.subarray(offset, received));
      if (next.kind === 'wait') break;
      if (next.kind === 'hand-off') return { answered, stop: 'hand-off', at: offset };
      answered.push({ head: next.head, start: offset, end: offset + next.length });
      offset += next.length;
      if (next.head.close) return { answered, stop: 'closed', at: offset };
    }
  }
  return { answered, stop: 'wait', at: offset };
}

function headerValues(message: NodeMessage, name: string): string[] {
  return message.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

/** The one value of a header the fast lane reads, as llhttp read it (undefined: absent; null: repeated). */
function single(message: NodeMessage, name: string): string | undefined | null {
  const values = headerValues(message, name);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : null;
}

/**
 * Where the fast lane and llhttp disagree on `stream` (cut into packets at `cuts`), or
 * undefined when they agree. Also checks that the cuts change nothing.
 */
export function disagreement(stream: Buffer, cuts: readonly number[] = []): string | undefined {
  const whole = runFastLane(stream);
  if (cuts.length) {
    const split = runFastLane(stream, cuts);
    const shape = (r: FastLaneRun) =>
      JSON.stringify([r.stop, r.at, r.answered.map((a) => [a.start, a.end, a.head])]);
    if (shape(split) !== shape(whole))
      return `the fast lane decides differently when the stream is cut at ${cuts.join(',')}`;
  }
  const node = new NodeParser();
  try {
    let pos = 0;
    for (const [i, a] of whole.answered.entries()) {
      const error = node.feed(stream.subarray(pos, a.end));
      pos = a.end;
      if (error)
        return `request ${i} (bytes ${a.start}–${a.end}), answered by the fast lane, is refused by llhttp: ${error.code} ${error.reason}`;
      if (node.messages.length !== i + 1 || node.begun !== i + 1) {
        return (
          `framing differs at request ${i}: after bytes ${a.start}–${a.end} llhttp has completed ` +
          `${node.messages.length} and begun ${node.begun} requests`
        );
      }
      const m = node.messages[i]!;
      const h = a.head;
      const expected: [string, unknown, unknown][] = [
        ['method', m.method, h.method],
        ['target', m.url, h.url],
        ['version', m.version, '1.1'],
        ['host', single(m, 'host'), h.host],
        ['accept-encoding', single(m, 'accept-encoding'), h.acceptEncoding],
        ['if-none-match', single(m, 'if-none-match'), h.ifNoneMatch],
        ['if-modified-since', single(m, 'if-modified-since'), h.ifModifiedSince],
        ['keep-alive', m.keepAlive, !h.close],
        ['upgrade', m.upgrade, false],
        ['body', m.body, false],
        ['content-length', headerValues(m, 'content-length').length, 0],
        ['transfer-encoding', headerValues(m, 'transfer-encoding').length, 0],
      ];
      for (const [what, theirs, ours] of expected) {
        if (theirs !== ours)
          return `request ${i}: ${what} is ${JSON.stringify(ours)} to the fast lane, ${JSON.stringify(theirs)} to llhttp`;
      }
    }
    return undefined;
  } finally {
    node.close();
  }
}

// ---------------------------------------------------------------------------------------
// Generated streams: requests from a grammar that favours what browsers send (so the fast
// lane answers many of them) and mixes in every variation a smuggler tries, then a few
// random byte edits.

const CRLF = '\r\n';
const TCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+.^_`|~-";
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const anyByte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const oddChar = fc.constantFrom(
  '\t',
  ' ',
  '\xa0',
  '\x00',
  '\r',
  '\n',
  '\x7f',
  '\x80',
  '\xff',
  '\x0b',
  '\x0c',
);

const method = fc.oneof(
  { weight: 30, arbitrary: fc.constant('GET') },
  { weight: 8, arbitrary: fc.constant('HEAD') },
  {
    weight: 4,
    arbitrary: fc.constantFrom('POST', 'get', 'Get', 'OPTIONS', 'CONNECT', 'PUT', 'PRI', 'GETT', 'G ET', ''),
  },
);
const pathChar = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%') },
  { weight: 3, arbitrary: fc.constantFrom(...PRINTABLE) },
  { weight: 1, arbitrary: anyByte },
);
const target = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: pathChar, maxLength: 30 }).map((p) => `/${p}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '/',
      '/kpu-prov-jateng/berita/rapat-pleno/',
      'http://a.example/',
      'https://a.example/x',
      '//a.example/x',
      '*',
      'a',
      '/%00',
      '/a b',
      '/\x00',
      '/\xe4',
      '/#frag',
      '',
    ),
  },
);
const version = fc.oneof(
  { weight: 30, arbitrary: fc.constant('HTTP/1.1') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'HTTP/1.0',
      'HTTP/2.0',
      'HTTP/1.10',
      'http/1.1',
      'HTTP/1.1 ',
      'HTTP/0.9',
      'HTTP/1',
      'HTTP/11',
    ),
  },
);
const space = fc.oneof(
  { weight: 30, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.constantFrom('  ', '\t', '') },
);
const lineEnd = fc.oneof(
  { weight: 80, arbitrary: fc.constant(CRLF) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\r\r\n', '\n\r', '\r\n ', '\r\n\t') },
);

const knownName = fc.constantFrom(
  'Host',
  'host',
  'HOST',
  'Accept-Encoding',
  'If-None-Match',
  'If-Modified-Since',
  'Connection',
  'connection',
  'Proxy-Connection',
  'Content-Length',
  'content-length',
  'Transfer-Encoding',
  'transfer-encoding',
  'Expect',
  'Upgrade',
  'HTTP2-Settings',
  'Range',
  'If-Range',
  'If-Match',
  'If-Unmodified-Since',
  'Keep-Alive',
  'TE',
  'Trailer',
  'User-Agent',
  'Accept',
  'X-Forwarded-For',
  'Transfer_Encoding',
  'Content-Length ',
  ' Host',
  'Host\t',
);
const knownValue = fc.constantFrom(
  'a.example',
  '127.0.0.1:3100',
  '',
  '0',
  '5',
  ' 0',
  '+0',
  '-0',
  '0, 0',
  '-1',
  '00',
  '0x0',
  '1e3',
  'chunked',
  ' chunked',
  'chunked, gzip',
  'gzip, chunked',
  'identity',
  'xchunked',
  'close',
  'keep-alive',
  'Close',
  'KEEP-ALIVE',
  'closed',
  'keep-alive, close',
  'close, keep-alive',
  'upgrade',
  'Upgrade',
  'websocket',
  'h2c',
  '100-continue',
  'gzip, br',
  'gzip',
  '"abc"',
  'W/"abc"',
  '*',
  'Wed, 21 Oct 2015 07:28:00 GMT',
  'bytes=0-1',
  'gzip\xa0',
  '\xa0close',
  'text/html',
);
const valueChar = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...PRINTABLE) },
  { weight: 2, arbitrary: oddChar },
  { weight: 1, arbitrary: anyByte },
);
const headerName = fc.oneof(
  { weight: 6, arbitrary: knownName },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyByte, minLength: 0, maxLength: 6 }) },
);
const hugeValue = fc.integer({ min: 7_000, max: 17_500 }).map((n) => 'v'.repeat(n));
const headerValue = fc.oneof(
  { weight: 8, arbitrary: knownValue },
  { weight: 4, arbitrary: fc.string({ unit: valueChar, maxLength: 24 }) },
  { weight: 1, arbitrary: hugeValue },
);
const separator = fc.oneof(
  { weight: 20, arbitrary: fc.constant(': ') },
  { weight: 4, arbitrary: fc.constantFrom(':', ':\t', ':  ') },
  { weight: 1, arbitrary: fc.constantFrom(' : ', ' :', '\t:', '') },
);
const browserHeader = fc.constantFrom(
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64)',
  'Accept: text/html,application/xhtml+xml',
  'Accept-Language: id-ID,id;q=0.9,en;q=0.8',
  'Accept-Encoding: gzip, deflate, br',
  'Accept-Encoding: gzip',
  'If-None-Match: "3f2a"',
  'If-Modified-Since: Wed, 21 Oct 2015 07:28:00 GMT',
  'Connection: keep-alive',
  'Connection: close',
  'Cache-Control: max-age=0',
  'Referer: https://kpu.example/',
  'Sec-Fetch-Mode: navigate',
  'DNT: 1',
);
const header = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(browserHeader, lineEnd).map(([h, e]) => `${h}${e}`) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(headerName, separator, headerValue, lineEnd)
      .map(([n, s, v, e]) => `${n}${s}${v}${e}`),
  },
);
const host = fc.oneof(
  { weight: 10, arbitrary: fc.constant(`Host: a.example${CRLF}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', `Host: b${CRLF}Host: c${CRLF}`, `Host:${CRLF}`, `Host: a\x00${CRLF}`),
  },
);
const body = fc.oneof(
  { weight: 12, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'abcde',
      `0${CRLF}${CRLF}`,
      `5${CRLF}hello${CRLF}0${CRLF}${CRLF}`,
      `GET /smuggled HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`,
      CRLF,
      '\n',
    ),
  },
);
const request = fc
  .tuple(
    method,
    space,
    target,
    space,
    version,
    lineEnd,
    host,
    fc.array(header, { maxLength: 5 }),
    lineEnd,
    body,
  )
  .map(([m, s1, t, s2, v, e1, h, hs, e2, b]) => `${m}${s1}${t}${s2}${v}${e1}${h}${hs.join('')}${e2}${b}`);

const edit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('insert', 'delete', 'replace'),
  byte: fc.oneof(anyByte, oddChar, fc.constantFrom('\r\n', '\r\n\r\n', ':', ' ')),
});

/** A byte stream of 1–4 pipelined requests, sometimes edited at random bytes, and how it is cut into packets. */
export const httpStreams = fc
  .tuple(
    fc.array(request, { minLength: 1, maxLength: 4 }),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(edit, { maxLength: 3 }) },
    ),
    fc.array(fc.nat(), { maxLength: 3 }),
  )
  .map(([requests, edits, cuts]) => {
    let text = requests.join('');
    for (const e of edits) {
      const at = text.length ? e.at % (text.length + 1) : 0;
      if (e.op === 'insert') text = text.slice(0, at) + e.byte + text.slice(at);
      else if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + e.byte + text.slice(at + 1);
    }
    const stream = Buffer.from(text, 'latin1');
    return { stream, cuts: cuts.map((c) => (stream.length ? c % stream.length : 0)) };
  });

// ---------------------------------------------------------------------------------------
// Known request-smuggling and parser-confusion streams.

const ok = (path = '/a') => `GET ${path} HTTP/1.1\r\nHost: a.example\r\n\r\n`;

export interface CorpusCase {
  name: string;
  stream: string;
  /** How many requests the fast lane should answer (checked when given), beside agreeing with llhttp. */
  answered?: number;
}

export const SMUGGLING_CORPUS: CorpusCase[] = [
  { name: 'plain GET', stream: ok(), answered: 1 },
  {
    name: 'pipelined GET, HEAD, GET',
    stream: ok() + 'HEAD /b HTTP/1.1\r\nHost: a\r\n\r\n' + ok('/c'),
    answered: 3,
  },
  {
    name: 'pipelined with Connection: close first',
    stream: `GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n${ok()}`,
    answered: 1,
  },
  {
    name: 'pipelined, a POST in the middle',
    stream: ok() + 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc' + ok(),
    answered: 1,
  },
  {
    name: 'CL.TE',
    stream:
      'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG' + ok(),
    answered: 0,
  },
  {
    name: 'TE.CL',
    stream:
      'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'TE.TE: xchunked',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'TE with space before colon',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'TE with tab',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'TE folded',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'TE with underscore',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\n\r\n' + ok(),
  },
  {
    name: 'GET with a body by Content-Length hiding a request',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 37\r\n\r\n' + ok('/admin'),
    answered: 0,
  },
  {
    name: 'duplicate Content-Length 0',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'conflicting Content-Length',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello',
    answered: 0,
  },
  {
    name: 'Content-Length list',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'signed Content-Length +0',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'signed Content-Length -0',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -0\r\n\r\n',
    answered: 0,
  },
  {
    name: 'Content-Length 0 alone',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'obs-fold of a header the fast lane reads',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n br\r\n\r\n',
    answered: 0,
  },
  { name: 'bare LF line endings', stream: 'GET / HTTP/1.1\nHost: a\n\n', answered: 0 },
  {
    name: 'bare LF end of head, then a request',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\n\n' + ok('/b'),
    answered: 0,
  },
  {
    name: 'bare LF inside a value',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nX: a\nGET /b HTTP/1.1\r\n\r\n',
    answered: 0,
  },
  { name: 'bare CR inside the head', stream: 'GET / HTTP/1.1\rHost: a\r\n\r\n', answered: 0 },
  { name: 'bare CR in a value', stream: 'GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n', answered: 0 },
  { name: 'CR CR LF', stream: 'GET / HTTP/1.1\r\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'absolute-form target', stream: 'GET http://a.example/ HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'authority-like target', stream: 'GET //a.example/x HTTP/1.1\r\nHost: a\r\n\r\n', answered: 1 },
  { name: 'asterisk target', stream: 'GET * HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  {
    name: 'header of 8 KiB',
    stream: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(8 * 1024 - 40)}\r\n\r\n`,
    answered: 1,
  },
  {
    name: 'header just over 8 KiB',
    stream: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(8 * 1024)}\r\n\r\n`,
    answered: 0,
  },
  {
    name: 'header of 16 KiB',
    stream: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(16 * 1024)}\r\n\r\n`,
    answered: 0,
  },
  {
    name: 'header of 17 KiB',
    stream: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(17 * 1024)}\r\n\r\n` + ok(),
    answered: 0,
  },
  {
    name: '2,000 headers',
    stream: `GET / HTTP/1.1\r\nHost: a\r\n${'a:b\r\n'.repeat(2000)}\r\n`,
    answered: 0,
  },
  { name: 'non-ASCII target', stream: 'GET /\xe4 HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  {
    name: 'non-ASCII header value (obs-text)',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nX: \xe4\xff\r\n\r\n',
    answered: 1,
  },
  { name: 'non-ASCII header name', stream: 'GET / HTTP/1.1\r\nHost: a\r\nX\xe4: b\r\n\r\n', answered: 0 },
  { name: 'NBSP around a value', stream: 'GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\xa0\r\n\r\n' },
  { name: 'NUL in the target', stream: 'GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'NUL in a value', stream: 'GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n', answered: 0 },
  { name: 'NUL in a name', stream: 'GET / HTTP/1.1\r\nHost: a\r\nX\x00: b\r\n\r\n', answered: 0 },
  {
    name: 'Connection: closed',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'Connection: close, keep-alive',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close, keep-alive\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'two Connection headers',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'Proxy-Connection: close',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nProxy-Connection: close\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'Connection: Close',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n' + ok(),
    answered: 1,
  },
  { name: 'space before colon', stream: 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', answered: 0 },
  { name: 'tab after colon', stream: 'GET / HTTP/1.1\r\nHost:\ta\r\n\r\n', answered: 0 },
  {
    name: 'Connection: close and a tab',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\t\r\n\r\n' + ok(),
    answered: 0,
  },
  {
    name: 'Expect: 100-continue',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n',
    answered: 0,
  },
  {
    name: 'h2c upgrade',
    stream:
      'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n',
    answered: 0,
  },
  {
    name: 'websocket upgrade',
    stream: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    answered: 0,
  },
  { name: 'HTTP/1.0', stream: 'GET / HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n', answered: 0 },
  { name: 'HTTP/2 preface', stream: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', answered: 0 },
  { name: 'leading empty line', stream: '\r\n' + ok(), answered: 0 },
  { name: 'lower-case method', stream: 'get / HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'two spaces after the method', stream: 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'tab as separator', stream: 'GET /\tHTTP/1.1\r\nHost: a\r\n\r\n', answered: 0 },
  { name: 'no Host', stream: 'GET / HTTP/1.1\r\n\r\n', answered: 0 },
  { name: 'two Hosts', stream: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', answered: 0 },
  { name: 'empty Host', stream: 'GET / HTTP/1.1\r\nHost:\r\n\r\n', answered: 1 },
  {
    name: 'HEAD with a body',
    stream: 'HEAD / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello',
    answered: 0,
  },
  { name: 'incomplete head', stream: 'GET / HTTP/1.1\r\nHost: a\r\n\r', answered: 0 },
  { name: 'valid then garbage', stream: ok() + 'garbage\r\n\r\n', answered: 1 },
];
