import { z } from 'zod';

/** Paging for list queries: an opaque cursor from the previous page. */
export interface Page {
  limit?: number;
  cursor?: string;
}

// Field shapes several services' contracts share, written once.

/**
 * A revision or version number: Postgres keeps them as `integer`, so anything above
 * 2,147,483,647 is refused as a request, not met as a database error.
 */
export const serialNumber = z.number().int().min(1).max(2_147_483_647);

/** An ISO 8601 instant as the services write it (`2026-03-20T02:00:00.000Z`). */
export const instant = z.iso.datetime({ offset: true });

/** A text in Bahasa Indonesia and English (`LocalizedMessage`), as views carry it. */
export const localizedText = z.object({
  id: z.string().describe('Bahasa Indonesia'),
  en: z.string().describe('English'),
});

/** `id` (Bahasa Indonesia) or `en`. */
export const languageCode = z.enum(['id', 'en']);
