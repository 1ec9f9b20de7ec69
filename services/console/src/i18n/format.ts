/** Parameters of a message: `{name}` in the text is replaced by `params.name`. */
export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder stays as written (visible in review). */
export function fillTemplate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The placeholders a message uses, sorted: both languages of a key must use the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
