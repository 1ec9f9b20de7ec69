/**
 * Turns what a contenteditable produced into the clean HTML the content service keeps
 * (docs/content.md, "Body HTML allow-list"): the toolbar's elements only, no styles,
 * classes or spans, images as `attachment:<id>`. The server sanitizes again; this keeps
 * revisions and their diffs free of browser noise.
 *
 * Works on anything shaped like a DOM node, so it runs in the browser on the editor's
 * nodes and in unit tests on plain objects.
 */
export interface DomLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomLike>;
  getAttribute?(name: string): string | null;
}

const TEXT = 3;
const ELEMENT = 1;

/** Element name → the name kept (`null`: dropped, children kept). */
const RENAME: Record<string, string | null> = {
  H1: 'h2',
  H2: 'h2',
  H3: 'h3',
  H4: 'h4',
  H5: 'h4',
  H6: 'h4',
  P: 'p',
  DIV: 'p',
  BLOCKQUOTE: 'blockquote',
  UL: 'ul',
  OL: 'ol',
  LI: 'li',
  STRONG: 'strong',
  B: 'strong',
  EM: 'em',
  I: 'em',
  U: 'u',
  S: 's',
  STRIKE: 's',
  SUB: 'sub',
  SUP: 'sup',
  A: 'a',
  BR: 'br',
  FIGURE: 'figure',
  FIGCAPTION: 'figcaption',
  IMG: 'img',
  SPAN: null,
  FONT: null,
};

const BLOCKS = new Set(['h2', 'h3', 'h4', 'p', 'blockquote', 'ul', 'ol', 'figure']);
const DROP = new Set([
  'SCRIPT',
  'STYLE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'TEMPLATE',
  'META',
  'LINK',
  'SVG',
  'FORM',
]);
const SAFE_HREF = /^(https?:|mailto:|tel:|attachment:[0-9a-f-]{36}$)/i;

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** The attachment an editor image stands for: `data-attachment-id`, or an `attachment:` src. */
function imageAttachment(node: DomLike): string | null {
  const id = node.getAttribute?.('data-attachment-id');
  if (id) return id;
  const src = node.getAttribute?.('src') ?? '';
  return src.startsWith('attachment:') ? src.slice('attachment:'.length) : null;
}

function serialize(node: DomLike): string {
  if (node.nodeType === TEXT) return escapeText((node.textContent ?? '').replace(/\u00a0/g, ' '));
  if (node.nodeType !== ELEMENT || DROP.has(node.nodeName.toUpperCase())) return '';
  const name = node.nodeName.toUpperCase();
  const tag = Object.hasOwn(RENAME, name) ? RENAME[name] : null;
  const inner = () => children(node);
  if (tag === null || tag === undefined) return inner();
  switch (tag) {
    case 'br':
      return '<br>';
    case 'img': {
      const id = imageAttachment(node);
      if (!id) return '';
      const alt = node.getAttribute?.('alt') ?? '';
      return `<img src="attachment:${escapeAttr(id)}" alt="${escapeAttr(alt)}">`;
    }
    case 'a': {
      const href = (node.getAttribute?.('href') ?? '').trim();
      const body = inner();
      if (!SAFE_HREF.test(href)) return body;
      return body ? `<a href="${escapeAttr(href)}">${body}</a>` : '';
    }
    default: {
      const body = inner();
      if (!body.replace(/<br>/g, '').trim() && tag !== 'p' && tag !== 'li') return '';
      if (tag === 'p' && (!body || body === '<br>')) return '';
      return `<${tag}>${body}</${tag}>`;
    }
  }
}

function children(node: DomLike): string {
  let out = '';
  for (let i = 0; i < node.childNodes.length; i++) out += serialize(node.childNodes[i]!);
  return out;
}

/**
 * The body HTML of an editor root: its children cleaned, loose text and inline elements at
 * the top level gathered into paragraphs, empty paragraphs dropped.
 */
export function cleanEditorHtml(root: DomLike): string {
  const parts: string[] = [];
  let loose = '';
  const flushLoose = () => {
    const trimmed = loose.replace(/^(<br>)+|(<br>)+$/g, '');
    if (trimmed.trim()) parts.push(`<p>${trimmed.trim()}</p>`);
    loose = '';
  };
  for (let i = 0; i < root.childNodes.length; i++) {
    const child = root.childNodes[i]!;
    const html = serialize(child);
    const name = child.nodeType === ELEMENT ? RENAME[child.nodeName.toUpperCase()] : null;
    if (name && BLOCKS.has(name)) {
      flushLoose();
      if (html) parts.push(html);
    } else {
      loose += html;
    }
  }
  flushLoose();
  return parts.join('');
}

/** The plain text of body HTML (for counts and previews), without a DOM. */
export function textOf(html: string): string {
  return html
    .replace(/<(br|\/p|\/h\d|\/li|\/blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}
