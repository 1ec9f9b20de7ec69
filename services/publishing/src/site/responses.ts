// What every public-site response carries: content types, caching and security headers,
// and the shapes of the HTML, JSON and not-found responses a route renders to.
import { type EntrySpec } from './page-cache';
import { CSS_HASH } from './render/styles';
import { notFoundPage, type SiteContext } from './render/templates';

/** A rendered response, before the cache stamps it with its office and site version. */
export type ResponseSpec = Omit<EntrySpec, 'office' | 'version'>;

export const HTML = 'text/html; charset=utf-8';
export const SECURITY = [
  'Content-Security-Policy',
  `default-src 'none'; img-src 'self'; media-src 'self'; font-src 'self'; style-src ${CSS_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'Referrer-Policy',
  'strict-origin-when-cross-origin',
  'X-Frame-Options',
  'DENY',
];
export const CORS = ['Access-Control-Allow-Origin', '*'];
export const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400';
export const FEED_CACHE = 'public, max-age=300, stale-if-error=86400';
export const SHORT_CACHE = 'public, max-age=30';

export const htmlPage = (body: string, lastModified?: Date | null): ResponseSpec => ({
  status: 200,
  contentType: HTML,
  body,
  cacheControl: PAGE_CACHE,
  extraHeaders: SECURITY,
  lastModified,
});

export const jsonBody = (body: unknown, cacheControl = PAGE_CACHE): ResponseSpec => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  cacheControl,
  extraHeaders: CORS,
});

export function notFound(ctx: SiteContext | null): ResponseSpec {
  return {
    status: 404,
    contentType: HTML,
    body: notFoundPage(ctx),
    cacheControl: SHORT_CACHE,
    extraHeaders: SECURITY,
  };
}
