import { z } from 'zod';

/** The content service's vocabulary: content types, statuses, type-specific fields, attachment limits. */

/** The eight content types the seed SOPs name; an office's definitions may add custom codes. */
export const STANDARD_CONTENT_TYPES = [
  'berita',
  'artikel',
  'pengumuman',
  'regulasi',
  'data',
  'dokumentasi',
  'bahan-sosialisasi',
  'hasil-liputan',
] as const;
export type StandardContentType = (typeof STANDARD_CONTENT_TYPES)[number];

/**
 * - `draft`: being written (also after a run was rejected or cancelled: `lastOutcome` says why);
 * - `in-review`: its SOP run is going; `changes-requested`: a review sent it back to be revised;
 *   `postponed`: a review postponed the run (ditunda);
 * - `approved`: the run completed, publication pending; `published`: the publishing service put it
 *   on the website; `retracted`: taken off the website.
 */
export const CONTENT_STATUSES = [
  'draft',
  'in-review',
  'changes-requested',
  'postponed',
  'approved',
  'published',
  'retracted',
] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

// ---------------------------------------------------------------------------
// Type-specific fields. Saved drafts are checked for shape only; what a type needs
// before it can be submitted is in REQUIRED_ON_SUBMIT.

const isoDate = z.iso.date();
const shortText = z.string().trim().min(1).max(300);

/** Public-information categories of UU 14/2008 (Daftar Informasi Publik). */
export const INFORMATION_CATEGORIES = ['berkala', 'serta-merta', 'setiap-saat'] as const;
/** Legal-information document kinds (JDIH). */
export const LEGAL_CATEGORIES = [
  'peraturan-perundang-undangan',
  'monografi-hukum',
  'artikel-hukum',
  'putusan',
] as const;
export const REGULATION_STATUSES = ['berlaku', 'dicabut'] as const;
export const OUTREACH_MEDIA = [
  'poster',
  'infografis',
  'video',
  'leaflet',
  'buku-saku',
  'presentasi',
  'lainnya',
] as const;

const eventFields = {
  eventDate: isoDate.optional(),
  location: shortText.optional(),
};

const validity = (v: { validFrom?: string; validUntil?: string }, ctx: z.RefinementCtx) => {
  if (v.validFrom && v.validUntil && v.validUntil < v.validFrom) {
    ctx.addIssue({
      code: 'custom',
      path: ['validUntil'],
      message: 'validUntil must not be before validFrom / berlaku sampai tidak boleh sebelum berlaku mulai',
    });
  }
};

export const contentFieldSchemas = {
  berita: z.strictObject({ ...eventFields, reporter: shortText.optional(), source: shortText.optional() }),
  artikel: z.strictObject({
    byline: shortText.optional(),
    readingMinutes: z.number().int().min(1).max(600).optional(),
  }),
  pengumuman: z
    .strictObject({
      number: shortText.optional(),
      validFrom: isoDate.optional(),
      validUntil: isoDate.optional(),
      informationCategory: z.enum(INFORMATION_CATEGORIES).optional(),
    })
    .superRefine(validity),
  regulasi: z.strictObject({
    /** Nomor peraturan as written ("8"). */
    number: shortText.optional(),
    year: z.number().int().min(1945).max(2100).optional(),
    /** Jenis: "Peraturan KPU", "Keputusan KPU", "Undang-Undang"… */
    regulationType: shortText.optional(),
    legalCategory: z.enum(LEGAL_CATEGORIES).optional(),
    status: z.enum(REGULATION_STATUSES).optional(),
    enactedOn: isoDate.optional(),
    /** For `dicabut`: what revoked it. */
    revokedBy: shortText.optional(),
    informationCategory: z.enum(INFORMATION_CATEGORIES).optional(),
  }),
  data: z.strictObject({
    informationCategory: z.enum(INFORMATION_CATEGORIES).optional(),
    /** Period the data covers ("Pemilu 2024", "Semester I 2025"). */
    period: shortText.optional(),
    year: z.number().int().min(1945).max(2100).optional(),
    /** Who is responsible for the data (penanggung jawab / sumber). */
    source: shortText.optional(),
  }),
  dokumentasi: z.strictObject({ ...eventFields, photographer: shortText.optional() }),
  'bahan-sosialisasi': z.strictObject({
    audience: shortText.optional(),
    /** Tahapan pemilu the material belongs to. */
    electionStage: shortText.optional(),
    medium: z.enum(OUTREACH_MEDIA).optional(),
  }),
  'hasil-liputan': z.strictObject({
    ...eventFields,
    reporter: shortText.optional(),
    coverageTeam: z.array(shortText).max(20).optional(),
  }),
} satisfies Record<StandardContentType, z.ZodType>;

/** The built-in field keys of a standard type (none for a custom type). */
export function standardFieldKeys(type: string): readonly string[] {
  if (!Object.hasOwn(contentFieldSchemas, type)) return [];
  return Object.keys(contentFieldSchemas[type as StandardContentType].shape);
}

/** Custom content types: up to 30 simple named values. */
export const customContentFieldsSchema = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,63}$/),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null(), z.array(z.string().max(300)).max(50)]),
  )
  .refine((r) => Object.keys(r).length <= 30, { message: 'at most 30 fields / paling banyak 30 isian' });

/** Type fields a submission needs, per type; drafts may leave them empty. */
export const REQUIRED_ON_SUBMIT: Readonly<Partial<Record<StandardContentType, readonly string[]>>> = {
  pengumuman: ['validFrom'],
  regulasi: ['number', 'year', 'status', 'legalCategory'],
  data: ['informationCategory'],
};

export type ContentFieldsOf<T extends StandardContentType> = z.output<(typeof contentFieldSchemas)[T]>;
export type ContentFields = Record<string, unknown>;

/** Attachment limits, checked from the bytes. The gateway may pre-check them to fail early. */
export const ATTACHMENT_LIMITS = {
  /** Bytes allowed in `content.attachment.upload` (base64 inside one NATS message of 1 MiB). */
  inlineMaxBytes: 512 * 1024,
  maxBytes: { image: 10 * 1024 * 1024, document: 25 * 1024 * 1024, video: 200 * 1024 * 1024 },
  /** How long an upload slot waits for its bytes. */
  slotTtlMs: 60 * 60 * 1000,
  mediaTypes: {
    image: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    document: [
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    video: ['video/mp4', 'video/quicktime', 'video/webm'],
  },
} as const;
