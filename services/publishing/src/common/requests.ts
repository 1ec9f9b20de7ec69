import { OFFICE_SLUG } from '@tatalaman/contracts';
import { CommandFailure } from '@tatalaman/messaging';
import { z } from 'zod';

/** Shapes every publishing request shares; handlers parse requests with zod (a ZodError answers 400). */
export const office = z.string().regex(OFFICE_SLUG);
export const actor = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});
export const uuid = z.uuid();
export const idempotencyKey = z.string().min(1).max(300);
export const mutation = { office, actor, idempotencyKey };
/** What the gateway says of the caller (commands that decide on it). */
export const caller = {
  officeAdmin: z.boolean().optional(),
  roles: z
    .array(z.object({ role: z.string().min(1).max(200), onBehalfOf: actor.optional() }))
    .max(200)
    .optional(),
};
export const page = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
};

type Missing = 'publication' | 'schedule' | 'webhook' | 'delivery' | 'channel' | 'office';

const missing: Record<Missing, { id: string; en: string }> = {
  publication: { id: 'Publikasi tidak ditemukan.', en: 'Publication not found.' },
  schedule: { id: 'Jadwal terbit tidak ditemukan.', en: 'Publication schedule not found.' },
  webhook: { id: 'Webhook tidak ditemukan.', en: 'Webhook not found.' },
  delivery: { id: 'Pengiriman webhook tidak ditemukan.', en: 'Webhook delivery not found.' },
  channel: { id: 'Kanal media sosial tidak ditemukan.', en: 'Social-media channel not found.' },
  office: { id: 'Kantor tidak ditemukan.', en: 'Office not found.' },
};

/** Not found, also for another office's data: the answer never tells which. */
export function notFound(what: Missing): CommandFailure {
  return new CommandFailure(404, `${what}-not-found`, missing[what]);
}

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
    throw new CommandFailure(400, 'invalid-cursor', {
      id: 'Kursor halaman tidak valid.',
      en: 'The page cursor is not valid.',
    });
  }
}
