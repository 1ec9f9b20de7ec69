import { z } from 'zod';
import { actorShape } from '../caller';
import { instant, languageCode, serialNumber } from '../common';
import { CONTENT_STATUSES } from './fields';

/** What the content service answers with: items, revisions, attachments. The gateway shows these. */

const uuid = z.uuid();

export const attachmentView = z.object({
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
  uploadedBy: actorShape,
  createdAt: instant,
  reference: z.string().describe('How the body refers to it: `attachment:<id>`.'),
});
export type AttachmentView = z.output<typeof attachmentView>;
export type AttachmentKind = AttachmentView['kind'];

export const contentItemSummary = z.object({
  office: z.string(),
  itemId: uuid,
  type: z.string().describe("Content type code (`berita`… or a custom code of the office's definitions)."),
  language: languageCode,
  title: z.string(),
  status: z.enum(CONTENT_STATUSES),
  tags: z.array(z.string()),
  author: actorShape,
  createdAt: instant,
  updatedAt: instant,
  currentRevision: z.object({ revisionId: uuid, number: serialNumber }),
  workflowId: z.string().nullable().describe('The SOP run in progress, if any.'),
});
export type ContentItemSummary = z.output<typeof contentItemSummary>;

export const reviewState = z.object({
  submissionId: z.string(),
  workflowId: z.string(),
  definition: z.object({ key: z.string(), version: z.number().int() }),
  submittedRevision: z.number().int(),
  submittedBy: actorShape,
  submittedAt: instant,
  approvedRevision: z
    .number()
    .int()
    .nullable()
    .describe('The latest revision a review of this run approved: the one to publish.'),
});
export type ReviewState = z.output<typeof reviewState>;

const contentFieldValues = z.record(z.string(), z.unknown());

export const contentItemView = contentItemSummary.extend({
  summary: z.string().nullable(),
  body: z.string().describe('Sanitized HTML (see docs/content.md for the allow-list).'),
  fields: contentFieldValues.describe("The fields of the item's type."),
  review: reviewState.nullable().describe('The SOP run in progress or the last one.'),
  lastOutcome: z
    .object({
      kind: z.enum(['sent-back', 'postponed', 'rejected', 'cancelled']),
      reason: z.string().optional(),
      by: actorShape.optional(),
      at: instant,
    })
    .nullable()
    .describe(
      'Why the item is back in draft or waiting: the last send-back, postponement, rejection or cancellation.',
    ),
  published: z
    .object({ revisionId: z.string(), revisionNumber: z.number().int(), path: z.string(), at: instant })
    .nullable(),
  attachments: z.array(attachmentView),
});
export type ContentItemView = z.output<typeof contentItemView>;

export const revisionSummary = z.object({
  revisionId: uuid,
  itemId: uuid,
  number: z.number().int().describe('1, 2, 3… per item.'),
  title: z.string(),
  author: actorShape,
  createdAt: instant,
  note: z.string().nullable().describe("The author's note on what changed."),
  basedOn: z.number().int().nullable(),
});
export type RevisionSummary = z.output<typeof revisionSummary>;

export const revisionView = revisionSummary.extend({
  summary: z.string().nullable(),
  body: z.string().describe('Sanitized HTML (see docs/content.md for the allow-list).'),
  tags: z.array(z.string()),
  fields: contentFieldValues,
});
export type RevisionView = z.output<typeof revisionView>;

const textDiffOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type TextDiffOp = z.output<typeof textDiffOp>;

export const revisionDiff = z.object({
  itemId: uuid,
  from: z.number().int(),
  to: z.number().int(),
  fields: z
    .array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() }))
    .describe('Field by field: title, summary, tags, `fields.<name>`, body (HTML).'),
  body: z
    .object({
      changed: z.boolean(),
      ops: z.array(textDiffOp),
      inserted: z.number().int(),
      deleted: z.number().int(),
    })
    .describe("The body's text compared word by word (tags stripped)."),
});
export type RevisionDiff = z.output<typeof revisionDiff>;

/** Where attachment bytes live: the NATS object store bucket and object name `<office>/<attachment id>`. */
export const objectLocation = z.object({ bucket: z.string(), name: z.string() });
export type ObjectLocation = z.output<typeof objectLocation>;
