import { OFFICE_SLUG } from '@tatalaman/contracts';
import { CommandFailure } from '@tatalaman/messaging';
import { z } from 'zod';

/** Shapes every content request shares; handlers parse requests with zod (a ZodError answers 400). */
export const office = z.string().regex(OFFICE_SLUG);
export const actor = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});
export const uuid = z.uuid();
export const contentType = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/);
export const tag = z.string().trim().min(1).max(64);

export const mutation = {
  office,
  actor,
  roles: z.array(z.string().min(1).max(64)).max(100).optional(),
  idempotencyKey: z.string().min(1).max(200),
};

export const page = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
};

type Missing = 'item' | 'revision' | 'attachment';

const missing: Record<Missing, { id: string; en: string }> = {
  item: { id: 'Konten tidak ditemukan.', en: 'Content item not found.' },
  revision: { id: 'Revisi tidak ditemukan.', en: 'Revision not found.' },
  attachment: { id: 'Lampiran tidak ditemukan.', en: 'Attachment not found.' },
};

/** Not found, also for another office's data: the answer never tells which. */
export function notFound(what: Missing): CommandFailure {
  return new CommandFailure(404, `${what}-not-found`, missing[what]);
}
