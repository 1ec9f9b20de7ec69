/**
 * Body HTML as content stores it and publishing shows it (docs/content.md): the
 * allow-list both services sanitize with, so the two passes cannot drift apart.
 */
export const BODY_HTML_TAGS = [
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'blockquote',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'code',
  'pre',
  'a',
  'img',
  'figure',
  'figcaption',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
] as const;

/** `attachment:<uuid>`: how a body refers to a file of its own item. */
export const ATTACHMENT_REF = /^attachment:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A placeholder origin: links are resolved as from one of the office's pages, `/<office>/<type>/<slug>`. */
const SITE = 'https://site.invalid';

/**
 * Where a link of a body may point, as both sanitizers keep it. A link with a scheme is
 * left to the scheme allow-list. A link without one is resolved as the office's pages
 * resolve it (every page is `/<office>/<type>/<slug>`) and kept, as an absolute path, only
 * while it stays inside the office's own site; one that climbs out — `../../other-office/`,
 * `/api/…`, `%2e%2e/`, `..%2f`, `/\host`, another host — is dropped (null). A fragment stays as is.
 */
export function bodyLinkTarget(href: string, office: string): string | null {
  const link = href.trim();
  if (link.startsWith('#')) return link;
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  // Encoded separators are a path's way to hide a climb from one parser and not another.
  if (/%2f|%5c/i.test(link)) return null;
  let url: URL;
  try {
    url = new URL(link, `${SITE}/${office}/_/_`);
  } catch {
    return null;
  }
  if (url.origin !== SITE) return null;
  if (url.pathname !== `/${office}` && !url.pathname.startsWith(`/${office}/`)) return null;
  return url.pathname + url.search + url.hash;
}
