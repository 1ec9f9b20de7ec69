import { createHash } from 'node:crypto';

/**
 * A UUID derived from names (SHA-1, RFC 9562 version 5 layout): the same task,
 * decision or notification gets the same id wherever it is first recorded, so
 * concurrent paths (the run's events, a forwarded decision, the notifier) agree
 * without asking each other.
 */
export function stableUuid(...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(parts.map(String).join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function taskIdFor(office: string, workflowId: string, stepId: string, attempt: number): string {
  return stableUuid('task', office, workflowId, stepId, attempt);
}

export function decisionIdFor(
  office: string,
  workflowId: string,
  stepId: string,
  attempt: number,
  outcome: string,
  ordinal: number,
  deadline?: string,
): string {
  // Without a deadline, the ids of decisions recorded before deadlines could be extended.
  return deadline
    ? stableUuid('decision', office, workflowId, stepId, attempt, outcome, ordinal, deadline)
    : stableUuid('decision', office, workflowId, stepId, attempt, outcome, ordinal);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque paging cursors: the sort key of the last row returned. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === length && parsed.every((v) => typeof v === 'string')) {
      return parsed as string[];
    }
  } catch {
    // fall through to the refusal below
  }
  return undefined;
}

export function pageLimit(limit: number | undefined, fallback = 50, max = 200): number {
  if (limit === undefined) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}
