import { z } from 'zod';
import { defineEvent, id, language } from './define';

/** Content items (news, announcements, documents…), their revisions and attachments; emitted by `content`. */

const revisionNumber = z.number().int().positive();
const status = z.enum([
  'draft',
  'in-review',
  'changes-requested',
  'postponed',
  'approved',
  'published',
  'retracted',
]);

export const itemCreated = defineEvent('content', 'item-created', {
  description: 'A content item was created as a draft.',
  schema: z.object({
    itemId: id,
    /** The content type code: berita, artikel, pengumuman… or a custom code of the office's definitions. */
    kind: z.string().min(1).max(64),
    title: z.string().min(1).max(500),
    language,
    revisionId: id,
    revisionNumber: revisionNumber.optional(),
    tags: z.array(z.string()).optional(),
  }),
});

export const itemUpdated = defineEvent('content', 'item-updated', {
  description: "An item's metadata or working revision changed.",
  schema: z.object({
    itemId: id,
    revisionId: id.optional(),
    revisionNumber: revisionNumber.optional(),
    changedFields: z.array(z.string().min(1)).min(1),
  }),
});

export const itemSubmitted = defineEvent('content', 'item-submitted', {
  description: 'An author submitted a revision for review; its SOP run has started.',
  schema: z.object({
    itemId: id,
    revisionId: id,
    /** Key of the SOP definition the run started under. */
    definitionKey: id,
    note: z.string().max(2000).optional(),
    definitionVersion: z.number().int().positive().optional(),
    workflowId: id.optional(),
    revisionNumber: revisionNumber.optional(),
    submissionId: id.optional(),
  }),
});

export const itemStatusChanged = defineEvent('content', 'item-status-changed', {
  description:
    "An item's status changed: submitted, sent back, postponed, approved, published, back to draft…",
  schema: z.object({
    itemId: id,
    from: status,
    to: status,
    reason: z.string().max(2000).optional(),
    workflowId: id.optional(),
    /** The event (run or publication) that caused the change, if any. */
    cause: z.string().max(100).optional(),
  }),
});

export const revisionCreated = defineEvent('content', 'revision-created', {
  description: 'A new revision of an item was saved.',
  schema: z.object({
    itemId: id,
    revisionId: id,
    /** 1, 2, 3… per item. */
    number: revisionNumber,
    basedOn: id.optional(),
    changedFields: z.array(z.string().min(1)).optional(),
  }),
});

export const attachmentAdded = defineEvent('content', 'attachment-added', {
  description: 'A file (image, document, video) was attached to an item after its bytes were checked.',
  schema: z.object({
    itemId: id,
    attachmentId: id,
    fileName: z.string().min(1).max(255),
    mediaType: z.string().min(1).max(200),
    kind: z.enum(['image', 'document', 'video']),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

export const attachmentRemoved = defineEvent('content', 'attachment-removed', {
  description: 'An attachment and its bytes were removed from an item.',
  schema: z.object({ itemId: id, attachmentId: id }),
});

export const contentEvents = [
  itemCreated,
  itemUpdated,
  itemSubmitted,
  itemStatusChanged,
  revisionCreated,
  attachmentAdded,
  attachmentRemoved,
] as const;

// Payload types, named for readability at call sites.
export type ItemCreated = z.output<typeof itemCreated.schema>;
export type ItemUpdated = z.output<typeof itemUpdated.schema>;
export type ItemSubmitted = z.output<typeof itemSubmitted.schema>;
export type ItemStatusChanged = z.output<typeof itemStatusChanged.schema>;
export type RevisionCreated = z.output<typeof revisionCreated.schema>;
export type AttachmentAdded = z.output<typeof attachmentAdded.schema>;
export type AttachmentRemoved = z.output<typeof attachmentRemoved.schema>;
