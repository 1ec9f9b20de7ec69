import { instant, localizedText } from '@tatalaman/contracts';
import { z } from 'zod';
import type { ProblemCode } from '../http/problems';
import { apiSchema } from '../http/schemas';

/**
 * Pieces every domain API module (content, SOP registry, approvals, runs) shares: the
 * problems of a service that is down or slow, query shapes, and common views.
 */

/** A domain endpoint asks a service over NATS: it may be down (503) or slow (504). */
export const SERVICE_PROBLEMS = ['unavailable', 'timeout'] as const satisfies readonly ProblemCode[];

/** Commands that reach the runtime through another service (submit, decide, cancel) get longer. */
export const RUNTIME_TIMEOUT_MS = 30_000;

/** Paging of list queries: `limit` and the `nextCursor` of the previous page. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Page size.'),
  cursor: z.string().min(1).max(1000).optional().describe('`nextCursor` of the previous page.'),
};

/** A number in a query string, checked (and documented) with the contract's own schema. */
export function numberQuery<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), schema);
}

/** `true`/`false` in a query string. */
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A comma-separated list of values in a query string: `status=open,deciding`. */
export function listQuery<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/)
    .transform((v) => [...new Set(v.split(','))])
    .pipe(z.array(z.enum(values)).min(1).max(values.length))
    .describe(`Comma-separated, any of: ${values.join(', ')}.`);
}

/** Language of a rendering: `id` (default) or `en`. */
export const langQuery = z.enum(['id', 'en']).optional().describe('Language: `id` (default) or `en`.');

/** A run's workflow id (`sop-<office>-<digest>`, or a schedule's run id). */
export const workflowIdParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/);

/** An ISO 8601 instant as the services write it (`2026-03-20T02:00:00.000Z`). */
export { instant };

export const LocalizedTextView = apiSchema(
  'LocalizedText',
  localizedText,
  'A text in Bahasa Indonesia and English.',
);

/** `Content-Disposition` for a file name, ASCII fallback plus RFC 5987 UTF-8 (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Files and pages the API serves are documents of their own, not part of the console:
 * nothing in them runs (an SVG or HTML page from a definition, an uploaded file). They may
 * use the images and fonts they embed (a chart or sheet carries its font as a data URI).
 */
export const SANDBOX_CSP =
  "sandbox; default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";
