import {
  ATTACHMENT_LIMITS,
  attachmentView,
  CONTENT_COMMAND_DEFINITIONS as C,
  CONTENT_STATUSES,
  contentItemSummary,
  contentItemView,
  revisionDiff,
  revisionSummary,
  revisionView,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand, serialParam, uuid } from '../../http/schemas';
import { listQuery, pageQuery } from '../shared';

// The content service's contracts (libs/contracts/src/commands/content) as the edge shows them:
// bodies are the commands' requests without the caller envelope and path fields, views their
// responses. Only query coercion and the edge's own views (the upload slot) are written here.

export const AttachmentView = apiSchema(
  'Attachment',
  attachmentView,
  'A file of a content item (image, document or video), checked from its bytes.',
);

export const ContentItemSummaryView = apiSchema(
  'ContentItemSummary',
  contentItemSummary,
  'A content item as lists show it.',
);

export const ContentItemView = apiSchema(
  'ContentItem',
  contentItemView,
  "A content item with its current revision's text, fields, attachments, review and publication.",
);

export const ContentItemPage = apiSchema(
  'ContentItemPage',
  C['content.item.list'].response,
  'A page of content items.',
);

export const CreateItemBody = bodyFromCommand('CreateItemBody', C['content.item.create'], {
  description: 'A new content item (a draft, revision 1).',
});
export type CreateItemBody = z.infer<typeof CreateItemBody>;

export const UpdateItemBody = bodyFromCommand('UpdateItemBody', C['content.item.update'], {
  omit: { itemId: true },
  description: 'Changes to a content item: fields left out stay as they are.',
});
export type UpdateItemBody = z.infer<typeof UpdateItemBody>;

export const UpdatedItemView = apiSchema(
  'UpdatedItem',
  C['content.item.update'].response,
  'The item after a save.',
);

export const ListItemsQuery = C['content.item.list'].request
  .pick({ type: true, text: true, tag: true, authorId: true })
  .extend({ status: listQuery(CONTENT_STATUSES).optional(), ...pageQuery });
export type ListItemsQuery = z.infer<typeof ListItemsQuery>;

export const ItemParams = z.object({ itemId: uuid });
export type ItemParams = z.infer<typeof ItemParams>;

export const SubmitItemBody = bodyFromCommand('SubmitItemBody', C['content.item.submit'], {
  omit: { itemId: true },
  description: 'Send an item into its SOP review.',
});
export type SubmitItemBody = z.infer<typeof SubmitItemBody>;

export const SubmissionView = apiSchema(
  'Submission',
  C['content.item.submit'].response,
  'The SOP run an item was submitted to.',
);

export const WithdrawItemBody = bodyFromCommand('WithdrawItemBody', C['content.item.withdraw'], {
  omit: { itemId: true },
  description: 'Why the author takes the submission back.',
});
export type WithdrawItemBody = z.infer<typeof WithdrawItemBody>;

export const WithdrawnItemView = apiSchema(
  'WithdrawnItem',
  C['content.item.withdraw'].response,
  'The run the withdrawal cancels; the item is back in draft when the run has ended.',
);

export const RevisionSummaryView = apiSchema(
  'RevisionSummary',
  revisionSummary,
  'One saved revision of an item.',
);

export const RevisionView = apiSchema(
  'Revision',
  revisionView,
  'A revision with its text and fields (revisions never change).',
);

export const RevisionPage = apiSchema(
  'RevisionPage',
  C['content.revision.list'].response,
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
  revisionDiff,
  'What changed between two revisions of an item.',
);

export const AttachmentList = apiSchema(
  'AttachmentList',
  C['content.attachment.list'].response,
  'The attachments of an item (ready ones).',
);

/** Every media type an attachment may have, and `application/octet-stream` (claims nothing). */
export const ATTACHMENT_MEDIA_TYPES = [
  ...Object.values(ATTACHMENT_LIMITS.mediaTypes).flat(),
  'application/octet-stream',
] as readonly string[];

export const UploadAttachmentBody = bodyFromCommand('UploadAttachmentBody', C['content.attachment.upload'], {
  omit: { itemId: true },
  description: 'A small file (at most 512 KiB) as base64 in JSON.',
});
export type UploadAttachmentBody = z.infer<typeof UploadAttachmentBody>;

/** A raw file's name and texts travel in the query (the body is the file). */
export const FileUploadQuery = C['content.attachment.upload'].request.pick({
  fileName: true,
  alt: true,
  caption: true,
});
export type FileUploadQuery = z.infer<typeof FileUploadQuery>;

export const BeginUploadBody = bodyFromCommand('BeginUploadBody', C['content.attachment.begin-upload'], {
  omit: { itemId: true },
  description:
    'Announces a large file (up to 200 MB for video) to be sent with `PUT …/attachments/{attachmentId}/content`.',
});
export type BeginUploadBody = z.infer<typeof BeginUploadBody>;

/** The edge's own answer to an announced upload: where to `PUT` the bytes (the store stays inside). */
export const UploadSlotView = apiSchema(
  'UploadSlot',
  C['content.attachment.begin-upload'].response
    .pick({ attachmentId: true, maxBytes: true, expiresAt: true })
    .extend({
      uploadUrl: z.string().describe('Where to `PUT` the bytes (path of this API).'),
      method: z.literal('PUT'),
    }),
  'A reserved attachment waiting for its bytes.',
);

export const AttachmentParams = z.object({ attachmentId: uuid });
export type AttachmentParams = z.infer<typeof AttachmentParams>;

export const UpdateAttachmentBody = bodyFromCommand('UpdateAttachmentBody', C['content.attachment.update'], {
  omit: { attachmentId: true },
  description: 'Alternative text and caption of an attachment.',
});
export type UpdateAttachmentBody = z.infer<typeof UpdateAttachmentBody>;

export const DownloadQuery = z.object({
  disposition: z
    .enum(['attachment', 'inline'])
    .optional()
    .describe('`attachment` (default): save as a file; `inline`: show it.'),
});
export type DownloadQuery = z.infer<typeof DownloadQuery>;
