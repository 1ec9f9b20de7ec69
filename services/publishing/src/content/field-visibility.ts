import { type ContentFieldView, standardFieldKeys } from '@tatalaman/contracts';

/** A shown field's label from the definition, in the definition's order. */
export interface FieldLabel {
  key: string;
  label: ContentFieldView['label'];
}

/** What of an item's fields may go public, and the labels the definition gives them. */
export interface PublicFields {
  fields: Record<string, unknown>;
  /** Declared labels of the kept fields (undeclared built-in fields use the site's own labels). */
  labels: FieldLabel[];
}

/**
 * Keeps the fields the public may see: a field declared `public`, or an undeclared built-in
 * field of a standard type (what the site always showed). Everything else (declared
 * `internal`, or undeclared on a custom type, where personal data is likely) is dropped
 * here, before the page is written, so no reader of the page (site, feeds, JSON API,
 * webhooks, search) can ever see it.
 */
export function publicFields(
  type: string,
  fields: Record<string, unknown>,
  declared: readonly ContentFieldView[],
): PublicFields {
  const byKey = new Map(declared.map((f) => [f.key, f]));
  const builtIn = new Set(standardFieldKeys(type));
  const kept: Record<string, unknown> = {};
  const labels: FieldLabel[] = [];
  // Declared fields first, in the definition's order; then undeclared built-in ones.
  const keys = [...declared.map((f) => f.key), ...Object.keys(fields).filter((k) => !byKey.has(k))];
  for (const key of keys) {
    if (!Object.hasOwn(fields, key)) continue;
    const d = byKey.get(key);
    if (d ? d.visibility !== 'public' : !builtIn.has(key)) continue;
    kept[key] = fields[key];
    if (d) labels.push({ key, label: d.label });
  }
  return { fields: kept, labels };
}
