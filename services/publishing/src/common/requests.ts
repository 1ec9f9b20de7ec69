import { COMMON_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';

/** Keyset cursor over (timestamp, id), opaque to callers. */
export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error();
    return { at, id };
  } catch {
    throw commandFailure(COMMON_ERRORS['invalid-cursor']);
  }
}
