// The public sites' URLs: which route a URL names (checked against the office slug, type
// and slug patterns; unknown query parameters ignored) and the cache key of its response.
import { OFFICE_SLUG } from '@tatalaman/contracts';

export type Route =
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
/** First path segments that are not content types. */
const RESERVED = new Set(['cari', 'api', 'berkas', 'informasi-publik']);

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

/** The key a route's response is cached under; null for what is never cached. */
export function cacheKey(r: Route): string | null {
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
