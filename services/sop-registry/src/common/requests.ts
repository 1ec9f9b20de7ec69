import { OFFICE_SLUG } from '@tatalaman/contracts';
import { CommandFailure } from '@tatalaman/messaging';
import { z } from 'zod';

/** Shapes every registry request shares; handlers parse requests with zod (a ZodError answers 400). */
export const office = z.string().regex(OFFICE_SLUG);
export const actor = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});
export const idempotencyKey = z.string().min(1).max(200);
export const definitionKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/);
export const version = z.number().int().positive();
export const contentTypeCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/);

export const mutation = {
  office,
  actor,
  officeAdmin: z.boolean().optional(),
  platformAdmin: z.boolean().optional(),
  roles: z.array(z.string().min(1).max(64)).max(100).optional(),
  idempotencyKey,
};

export function notFound(what: 'definition' | 'activation'): CommandFailure {
  return what === 'definition'
    ? new CommandFailure(404, 'definition-not-found', {
        id: 'Definisi SOP tidak ditemukan.',
        en: 'SOP definition not found.',
      })
    : new CommandFailure(404, 'activation-not-found', {
        id: 'Aktivasi SOP tidak ditemukan.',
        en: 'SOP activation not found.',
      });
}
