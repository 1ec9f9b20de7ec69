import { newKey } from '../lib/ids';

/** The header every mutating call carries: a fresh Idempotency-Key per operation. */
export function once(): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': newKey() };
}
