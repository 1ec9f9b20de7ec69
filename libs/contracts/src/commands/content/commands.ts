import { z } from 'zod';
import { bilingual } from '../../messages';
import { mutationFields, officeFields, pageFields } from '../caller';
import { instant, languageCode, serialNumber } from '../common';
import { type ContractsOf, defineCommand, registerCommands } from '../define';
import { COMMON_ERRORS } from '../errors';
import { CONTENT_ERRORS as E } from './errors';
import { ATTACHMENT_LIMITS, CONTENT_STATUSES } from './fields';
import {
  attachmentView,
  contentItemSummary,
  contentItemView,
  objectLocation,
  revisionDiff,
  revisionSummary,
  revisionView,
} from './views';

/**
 * Commands and queries the content service serves. Everything is scoped to the request's
 * `office`: an item, revision or attachment of another office is 404, exactly as one that
 * does not exist. Mutations carry the HTTP `Idempotency-Key`: a retry with the same key
 * returns the first answer and changes nothing; the same key with a different request is
 * 422 `idempotency-key-reused`.
 */

const uuid = z.uuid();

export const contentTypeCode = z
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

const tag = z.string().trim().min(1).max(64);
const itemFields = {
  title: z.string().trim().min(1).max(500),
  summary: z.string().max(2000).nullable().optional(),
  // The service refuses more than it stores (413 `body-too-long`, docs/content.md); this stops abuse.
  body: z.string().max(400_000).optional().describe('HTML; sanitized on the way in (docs/content.md).'),
  tags: z.array(tag).max(30).optional(),
  fields: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Fields of the content type (`contentFieldSchemas` in the contracts).'),
  language: languageCode.optional(),
  note: z.string().max(2000).optional().describe('What changed, for the revision history.'),
};

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // A name, not a path, and nothing unprintable.
  .refine((n) => !/[/\\]/.test(n) && [...n].every((c) => c.charCodeAt(0) >= 0x20), {
    message: bilingual('Nama berkas saja, bukan path', 'A file name, not a path'),
  })
  .describe("The file's name; its extension must fit its content.");
const alt = z.string().max(1000).describe('Alternative text (images).');
const caption = z.string().max(2000);

/** The one shape of an upload slot's answer fields the service and the gateway share. */
const slotFields = {
  attachmentId: uuid,
  store: objectLocation,
  maxBytes: z.number().int().describe('Largest file the slot takes (the limit of the announced kind).'),
  expiresAt: instant.describe('Send the bytes before this; an unused slot is removed.'),
};

const create = defineCommand('content.item.create', {
  description: 'A new item with revision 1, status `draft`.',
  request: z.object({
    ...mutationFields,
    type: contentTypeCode,
    ...itemFields,
    language: languageCode.optional().describe('Default `id`.'),
  }),
  response: contentItemView,
  errors: [E['unknown-content-type'], E['invalid-fields'], E['body-too-long']],
});

const update = defineCommand('content.item.update', {
  description:
    'Saves a new revision with the given fields changed (others carried over); nothing changed: no revision.',
  request: z.object({
    ...mutationFields,
    itemId: uuid,
    baseRevision: serialNumber
      .optional()
      .describe('The revision the editor started from; another one saved since is a 409 `stale-revision`.'),
    ...itemFields,
    title: itemFields.title.optional(),
  }),
  response: z.object({
    item: contentItemView,
    revisionCreated: z.boolean().describe('false when nothing changed (no new revision).'),
  }),
  errors: [E['item-not-found'], E['stale-revision'], E['invalid-fields'], E['body-too-long']],
});

const get = defineCommand('content.item.get', {
  description: 'One item with its current text, fields, ready attachments, review and publication.',
  request: z.object({ ...officeFields, itemId: uuid }),
  response: contentItemView,
  errors: [E['item-not-found']],
});

const status = z.enum(CONTENT_STATUSES);
const list = defineCommand('content.item.list', {
  description: 'Newest first, filtered and paged.',
  request: z.object({
    ...officeFields,
    type: contentTypeCode.optional(),
    status: z.union([status, z.array(status).min(1).max(CONTENT_STATUSES.length)]).optional(),
    text: z.string().max(200).optional().describe('Searches title, summary and body.'),
    tag: tag.optional(),
    authorId: z.string().max(200).optional().describe('Items written by this person (user id).'),
    ...pageFields,
  }),
  response: z.object({
    items: z.array(contentItemSummary).describe('Newest first.'),
    total: z.number().int().describe('How many items match the filters.'),
    nextCursor: z.string().optional(),
  }),
  errors: [COMMON_ERRORS['invalid-cursor']],
});

const submit = defineCommand('content.item.submit', {
  description:
    "Starts the item's SOP run (the office's active definition for its type) on the current revision; " +
    "exactly once per idempotency key. The runtime's refusals are passed on.",
  request: z.object({
    ...mutationFields,
    itemId: uuid,
    revision: serialNumber
      .optional()
      .describe('The revision the author means; another current one is a 409 `stale-revision`.'),
    note: z
      .string()
      .trim()
      .max(2000, bilingual('Catatan terlalu panjang', 'The note is too long'))
      .optional(),
  }),
  response: z.object({
    submissionId: z.string(),
    itemId: uuid,
    revisionId: uuid,
    revision: z.number().int(),
    status: z.literal('in-review'),
    workflowId: z.string().describe('The SOP run: `GET …/runs/{workflowId}`.'),
    definition: z.object({ key: z.string(), version: z.number().int() }),
  }),
  errors: [
    E['item-not-found'],
    E['already-in-review'],
    E['submission-in-progress'],
    E['stale-revision'],
    E.incomplete,
  ],
});

const withdraw = defineCommand('content.item.withdraw', {
  description: 'The author takes a submission back: the run is cancelled (the status follows its end).',
  request: z.object({
    ...mutationFields,
    itemId: uuid,
    reason: z.string().trim().min(1, bilingual('Alasan wajib diisi', 'A reason is required')).max(2000),
  }),
  response: z.object({ itemId: uuid, workflowId: z.string() }),
  errors: [E['item-not-found'], E['not-in-review']],
});

const revisionList = defineCommand('content.revision.list', {
  description: "An item's revisions, newest first, paged.",
  request: z.object({ ...officeFields, itemId: uuid, ...pageFields }),
  response: z.object({
    revisions: z.array(revisionSummary).describe('Newest first.'),
    nextCursor: z.string().optional(),
  }),
  errors: [E['item-not-found'], COMMON_ERRORS['invalid-cursor']],
});

const revisionGet = defineCommand('content.revision.get', {
  description: 'One revision with its text and fields (revisions never change).',
  request: z.object({ ...officeFields, itemId: uuid, revision: serialNumber }),
  response: revisionView,
  errors: [E['item-not-found'], E['revision-not-found']],
});

const revisionDiffCommand = defineCommand('content.revision.diff', {
  description: 'Any two revisions of one item, either order: field by field, and the body word by word.',
  request: z.object({ ...officeFields, itemId: uuid, from: serialNumber, to: serialNumber }),
  response: revisionDiff,
  errors: [E['item-not-found'], E['revision-not-found']],
});

const fileErrors = [E['unsupported-type'], E['type-mismatch'], E['unsafe-archive'], E['too-large']];

const upload = defineCommand('content.attachment.upload', {
  description:
    'A small file in one message (at most `ATTACHMENT_LIMITS.inlineMaxBytes`); its type is detected from the bytes.',
  request: z.object({
    ...mutationFields,
    itemId: uuid,
    fileName,
    mediaType: z.string().max(200).describe('The claimed type; the bytes decide.'),
    // Room for more than the inline limit (one NATS message of 1 MiB), so a file over it is a
    // 413 `too-large` that names begin-upload rather than a bare invalid request.
    dataBase64: z
      .string()
      .max(1_000_000)
      .describe(`The file, base64; at most ${ATTACHMENT_LIMITS.inlineMaxBytes} bytes decoded.`),
    alt: alt.optional(),
    caption: caption.optional(),
  }),
  response: attachmentView,
  errors: [E['item-not-found'], ...fileErrors, E['invalid-base64']],
});

const beginUpload = defineCommand('content.attachment.begin-upload', {
  description:
    'Large files, step 1: reserves an attachment id and the object the caller streams the bytes into ' +
    '(NATS object store, chunked). Step 2 is `content.attachment.register`.',
  request: z.object({
    ...mutationFields,
    itemId: uuid,
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
  response: z.object(slotFields),
  errors: [E['item-not-found'], E['unsupported-type'], E['too-large']],
});

const register = defineCommand('content.attachment.register', {
  description:
    'Large files, step 2: checks the stored bytes (type, size, sha256) and makes the attachment ready; ' +
    'bytes that fail are deleted and the slot stays open.',
  request: z.object({ ...mutationFields, attachmentId: uuid }),
  response: attachmentView,
  errors: [E['attachment-not-found'], E['upload-missing'], E['upload-expired'], ...fileErrors],
});

const uploadSlot = defineCommand('content.attachment.upload-slot', {
  description:
    'Large files, for the caller that streams the bytes (the gateway): the object of a pending upload ' +
    'slot, its announced type and size, and the limit of its kind. Ask right before writing.',
  request: z.object({ ...officeFields, attachmentId: uuid }),
  response: z.object({
    ...slotFields,
    itemId: uuid,
    fileName: z.string(),
    mediaType: z.string().describe('The announced (claimed) type.'),
    size: z.number().int().describe('The announced size.'),
  }),
  errors: [E['attachment-not-found'], E['already-uploaded'], E['upload-expired']],
});

const attachmentGet = defineCommand('content.attachment.get', {
  description: 'One attachment.',
  request: z.object({ ...officeFields, attachmentId: uuid }),
  response: attachmentView,
  errors: [E['attachment-not-found']],
});

const attachmentList = defineCommand('content.attachment.list', {
  description: 'The ready attachments of an item.',
  request: z.object({ ...officeFields, itemId: uuid }),
  response: z.object({ attachments: z.array(attachmentView) }),
  errors: [E['item-not-found']],
});

const download = defineCommand('content.attachment.download', {
  description: 'Where the bytes are; with `inline` and a file up to the inline limit, the bytes too.',
  request: z.object({ ...officeFields, attachmentId: uuid, inline: z.boolean().optional() }),
  response: z.object({
    attachment: attachmentView,
    store: objectLocation,
    dataBase64: z.string().optional(),
  }),
  errors: [E['attachment-not-found'], E['bytes-missing']],
});

const attachmentUpdate = defineCommand('content.attachment.update', {
  description: 'Alt text and caption of an attachment.',
  request: z.object({
    ...mutationFields,
    attachmentId: uuid,
    alt: alt.nullable().optional().describe('null removes it.'),
    caption: caption.nullable().optional().describe('null removes it.'),
  }),
  response: attachmentView,
  errors: [E['attachment-not-found']],
});

const attachmentDelete = defineCommand('content.attachment.delete', {
  description: 'Removes an attachment and its bytes, unless the current or published body refers to it.',
  request: z.object({ ...mutationFields, attachmentId: uuid }),
  response: z.object({ attachmentId: uuid, removed: z.literal(true) }),
  errors: [E['attachment-not-found'], E['attachment-in-use']],
});

export const CONTENT_COMMAND_DEFINITIONS = registerCommands(
  create,
  update,
  get,
  list,
  submit,
  withdraw,
  revisionList,
  revisionGet,
  revisionDiffCommand,
  upload,
  beginUpload,
  register,
  uploadSlot,
  attachmentGet,
  attachmentList,
  download,
  attachmentUpdate,
  attachmentDelete,
);

export type ContentCommands = ContractsOf<typeof CONTENT_COMMAND_DEFINITIONS>;
