/**
 * Requests for the API fuzz suite (test/e2e/api-fuzz.e2e.ts), generated from the gateway's
 * OpenAPI document: for each operation, a request meant to be valid (values from the
 * parameter and body schemas, real ids where the suite has them) and hostile variations of
 * it — wrong types, NUL bytes, lone surrogates, 100,000-character strings, deep nesting,
 * missing and extra fields, odd path segments and query values, bodies that are not what
 * the route takes. Deterministic for a seed.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema and OpenAPI objects are untyped JSON */
type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  public: boolean;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  /** Media type → schema of the request body (JSON, or the raw types of an upload). */
  body?: { mediaTypes: string[]; schema?: Schema; required: boolean };
}

export interface FuzzRequest {
  operation: Operation;
  variant: string;
  method: string;
  /** Path and query, already encoded (hostile ones on purpose). */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Ids of another office's records in the path: any 2xx is a tenancy failure. */
  foreignInPath: string[];
  /** Ids of another office's records in the query or body: a 2xx must not show them back. */
  foreignElsewhere: string[];
}

/** Ids the suite knows, by path parameter or body field name (`itemId`, `userId`…). */
export interface IdPools {
  own: Record<string, string[]>;
  foreign: Record<string, string[]>;
}

/** A small seeded PRNG (mulberry32): the same seed, the same requests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function resolve(doc: Schema, value: Schema | undefined): Schema {
  let v = value ?? {};
  for (let i = 0; v.$ref && i < 10; i++) {
    v = (v.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: Schema, k: string) => o?.[k], doc);
  }
  return v ?? {};
}

/** Every operation of the document. */
export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = ((op.parameters ?? []) as Schema[]).map((p) => resolve(doc, p));
      const content = op.requestBody?.content as Record<string, Schema> | undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        public: Array.isArray(op.security) && op.security.length === 0,
        pathParams: params
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required })),
        ...(content
          ? {
              body: {
                mediaTypes: Object.keys(content),
                schema: content['application/json']?.schema,
                required: !!op.requestBody.required,
              },
            }
          : {}),
      });
    }
  }
  return ops;
}

const PATTERN_CANDIDATES = ['berita', 'kode-uji', 'a', 'x1', 'id', '2026-03', '2026-1', '1', 'A'];
const NUL = '\u0000';
const SURROGATE = '\ud800';
const HUGE = 'a'.repeat(100_000);

/** Values meant to pass a schema (best effort: the point is to reach the handler). */
export class Sampler {
  private n = 0;
  constructor(
    private readonly doc: Schema,
    private readonly random: () => number,
    private readonly pools: IdPools,
  ) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** An id for a field or parameter: one of ours mostly, another office's sometimes, else a fresh UUID. */
  id(name: string): { value: string; foreign: boolean } {
    const own = this.pools.own[name] ?? [];
    const foreign = this.pools.foreign[name] ?? [];
    const r = this.random();
    if (foreign.length && r < 0.25) return { value: this.pick(foreign), foreign: true };
    if (own.length && r < 0.8) return { value: this.pick(own), foreign: false };
    return { value: crypto.randomUUID(), foreign: false };
  }

  value(schema: Schema | undefined, name = '', depth = 0, foreign: string[] = []): unknown {
    const s = resolve(this.doc, schema);
    if (depth > 8) return null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum)) return this.pick(s.enum);
    const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (union) {
      const branches = union.filter((b) => resolve(this.doc, b).type !== 'null');
      return this.value(branches.length ? this.pick(branches) : union[0], name, depth, foreign);
    }
    if (Array.isArray(s.allOf)) return this.value(s.allOf[0], name, depth, foreign);
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    switch (type ?? (s.properties ? 'object' : undefined)) {
      case 'object': {
        const out: Record<string, unknown> = {};
        const required = new Set<string>(s.required ?? []);
        for (const [key, prop] of Object.entries<Schema>(s.properties ?? {})) {
          if (required.has(key) || this.chance(0.5)) out[key] = this.value(prop, key, depth + 1, foreign);
        }
        return out;
      }
      case 'array': {
        const min = s.minItems ?? 0;
        const count = Math.min(s.maxItems ?? min + 2, min + Math.floor(this.random() * 3));
        return Array.from({ length: count }, () => this.value(s.items, name, depth + 1, foreign));
      }
      case 'integer':
      case 'number': {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
        const max = s.maximum ?? Math.max(min, 10);
        const v = min + this.random() * (max - min);
        return type === 'integer' ? Math.round(v) : v;
      }
      case 'boolean':
        return this.chance(0.5);
      case 'string':
        return this.string(s, name, foreign);
      default:
        return this.chance(0.5) ? 'nilai' : 1;
    }
  }

  private string(s: Schema, name: string, foreign: string[]): string {
    if (s.format === 'uuid' || /(^id$|Id$)/.test(name)) {
      const { value, foreign: isForeign } = this.id(name);
      if (isForeign) foreign.push(value);
      if (s.format === 'uuid' || !s.pattern || new RegExp(s.pattern).test(value)) return value;
    }
    if (s.format === 'email') return `fuzz-${++this.n}-${Math.floor(this.random() * 1e9)}@example.org`;
    if (s.format === 'date') return this.pick(['2026-03-20', '2026-01-01', '2025-12-31']);
    if (s.format === 'date-time') return this.pick(['2026-03-20T02:00:00.000Z', '2026-12-31T23:59:59+07:00']);
    if (s.format === 'uri' || /url$/i.test(name))
      return this.pick(['https://example.org/hook', 'http://127.0.0.1:9/']);
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
      if (hit) return hit;
    }
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? 40;
    let text = this.pick(['Uji Tata Laman', 'Rapat Pleno KPU', 'Pemilu 2029 🗳️', 'ñ ü ß — 東京', 'x']);
    while (text.length < min) text += ' uji';
    return text.slice(0, Math.max(min, Math.min(max, text.length)));
  }
}

/** Strings in a JSON value changed by `f` (keys kept; at most `limit` of them), for the NUL/surrogate/huge variants. */
function mapStrings(value: unknown, f: (s: string) => string, limit = Infinity): unknown {
  let left = limit;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return left-- > 0 ? f(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/** Every leaf of a JSON value replaced by a value of another type. */
function wrongTypes(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'bukan angka';
  if (typeof value === 'boolean') return 'ya';
  if (value === null) return { nil: true };
  if (Array.isArray(value)) return { items: value.map(wrongTypes) };
  if (typeof value === 'object') return Object.values(value as object).map(wrongTypes);
  return value;
}

const deepJson = (levels: number) => '['.repeat(levels) + '"dalam"' + ']'.repeat(levels);

/** JSON bodies: the valid one, then what an attacker or a careless client sends instead. */
const BODY_VARIANTS = [
  'valid',
  'missing-fields',
  'extra-fields',
  'wrong-types',
  'nul',
  'surrogate',
  'huge-string',
  'deep-nesting',
  'very-deep-nesting',
  'null-body',
  'array-body',
  'not-json',
  'no-body',
] as const;

const PATH_VARIANTS = ['nul', 'undecodable', 'long', 'traversal', 'quote'] as const;
const QUERY_VARIANTS = ['wrong-types', 'nul', 'undecodable', 'huge', 'repeated', 'unknown'] as const;

function hostileSegment(kind: (typeof PATH_VARIANTS)[number]): string {
  switch (kind) {
    case 'nul':
      return 'a%00b';
    case 'undecodable':
      return '%ED%A0%80';
    case 'long':
      return 'x'.repeat(20_000);
    case 'traversal':
      return '..%2F..%2Fetc%2Fpasswd';
    case 'quote':
      return "x'%20OR%20'1'%3D'1";
  }
}

function hostileQuery(kind: (typeof QUERY_VARIANTS)[number], name: string): string {
  switch (kind) {
    case 'wrong-types':
      return `${name}=${encodeURIComponent('{"$gt":""}')}`;
    case 'nul':
      return `${name}=a%00b`;
    case 'undecodable':
      return `${name}=%ED%A0%80%FF`;
    case 'huge':
      return `${name}=${'q'.repeat(10_000)}`;
    case 'repeated':
      return `${name}=1&${name}=2`;
    case 'unknown':
      return `${name}=1&__proto__%5Bpolluted%5D=1&constructor=x`;
  }
}

/** A query string of values meant to be valid. */
function validQuery(op: Operation, sampler: Sampler, foreign: string[]): string {
  const parts: string[] = [];
  for (const q of op.queryParams) {
    if (!q.required && !sampler.chance(0.4)) continue;
    const v = sampler.value(q.schema, q.name, 0, foreign);
    parts.push(`${encodeURIComponent(q.name)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

export interface Principal {
  name: 'member' | 'non-member' | 'anonymous' | 'platform-admin';
  token?: string;
  office?: string;
}

/**
 * The requests for one operation as one principal. `variants` says how many hostile
 * variations besides the valid request (a subset, chosen by the sampler, when fewer than all).
 */
export function requestsFor(
  op: Operation,
  principal: Principal,
  sampler: Sampler,
  variants: number,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const build = (
    variant: string,
    f: (r: {
      path: string[];
      query: string;
      body?: string | Buffer;
      contentType?: string;
      headers: Record<string, string>;
    }) => void,
  ) => {
    const foreign: string[] = [];
    const foreignInPath: string[] = [];
    const path = op.path.split('/').map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment;
      const name = m[1]!;
      if (name === 'office') return principal.office ?? 'kpu-prov-jateng';
      const param = op.pathParams.find((p) => p.name === name);
      return encodeURIComponent(String(sampler.value(param?.schema, name, 0, foreignInPath)));
    });
    const headers: Record<string, string> = {
      'accept-language': sampler.pick(['id', 'en', 'en-US,en;q=0.9', 'fr', '*', 'id;q=0']),
    };
    if (principal.token) headers.authorization = `Bearer ${principal.token}`;
    if (op.method !== 'GET') headers['idempotency-key'] = crypto.randomUUID();
    let body: string | Buffer | undefined;
    let contentType: string | undefined;
    if (op.body?.schema) {
      body = JSON.stringify(sampler.value(op.body.schema, '', 0, foreign));
      contentType = 'application/json';
    } else if (op.body) {
      contentType = op.body.mediaTypes[0];
      body =
        contentType?.includes('yaml') || contentType === 'text/plain'
          ? 'key: uji\nversion: 1\n'
          : Buffer.from('%PDF-1.4\n%uji\n');
    }
    const r = { path, query: validQuery(op, sampler, foreign), body, contentType, headers };
    f(r);
    if (r.contentType && r.body !== undefined) r.headers['content-type'] ??= r.contentType;
    out.push({
      operation: op,
      variant,
      method: op.method,
      url: r.path.join('/') + (r.query ? `?${r.query}` : ''),
      headers: r.headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
      foreignInPath,
      foreignElsewhere: foreign,
    });
  };

  build('valid', () => undefined);
  const hostile: [string, Parameters<typeof build>[1]][] = [];
  const idParams = op.pathParams.filter((p) => p.name !== 'office');
  for (const kind of PATH_VARIANTS) {
    if (!idParams.length && kind !== 'nul') continue;
    hostile.push([
      `path-${kind}`,
      (r) => {
        // The office segment when there is no other parameter: the office is a path value too.
        const target = idParams.length ? `{${sampler.pick(idParams).name}}` : '{office}';
        const index = op.path.split('/').indexOf(target);
        if (index >= 0) r.path[index] = hostileSegment(kind);
      },
    ]);
  }
  for (const kind of QUERY_VARIANTS) {
    const name = op.queryParams.length ? sampler.pick(op.queryParams).name : 'q';
    hostile.push([
      `query-${kind}`,
      (r) => (r.query = [r.query, hostileQuery(kind, name)].filter(Boolean).join('&')),
    ]);
  }
  if (op.body?.schema) {
    for (const kind of BODY_VARIANTS.slice(1)) {
      hostile.push([
        `body-${kind}`,
        (r) => {
          const valid = JSON.parse(String(r.body));
          switch (kind) {
            case 'missing-fields':
              r.body = JSON.stringify(
                valid && typeof valid === 'object' ? Object.fromEntries(Object.entries(valid).slice(1)) : {},
              );
              break;
            case 'extra-fields':
              r.body = JSON.stringify(valid).replace(
                /^\{/,
                '{"__proto__":{"polluted":true},"constructor":{"prototype":{"admin":true}},"tambahan":"x",',
              );
              break;
            case 'wrong-types':
              r.body = JSON.stringify(wrongTypes(valid));
              break;
            case 'nul':
              r.body = JSON.stringify(mapStrings(valid, (s) => `${s}${NUL}x`));
              break;
            case 'surrogate':
              r.body = JSON.stringify(mapStrings(valid, (s) => `${s}${SURROGATE}`));
              break;
            case 'huge-string':
              // At most 8 strings of 100,000 characters: under the 1 MB body limit.
              r.body = JSON.stringify(mapStrings(valid, () => HUGE, 8));
              break;
            case 'deep-nesting':
              r.body = JSON.stringify(valid).replace(/^\{/, `{"dalam":${deepJson(100)},`);
              break;
            case 'very-deep-nesting':
              r.body = JSON.stringify(valid).replace(/^\{/, `{"dalam":${deepJson(5_000)},`);
              break;
            case 'null-body':
              r.body = 'null';
              break;
            case 'array-body':
              r.body = '[]';
              break;
            case 'not-json':
              r.body = '{"kode": ';
              break;
            case 'no-body':
              r.body = undefined;
              delete r.headers['content-type'];
              break;
          }
        },
      ]);
    }
  }
  if (op.body && !op.body.schema) {
    // Uploads: the wrong type, text with NUL bytes and invalid UTF-8, YAML nested 5,000 deep.
    hostile.push([
      'upload-wrong-type',
      (r) => ((r.contentType = 'text/html'), (r.body = '<script>alert(1)</script>')),
    ]);
    hostile.push(['upload-nul', (r) => (r.body = Buffer.from(`key: a${NUL}b\n`))]);
    hostile.push([
      'upload-invalid-utf8',
      (r) => (r.body = Buffer.from([0x6b, 0x3a, 0x20, 0xed, 0xa0, 0x80, 0xff, 0x0a])),
    ]);
    hostile.push(['upload-deep-yaml', (r) => (r.body = deepJson(5_000))]);
  }
  if (op.method !== 'GET') {
    hostile.push(['no-idempotency-key', (r) => delete r.headers['idempotency-key']]);
    hostile.push(['bad-idempotency-key', (r) => (r.headers['idempotency-key'] = 'kunci dengan spasi \xe9')]);
  }
  hostile.push(['odd-language', (r) => (r.headers['accept-language'] = 'x'.repeat(2_000))]);
  hostile.push(['odd-request-id', (r) => (r.headers['x-request-id'] = "'; DROP TABLE x;--")]);

  // A stable subset when fewer variants are wanted: shuffled by the seeded sampler.
  for (let i = hostile.length - 1; i > 0; i--) {
    const j = sampler.pick([...Array(i + 1).keys()]);
    [hostile[i], hostile[j]] = [hostile[j]!, hostile[i]!];
  }
  for (const [variant, f] of hostile.slice(0, variants)) build(variant, f);
  return out;
}
