import type { LocalizedMessage } from '@tatalaman/contracts';

/** Languages staff can read the API's messages in: Bahasa Indonesia first, English available. */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

/**
 * Picks the language of an `Accept-Language` header (RFC 9110 §12.5.4): the supported
 * language with the highest weight, `id` when none is acceptable or the header is absent.
 * `en-US` counts as `en`, `in` (the old code) as `id`.
 */
export function negotiateLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return DEFAULT_LANGUAGE;
  let best: { lang: Language; q: number; index: number } | undefined;
  text.split(',').forEach((part, index) => {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const lang: Language | undefined =
      primary === 'id' || primary === 'in' ? 'id' : primary === 'en' ? 'en' : undefined;
    if (!lang) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim() === 'q' && v !== undefined) q = Number.parseFloat(v);
    }
    if (!Number.isFinite(q) || q <= 0) return;
    if (!best || q > best.q) best = { lang, q, index };
  });
  return best?.lang ?? DEFAULT_LANGUAGE;
}

export function pick(message: LocalizedMessage, language: Language): string {
  return language === 'en' ? message.en : message.id;
}
