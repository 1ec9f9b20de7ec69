import { indonesianOf, type LocalizedMessage } from '@tatalaman/contracts';
import { z } from 'zod';

/** Custom messages are written with `bilingual` of the contracts, so schemas of both speak alike. */
export { bilingual } from '@tatalaman/contracts';

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
  const custom = indonesianOf(issue.message);
  if (custom !== undefined) return { id: custom, en: issue.message };
  const en = fromLocale(localeEn, issue);
  // A custom message nobody translated: show it as written rather than a generic one.
  if (en === undefined || en !== issue.message) return { id: issue.message, en: issue.message };
  return { id: fromLocale(localeId, issue) ?? issue.message, en };
}
