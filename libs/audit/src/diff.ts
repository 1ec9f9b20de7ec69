export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface DiffOptions {
  /** Fields left out entirely (timestamps the database sets, for instance). */
  ignore?: readonly string[];
  /** Fields whose values never leave the service (password hashes, key hashes): shown as "***". */
  redact?: readonly string[];
}

const REDACTED = '***';

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function plain(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value === undefined ? null : value;
}

/**
 * Field-level difference of two versions of a record (null = did not exist),
 * top-level fields in sorted order. Nested objects and arrays compare as
 * values: a changed list is one change with the whole old and new list.
 */
export function diffFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  options: DiffOptions = {},
): FieldChange[] {
  const ignore = new Set(options.ignore ?? []);
  const redact = new Set(options.redact ?? []);
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (ignore.has(field)) continue;
    const a = before?.[field];
    const b = after?.[field];
    if (same(a, b)) continue;
    changes.push(
      redact.has(field)
        ? { field, old: a === undefined ? null : REDACTED, new: b === undefined ? null : REDACTED }
        : { field, old: plain(a), new: plain(b) },
    );
  }
  return changes;
}
