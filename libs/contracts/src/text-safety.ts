import type { LocalizedMessage } from './commands';

/**
 * Text that may enter the platform. Postgres refuses a NUL in `text` (`invalid byte
 * sequence for encoding "UTF8": 0x00`) and both a NUL and a lone UTF-16 surrogate in
 * `jsonb` (`\u0000`, `\ud800`), and JSON nested thousands deep overflows every recursive
 * walk (canonical JSON, hashing). So: no string (value or key) with a NUL or a lone
 * surrogate, no nesting deeper than MAX_JSON_DEPTH. The gateway refuses such input at
 * the edge (400), every command handler refuses it again (the messaging library), and
 * the outbox makes events well-formed whatever reaches it. One rule, in one place.
 */

/** Deepest nesting of arrays and objects accepted from outside; the platform's own bodies stay below 10. */
export const MAX_JSON_DEPTH = 64;

export type UnsafeTextReason = 'nul' | 'lone-surrogate' | 'too-deep';

export interface UnsafeText {
  /** Where: object keys and array indexes from the root (for a bad key, ending with that key). */
  path: (string | number)[];
  reason: UnsafeTextReason;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** What is wrong with one string, if anything. */
export function textFault(text: string): 'nul' | 'lone-surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  return undefined;
}

/**
 * The first string (value or key) with a NUL or a lone surrogate, or the first container
 * nested deeper than `maxDepth`, in a JSON-like value. Iterative, so it is safe on input
 * nested any depth.
 */
export function findUnsafeText(value: unknown, maxDepth = MAX_JSON_DEPTH): UnsafeText | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = textFault(v);
      if (reason) return { path, reason };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return { path, reason: 'too-deep' };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    // Buffers, dates and the like carry no text of their own that reaches Postgres as a string.
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) continue;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const reason = textFault(key);
      if (reason) return { path: [...path, key], reason };
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}

/** Why a value was refused, for people (Bahasa Indonesia first). */
export const UNSAFE_TEXT_MESSAGES: Record<UnsafeTextReason, LocalizedMessage> = {
  nul: {
    id: 'Teks tidak boleh memuat karakter NUL (\\u0000).',
    en: 'Text must not contain a NUL character (\\u0000).',
  },
  'lone-surrogate': {
    id: 'Teks memuat surrogate UTF-16 tanpa pasangan: bukan Unicode yang sah.',
    en: 'Text contains an unpaired UTF-16 surrogate: it is not valid Unicode.',
  },
  'too-deep': {
    id: `Data bersarang terlalu dalam (paling banyak ${MAX_JSON_DEPTH} tingkat).`,
    en: `Data is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
  },
};

/**
 * The same text with every NUL and lone surrogate replaced by U+FFFD, the character
 * Postgres already stores for a lone surrogate written to a `text` column.
 */
export function wellFormedText(text: string): string {
  return textFault(text) ? text.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATES, '\ufffd') : text;
}

/** `JSON.stringify` whose output Postgres `jsonb` always accepts (see wellFormedText). */
export function wellFormedJson(value: unknown): string {
  return JSON.stringify(value, (_key: string, v: unknown) => {
    if (typeof v === 'string') return wellFormedText(v);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => textFault(k))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [wellFormedText(k), x]));
    }
    return v;
  });
}
