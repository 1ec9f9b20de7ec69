import { z } from 'zod';
import type { Actor } from '../envelope';
import type { Page } from './common';

/**
 * Commands and queries the content service serves. Owned by the content service.
 *
 * Everything is scoped to the request's `office`: an item, revision or attachment
 * of another office is 404, exactly as one that does not exist. Mutations carry the
 * acting person or API key, the roles the gateway resolved, and the HTTP
 * `Idempotency-Key`: a retry with the same key returns the first answer and changes
 * nothing; the same key with a different request is 422 `idempotency-key-reused`.
 * Errors are bilingual (`{ id, en }`); codes are listed on each command.
 */

/** What every mutating content command carries besides its own fields. */
export interface ContentMutation {
  office: string;
  actor: Actor;
  roles?: string[];
  idempotencyKey: string;
}

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

// ---------------------------------------------------------------------------
// Views

export interface RevisionSummary {
  revisionId: string;
  itemId: string;
  /** 1, 2, 3… per item. */
  number: number;
  title: string;
  author: Actor;
  createdAt: string;
  /** The author's note on what changed. */
  note: string | null;
  basedOn: number | null;
}

export interface RevisionView extends RevisionSummary {
  summary: string | null;
  /** Sanitized HTML (see docs/content.md for the allow-list). */
  body: string;
  tags: string[];
  fields: ContentFields;
}

export interface ContentItemSummary {
  office: string;
  itemId: string;
  /** Content type code (`berita`… or a custom code of the office's definitions). */
  type: string;
  language: 'id' | 'en';
  title: string;
  status: ContentStatus;
  tags: string[];
  author: Actor;
  createdAt: string;
  updatedAt: string;
  currentRevision: { revisionId: string; number: number };
  /** The active SOP run, while there is one. */
  workflowId: string | null;
}

export interface ReviewState {
  submissionId: string;
  workflowId: string;
  definition: { key: string; version: number };
  submittedRevision: number;
  submittedBy: Actor;
  submittedAt: string;
  /** The latest revision a review in this run approved: the one to publish. */
  approvedRevision: number | null;
}

export interface ContentItemView extends ContentItemSummary {
  summary: string | null;
  body: string;
  fields: ContentFields;
  /** The run in progress or the last one. */
  review: ReviewState | null;
  /** Why the item is back in draft or waiting: the last send-back, postponement, rejection or cancellation. */
  lastOutcome: {
    kind: 'sent-back' | 'postponed' | 'rejected' | 'cancelled';
    reason?: string;
    by?: Actor;
    at: string;
  } | null;
  published: { revisionId: string; revisionNumber: number; path: string; at: string } | null;
  attachments: AttachmentView[];
}

export type TextDiffOp = { op: 'equal' | 'insert' | 'delete'; text: string };

export interface RevisionDiff {
  itemId: string;
  from: number;
  to: number;
  /** Field by field: title, summary, tags, `fields.<name>`, body (HTML). */
  fields: { field: string; old: unknown; new: unknown }[];
  /** Word-level diff of the body's text (tags stripped). */
  body: { changed: boolean; ops: TextDiffOp[]; inserted: number; deleted: number };
}

export type AttachmentKind = 'image' | 'document' | 'video';

export interface AttachmentView {
  attachmentId: string;
  itemId: string;
  /** `pending`: an upload slot waiting for its bytes (see `content.attachment.begin-upload`). */
  status: 'pending' | 'ready';
  fileName: string;
  /** Detected from the bytes (pending: the claimed type). */
  mediaType: string;
  kind: AttachmentKind;
  size: number;
  sha256: string | null;
  /** Alternative text for images (required before an item with images is submitted). */
  alt: string | null;
  caption: string | null;
  uploadedBy: Actor;
  createdAt: string;
  /** How the body HTML refers to it: `<img src="attachment:ID">`, `<a href="attachment:ID">`. */
  reference: string;
}

/** Where attachment bytes live: the NATS object store bucket and object name `<office>/<attachment id>`. */
export interface ObjectLocation {
  bucket: string;
  name: string;
}

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

// ---------------------------------------------------------------------------
// Commands

export interface ContentCommands {
  /**
   * A new item with revision 1, status `draft`. 422 `unknown-content-type`,
   * `invalid-fields` (detail: the issues), 400 `invalid-request`.
   */
  'content.item.create': {
    request: ContentMutation & {
      type: string;
      title: string;
      summary?: string | null;
      /** HTML; sanitized (scripts, event handlers, styles and foreign images removed). */
      body?: string;
      tags?: string[];
      fields?: ContentFields;
      language?: 'id' | 'en';
      note?: string;
    };
    response: ContentItemView;
  };
  /**
   * Saves a new revision with the given fields changed (others carried over). Nothing
   * changed: no revision (`revisionCreated: false`). 409 `stale-revision` when
   * `baseRevision` is not the current one (someone saved in between).
   */
  'content.item.update': {
    request: ContentMutation & {
      itemId: string;
      /** The revision number the editor started from. */
      baseRevision?: number;
      title?: string;
      summary?: string | null;
      body?: string;
      tags?: string[];
      fields?: ContentFields;
      language?: 'id' | 'en';
      note?: string;
    };
    response: { item: ContentItemView; revisionCreated: boolean };
  };
  /** 404 `item-not-found`. */
  'content.item.get': {
    request: { office: string; itemId: string };
    response: ContentItemView;
  };
  /** Newest first. `text` searches title, summary and body. */
  'content.item.list': {
    request: {
      office: string;
      type?: string;
      status?: ContentStatus | ContentStatus[];
      text?: string;
      tag?: string;
      authorId?: string;
    } & Page;
    response: { items: ContentItemSummary[]; total: number; nextCursor?: string };
  };
  /**
   * Starts the item's SOP run (the office's active definition for its type) on the
   * current revision; status becomes `in-review`. Exactly once per idempotency key:
   * a retry, even concurrent, returns the same run. Errors: 409 `already-in-review`,
   * 409 `stale-revision`, 422 `incomplete` (detail.missing: required fields, alt texts),
   * and the runtime's own errors (e.g. 404 when no definition is active) passed on.
   */
  'content.item.submit': {
    request: ContentMutation & { itemId: string; revision?: number; note?: string };
    response: {
      submissionId: string;
      itemId: string;
      revisionId: string;
      revision: number;
      status: 'in-review';
      workflowId: string;
      definition: { key: string; version: number };
    };
  };
  /** The author takes a submission back: the run is cancelled (status follows the run's end). 409 `not-in-review`. */
  'content.item.withdraw': {
    request: ContentMutation & { itemId: string; reason: string };
    response: { itemId: string; workflowId: string };
  };
  'content.revision.list': {
    request: { office: string; itemId: string } & Page;
    response: { revisions: RevisionSummary[]; nextCursor?: string };
  };
  /** 404 `revision-not-found`. */
  'content.revision.get': {
    request: { office: string; itemId: string; revision: number };
    response: RevisionView;
  };
  /** Any two revisions of one item, either order. */
  'content.revision.diff': {
    request: { office: string; itemId: string; from: number; to: number };
    response: RevisionDiff;
  };
  /**
   * Small files in one message (at most `ATTACHMENT_LIMITS.inlineMaxBytes`). The type
   * is detected from the bytes: 415 `unsupported-type`, 422 `type-mismatch` (the
   * claimed type or the file name's extension says otherwise), 413 `too-large`.
   */
  'content.attachment.upload': {
    request: ContentMutation & {
      itemId: string;
      fileName: string;
      mediaType: string;
      dataBase64: string;
      alt?: string;
      caption?: string;
    };
    response: AttachmentView;
  };
  /**
   * Large files, step 1: reserves an attachment id and the object the caller streams
   * the bytes into (NATS object store, chunked). Step 2 is `content.attachment.register`.
   * 413 `too-large` when the announced size is over the limit of the claimed kind.
   */
  'content.attachment.begin-upload': {
    request: ContentMutation & {
      itemId: string;
      fileName: string;
      mediaType: string;
      size: number;
      alt?: string;
      caption?: string;
    };
    response: {
      attachmentId: string;
      store: ObjectLocation;
      maxBytes: number;
      expiresAt: string;
    };
  };
  /**
   * Large files, step 2: checks the stored bytes (type from the bytes, size, sha256)
   * and makes the attachment ready; bytes that fail are deleted. 409 `upload-missing`
   * when nothing was stored under the slot's object, 410 `upload-expired`.
   */
  'content.attachment.register': {
    request: ContentMutation & { attachmentId: string };
    response: AttachmentView;
  };
  /**
   * Large files, for the caller that streams the bytes (the gateway): the object of a
   * pending upload slot, its announced type and size, and the limit of its kind. Ask it
   * right before writing: 404 `attachment-not-found`, 409 `already-uploaded` (a ready
   * attachment's bytes never change), 410 `upload-expired`.
   */
  'content.attachment.upload-slot': {
    request: { office: string; attachmentId: string };
    response: {
      attachmentId: string;
      itemId: string;
      fileName: string;
      /** The announced (claimed) type. */
      mediaType: string;
      /** The announced size. */
      size: number;
      store: ObjectLocation;
      maxBytes: number;
      expiresAt: string;
    };
  };
  'content.attachment.get': {
    request: { office: string; attachmentId: string };
    response: AttachmentView;
  };
  'content.attachment.list': {
    request: { office: string; itemId: string };
    response: { attachments: AttachmentView[] };
  };
  /** Where the bytes are; with `inline` and a file up to the inline limit, the bytes too. */
  'content.attachment.download': {
    request: { office: string; attachmentId: string; inline?: boolean };
    response: { attachment: AttachmentView; store: ObjectLocation; dataBase64?: string };
  };
  /** Alt text and caption. */
  'content.attachment.update': {
    request: ContentMutation & { attachmentId: string; alt?: string | null; caption?: string | null };
    response: AttachmentView;
  };
  /** Removes an attachment and its bytes. 409 `attachment-in-use` while the current or published body refers to it. */
  'content.attachment.delete': {
    request: ContentMutation & { attachmentId: string };
    response: { attachmentId: string; removed: true };
  };
}
