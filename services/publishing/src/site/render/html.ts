/**
 * Escaping on the way out: every value interpolated into `markup\`…\`` is escaped unless it
 * is already `Html` (a fragment built the same way, or the body HTML that was sanitized
 * on the way in and is passed through `trusted()` in one place).
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function part(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  return esc(value);
}

/**
 * The template tag of every page. (Named `markup`, not `html`, so that Prettier leaves the
 * templates' exact text alone instead of reformatting them as HTML documents.)
 */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Body HTML that went through the sanitizer when it was stored. */
export function trusted(sanitized: string): Html {
  return new Html(sanitized);
}

/** XML text and attribute values (feeds, sitemap). */
export function xml(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return esc(String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}
