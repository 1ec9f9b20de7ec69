import { z } from 'zod';

/** Paging for list queries: an opaque cursor from the previous page. */
export interface Page {
  limit?: number;
  cursor?: string;
}

/** A text in Bahasa Indonesia and English (`LocalizedMessage`), as views carry it. */
export const localizedText = z.object({
  id: z.string().describe('Bahasa Indonesia'),
  en: z.string().describe('English'),
});
