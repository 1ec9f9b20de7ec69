import { ATTACHMENT_LIMITS, CONTENT_STATUSES } from '@tatalaman/contracts';
import { z } from 'zod';
import { ActorView, apiSchema, serialNumber, serialParam, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { instant, listQuery, pageQuery } from '../shared';

// Views of libs/contracts/src/commands/content.ts; only what is described here leaves the edge.

const contentTypeCode = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,63}$/,
    bilingual(
      'Kode jenis konten hanya huruf kecil, angka dan tanda hubung',
      'A content type code uses lower-case letters, digits and hyphens',
    ),
  )
  .describe(
    "`berita`, `artikel`, `pengumuman`, `regulasi`, `data`, `dokumentasi`, `bahan-sosialisasi`, `hasil-liputan` or a custom type of the office's definitions.",
  );

const ContentStatus = z.enum(CONTENT_STATUSES);
const language = z.enum(['id', 'en']);
const revisionNumber = serialNumber;

export const AttachmentView = apiSchema(
  'Attachment',
  z.object({
    attachmentId: uuid,
    itemId: uuid,
    status: z.enum(['pending', 'ready']).describe('`pending`: an upload slot waiting for its bytes.'),
    fileName: z.string(),
    mediaType: z.string().describe('Detected from the bytes (pending: the announced type).'),
    kind: z.enum(['image', 'document', 'video']),
    size: z.number().int().nonnegative().describe('Bytes (pending: the announced size).'),
    sha256: z.string().nullable(),
    alt: z.string().nullable().describe('Alternative text; required for images before submitting.'),
    caption: z.string().nullable(),
    uploadedBy: ActorView,
    createdAt: instant,
    reference: z.string().describe('How the body refers to it: `attachment:<id>`.'),
  }),
  'A file of a content item (image, document or video), checked from its bytes.',
);

export const ContentItemSummaryView = apiSchema(
  'ContentItemSummary',
  z.object({
    office: z.string(),
    itemId: uuid,
    type: z.string(),
    language,
    title: z.string(),
    status: ContentStatus,
    tags: z.array(z.string()),
    author: ActorView,
    createdAt: instant,
    updatedAt: instant,
    currentRevision: z.object({ revisionId: uuid, number: revisionNumber }),
    workflowId: z.string().nullable().describe('The SOP run in progress, if any.'),
  }),
  'A content item as lists show it.',
);

const ReviewStateView = z.object({
  submissionId: z.string(),
  workflowId: z.string(),
  definition: z.object({ key: z.string(), version: z.number().int() }),
  submittedRevision: z.number().int(),
  submittedBy: ActorView,
  submittedAt: instant,
  approvedRevision: z
    .number()
    .int()
    .nullable()
    .describe('The latest revision a review of this run approved: the one to publish.'),
});

export const ContentItemView = apiSchema(
  'ContentItem',
  ContentItemSummaryView.extend({
    summary: z.string().nullable(),
    body: z.string().describe('Sanitized HTML (see docs/content.md for the allow-list).'),
    fields: z.record(z.string(), z.unknown()).describe("The fields of the item's type."),
    review: ReviewStateView.nullable().describe('The SOP run in progress or the last one.'),
    lastOutcome: z
      .object({
        kind: z.enum(['sent-back', 'postponed', 'rejected', 'cancelled']),
        reason: z.string().optional(),
        by: ActorView.optional(),
        at: instant,
      })
      .nullable()
      .describe('Why the item is back in draft or waiting.'),
    published: z
      .object({
        revisionId: z.string(),
        revisionNumber: z.number().int(),
        path: z.string(),
        at: instant,
      })
      .nullable(),
    attachments: z.array(AttachmentView),
  }),
  "A content item with its current revision's text, fields, attachments, review and publication.",
);

export const ContentItemPage = apiSchema(
  'ContentItemPage',
  z.object({
    items: z.array(ContentItemSummaryView).describe('Newest first.'),
    total: z.number().int().describe('How many items match the filters.'),
    nextCursor: z.string().optional(),
  }),
  'A page of content items.',
);

const title = z.string().trim().min(1).max(500);
const summary = z.string().max(2000).nullable();
const body = z.string().max(400_000).describe('HTML; sanitized on the way in (docs/content.md).');
const tags = z.array(z.string().trim().min(1).max(64)).max(30);
const fields = z
  .record(z.string(), z.unknown())
  .describe('Fields of the content type (`contentFieldSchemas` in the contracts).');
const note = z.string().max(2000).describe('What changed, for the revision history.');

export const CreateItemBody = apiSchema(
  'CreateItemBody',
  z.object({
    type: contentTypeCode,
    title,
    summary: summary.optional(),
    body: body.optional(),
    tags: tags.optional(),
    fields: fields.optional(),
    language: language.optional().describe('Default `id`.'),
    note: note.optional(),
  }),
  'A new content item (a draft, revision 1).',
);
export type CreateItemBody = z.infer<typeof CreateItemBody>;

export const UpdateItemBody = apiSchema(
  'UpdateItemBody',
  z.object({
    baseRevision: revisionNumber
      .optional()
      .describe('The revision the editor started from; another one saved since is a 409 `stale-revision`.'),
    title: title.optional(),
    summary: summary.optional(),
    body: body.optional(),
    tags: tags.optional(),
    fields: fields.optional(),
    language: language.optional(),
    note: note.optional(),
  }),
  'Changes to a content item: fields left out stay as they are.',
);
export type UpdateItemBody = z.infer<typeof UpdateItemBody>;

export const UpdatedItemView = apiSchema(
  'UpdatedItem',
  z.object({
    item: ContentItemView,
    revisionCreated: z.boolean().describe('false when nothing changed (no new revision).'),
  }),
  'The item after a save.',
);

export const ListItemsQuery = z.object({
  type: contentTypeCode.optional(),
  status: listQuery(CONTENT_STATUSES).optional(),
  text: z.string().max(200).optional().describe('Searches title, summary and body.'),
  tag: z.string().max(64).optional(),
  authorId: z.string().max(200).optional().describe('Items written by this person (user id).'),
  ...pageQuery,
});
export type ListItemsQuery = z.infer<typeof ListItemsQuery>;

export const ItemParams = z.object({ itemId: uuid });
export type ItemParams = z.infer<typeof ItemParams>;

export const SubmitItemBody = apiSchema(
  'SubmitItemBody',
  z.object({
    revision: revisionNumber
      .optional()
      .describe('The revision the author means; another current one is a 409 `stale-revision`.'),
    note: z
      .string()
      .trim()
      .max(2000, bilingual('Catatan terlalu panjang', 'The note is too long'))
      .optional(),
  }),
  'Send an item into its SOP review.',
);
export type SubmitItemBody = z.infer<typeof SubmitItemBody>;

export const SubmissionView = apiSchema(
  'Submission',
  z.object({
    submissionId: z.string(),
    itemId: uuid,
    revisionId: uuid,
    revision: z.number().int(),
    status: z.literal('in-review'),
    workflowId: z.string().describe('The SOP run: `GET …/runs/{workflowId}`.'),
    definition: z.object({ key: z.string(), version: z.number().int() }),
  }),
  'The SOP run an item was submitted to.',
);

export const WithdrawItemBody = apiSchema(
  'WithdrawItemBody',
  z.object({
    reason: z.string().trim().min(1, bilingual('Alasan wajib diisi', 'A reason is required')).max(2000),
  }),
  'Why the author takes the submission back.',
);
export type WithdrawItemBody = z.infer<typeof WithdrawItemBody>;

export const WithdrawnItemView = apiSchema(
  'WithdrawnItem',
  z.object({ itemId: uuid, workflowId: z.string() }),
  'The run the withdrawal cancels; the item is back in draft when the run has ended.',
);

export const RevisionSummaryView = apiSchema(
  'RevisionSummary',
  z.object({
    revisionId: uuid,
    itemId: uuid,
    number: z.number().int(),
    title: z.string(),
    author: ActorView,
    createdAt: instant,
    note: z.string().nullable(),
    basedOn: z.number().int().nullable(),
  }),
  'One saved revision of an item.',
);

export const RevisionView = apiSchema(
  'Revision',
  RevisionSummaryView.extend({
    summary: z.string().nullable(),
    body: z.string(),
    tags: z.array(z.string()),
    fields: z.record(z.string(), z.unknown()),
  }),
  'A revision with its text and fields (revisions never change).',
);

export const RevisionPage = apiSchema(
  'RevisionPage',
  z.object({
    revisions: z.array(RevisionSummaryView).describe('Newest first.'),
    nextCursor: z.string().optional(),
  }),
  "A page of an item's revisions.",
);

export const RevisionsQuery = z.object(pageQuery);
export type RevisionsQuery = z.infer<typeof RevisionsQuery>;

export const RevisionParams = z.object({ itemId: uuid, revision: serialParam });
export type RevisionParams = z.infer<typeof RevisionParams>;

export const RevisionDiffQuery = z.object({
  from: serialParam.describe('A revision number.'),
  to: serialParam.describe('Another revision number (either order).'),
});
export type RevisionDiffQuery = z.infer<typeof RevisionDiffQuery>;

export const RevisionDiffView = apiSchema(
  'RevisionDiff',
  z.object({
    itemId: uuid,
    from: z.number().int(),
    to: z.number().int(),
    fields: z
      .array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() }))
      .describe('Field by field: title, summary, tags, `fields.<name>`, body (HTML).'),
    body: z
      .object({
        changed: z.boolean(),
        ops: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })),
        inserted: z.number().int(),
        deleted: z.number().int(),
      })
      .describe("The body's text compared word by word."),
  }),
  'What changed between two revisions of an item.',
);

export const AttachmentList = apiSchema(
  'AttachmentList',
  z.object({ attachments: z.array(AttachmentView) }),
  'The attachments of an item (ready ones).',
);

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\]/.test(n) && [...n].every((c) => c.charCodeAt(0) >= 0x20), {
    message: bilingual('Nama berkas saja, bukan path', 'A file name, not a path'),
  })
  .describe("The file's name; its extension must fit its content.");
const alt = z.string().max(1000).describe('Alternative text (images).');
const caption = z.string().max(2000);

/** Every media type an attachment may have, and `application/octet-stream` (claims nothing). */
export const ATTACHMENT_MEDIA_TYPES = [
  ...Object.values(ATTACHMENT_LIMITS.mediaTypes).flat(),
  'application/octet-stream',
] as readonly string[];

export const UploadAttachmentBody = apiSchema(
  'UploadAttachmentBody',
  z.object({
    fileName,
    mediaType: z.string().max(200).describe('The claimed type; the bytes decide.'),
    dataBase64: z
      .string()
      .max(Math.ceil(ATTACHMENT_LIMITS.inlineMaxBytes / 3) * 4 + 64)
      .describe(`The file, base64; at most ${ATTACHMENT_LIMITS.inlineMaxBytes} bytes decoded.`),
    alt: alt.optional(),
    caption: caption.optional(),
  }),
  'A small file (at most 512 KiB) as base64 in JSON.',
);
export type UploadAttachmentBody = z.infer<typeof UploadAttachmentBody>;

export const FileUploadQuery = z.object({
  fileName,
  alt: alt.optional(),
  caption: caption.optional(),
});
export type FileUploadQuery = z.infer<typeof FileUploadQuery>;

export const BeginUploadBody = apiSchema(
  'BeginUploadBody',
  z.object({
    fileName,
    mediaType: z.string().max(200).describe('The type the bytes will have (e.g. `video/mp4`).'),
    size: z
      .number()
      .int()
      .positive()
      .describe("Bytes to come; checked against the limit of the type's kind."),
    alt: alt.optional(),
    caption: caption.optional(),
  }),
  'Announces a large file (up to 200 MB for video) to be sent with `PUT …/attachments/{attachmentId}/content`.',
);
export type BeginUploadBody = z.infer<typeof BeginUploadBody>;

export const UploadSlotView = apiSchema(
  'UploadSlot',
  z.object({
    attachmentId: uuid,
    uploadUrl: z.string().describe('Where to `PUT` the bytes (path of this API).'),
    method: z.literal('PUT'),
    maxBytes: z.number().int().describe('Largest file the slot takes (the limit of the announced kind).'),
    expiresAt: instant.describe('Send the bytes before this; an unused slot is removed.'),
  }),
  'A reserved attachment waiting for its bytes.',
);

export const AttachmentParams = z.object({ attachmentId: uuid });
export type AttachmentParams = z.infer<typeof AttachmentParams>;

export const UpdateAttachmentBody = apiSchema(
  'UpdateAttachmentBody',
  z.object({
    alt: alt.nullable().optional().describe('null removes it.'),
    caption: caption.nullable().optional().describe('null removes it.'),
  }),
  'Alternative text and caption of an attachment.',
);
export type UpdateAttachmentBody = z.infer<typeof UpdateAttachmentBody>;

export const DownloadQuery = z.object({
  disposition: z
    .enum(['attachment', 'inline'])
    .optional()
    .describe('`attachment` (default): save as a file; `inline`: show it.'),
});
export type DownloadQuery = z.infer<typeof DownloadQuery>;
