import { ATTACHMENT_REF, BODY_HTML_TAGS, bodyLinkTarget } from '@tatalaman/contracts';
import sanitizeHtml from 'sanitize-html';

/**
 * The body HTML allow-list (docs/content.md): structure and emphasis, links with safe
 * schemes, tables, and images that are attachments of the same item. Everything else
 * is dropped on the way in: scripts, styles, event handlers, `style`/`class`
 * attributes, iframes, forms, and images from anywhere else.
 */

export interface BodyAttachment {
  kind: 'image' | 'document' | 'video';
  alt: string | null;
}

export interface SanitizedBody {
  html: string;
  /** Plain text (for search and the word diff). */
  text: string;
  /** Attachment ids the body refers to. */
  references: string[];
}

/** Longest body accepted, in characters of HTML (keeps each revision's events well under 1 MB). */
export const MAX_BODY_CHARS = 200_000;

/**
 * `office`: the office whose site shows the body; a link without scheme that leads out of
 * that site (`../../other-office/…`) loses its target (bodyLinkTarget).
 */
export function sanitizeBody(
  html: string,
  attachments: ReadonlyMap<string, BodyAttachment>,
  office: string,
): SanitizedBody {
  const references = new Set<string>();
  const refOf = (value: string | undefined) => ATTACHMENT_REF.exec(value ?? '')?.[1]?.toLowerCase();
  const clean = sanitizeHtml(html, {
    allowedTags: [...BODY_HTML_TAGS],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      ol: ['start', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { a: ['http', 'https', 'mailto', 'tel', 'attachment'], img: ['attachment'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Text inside these is dropped with the tag, not kept as text.
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
        const href = attribs.href;
        // A link to an attachment of another item (or none) loses its target but keeps its text.
        if (href && /^attachment:/i.test(href)) {
          const id = refOf(href);
          if (!id || !attachments.has(id)) {
            const { href: _dropped, ...rest } = attribs;
            return { tagName, attribs: rest };
          }
          references.add(id);
          return { tagName, attribs: { ...attribs, href: `attachment:${id}` } };
        }
        if (href) {
          const target = bodyLinkTarget(href, office);
          if (target !== null) return { tagName, attribs: { ...attribs, href: target } };
          const { href: _outOfSite, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        return { tagName, attribs };
      },
      img: (tagName, attribs) => {
        const id = refOf(attribs.src);
        const file = id ? attachments.get(id) : undefined;
        if (!id || !file || file.kind !== 'image')
          return { tagName: 'img', attribs: { 'data-drop': '1' } as Record<string, string> };
        references.add(id);
        // Accessibility: an image without its own alt text takes the attachment's.
        const alt = attribs.alt?.trim() ? attribs.alt : (file.alt ?? '');
        return { tagName, attribs: { ...attribs, src: `attachment:${id}`, alt } as Record<string, string> };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (frame.attribs['data-drop'] === '1' || !frame.attribs.src),
  });
  return { html: clean.trim(), text: htmlToText(clean), references: [...references] };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of sanitized HTML: blocks become lines, entities are decoded, white space is tidied. */
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
