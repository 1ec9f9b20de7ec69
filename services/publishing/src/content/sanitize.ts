import { ATTACHMENT_REF, BODY_HTML_TAGS, bodyLinkTarget } from '@tatalaman/contracts';
import sanitizeHtml from 'sanitize-html';

/**
 * The site's own pass over body HTML on the way in. Content already sanitized it
 * (docs/content.md); this service does not trust that: the same allow-list again, with
 * `attachment:<id>` references rewritten to the public file URLs of this page, images
 * only from those URLs, and external links marked `rel="noopener noreferrer nofollow"`.
 */

export interface BodyMedia {
  kind: 'image' | 'document' | 'video';
  path: string;
  alt: string | null;
}

export interface SiteBody {
  html: string;
  text: string;
  /** Attachment ids the body shows or links to. */
  references: string[];
}

/** `office`: whose site shows it; links without scheme that lead out of it are dropped (bodyLinkTarget). */
export function sanitizeForSite(
  html: string,
  media: ReadonlyMap<string, BodyMedia>,
  office: string,
): SiteBody {
  const references = new Set<string>();
  const refOf = (value: string | undefined) => ATTACHMENT_REF.exec((value ?? '').trim())?.[1]?.toLowerCase();
  const clean = sanitizeHtml(html, {
    allowedTags: [...BODY_HTML_TAGS],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      ol: ['start', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: [] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'template',
      'title',
      'iframe',
      'object',
    ],
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => {
        const { href, title } = attribs;
        const out: Record<string, string> = {};
        if (title) out.title = title;
        if (href && /^\s*attachment:/i.test(href)) {
          const id = refOf(href);
          const file = id ? media.get(id) : undefined;
          if (id && file) {
            references.add(id);
            out.href = file.path;
          }
          return { tagName, attribs: out };
        }
        const target = href ? bodyLinkTarget(href, office) : null;
        if (target !== null) {
          out.href = target;
          if (/^https?:/i.test(target)) out.rel = 'noopener noreferrer nofollow';
        }
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const id = refOf(attribs.src);
        const file = id ? media.get(id) : undefined;
        if (!id || !file || file.kind !== 'image') return { tagName: 'img', attribs: { 'data-drop': '1' } };
        references.add(id);
        const out: Record<string, string> = {
          src: file.path,
          alt: attribs.alt?.trim() ? attribs.alt : (file.alt ?? ''),
          loading: 'lazy',
          decoding: 'async',
        };
        for (const k of ['title', 'width', 'height'] as const) if (attribs[k]) out[k] = attribs[k];
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (frame.attribs['data-drop'] === '1' || !frame.attribs.src),
  });
  return { html: clean.trim(), text: htmlToText(clean), references: [...references] };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of sanitized HTML (search, feeds' summaries): blocks become lines, entities decoded. */
export function htmlToText(html: string): string {
  const text = sanitizeHtml(
    html.replace(/<\/(p|h[1-6]|li|blockquote|pre|tr|figcaption|caption)>|<br\s*\/?>/gi, (m) => `${m}\n`),
    { allowedTags: [], allowedAttributes: {} },
  );
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text for text fields (title, summary, alt, file names): control characters removed, trimmed. */
export function plainText(value: string | null | undefined, max: number): string {
  return (
    (value ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .trim()
      .slice(0, max)
  );
}
