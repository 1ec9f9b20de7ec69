import type { LocalizedMessage } from '@tatalaman/contracts';
import { z } from 'zod';

// English text → Bahasa Indonesia, for the custom messages of API schemas.
const translations = new Map<string, string>();

/**
 * A custom validation message in both languages. zod carries one string per issue, so
 * the English text travels in the issue and the Indonesian one is looked up here:
 *
 *   z.string().min(10, bilingual('Minimal 10 karakter', 'At least 10 characters'))
 */
export function bilingual(id: string, en: string): string {
  const known = translations.get(en);
  if (known !== undefined && known !== id) {
    throw new Error(`Two Indonesian texts for one English validation message: ${JSON.stringify(en)}.`);
  }
  translations.set(en, id);
  return en;
}

const localeId = z.locales.id().localeError;
const localeEn = z.locales.en().localeError;

function fromLocale(
  fn: (issue: never) => string | { message: string } | undefined | null,
  issue: z.core.$ZodIssue,
): string | undefined {
  const out = fn(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? undefined);
}

/**
 * Both languages of one zod issue: the schema's own bilingual message when it has one,
 * otherwise zod's Indonesian and English locales (which need the issue's input: parse
 * with `reportInput: true`).
 */
export function localizeIssue(issue: z.core.$ZodIssue): LocalizedMessage {
  const custom = translations.get(issue.message);
  if (custom !== undefined) return { id: custom, en: issue.message };
  const en = fromLocale(localeEn, issue);
  // A custom message nobody translated: show it as written rather than a generic one.
  if (en === undefined || en !== issue.message) return { id: issue.message, en: issue.message };
  return { id: fromLocale(localeId, issue) ?? issue.message, en };
}
