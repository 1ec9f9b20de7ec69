import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and undefined fields left out, so equal
 * values give equal text whatever their key order. The one canonical form behind every
 * request fingerprint (idempotency keys, stored reports, the gateway's Idempotency-Key).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the canonical JSON of `value`, after `prefix` and a newline when given. */
export function canonicalHash(value: unknown, prefix?: string): string {
  const hash = createHash('sha256');
  if (prefix !== undefined) hash.update(`${prefix}\n`);
  return hash.update(canonicalJson(value)).digest('hex');
}

/** What a request asked for, without its key: the same key must come with the same hash. */
export function requestHash(request: object): string {
  const { idempotencyKey: _key, ...rest } = request as { idempotencyKey?: unknown };
  return canonicalHash(rest);
}
