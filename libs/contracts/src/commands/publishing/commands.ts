import { z } from 'zod';
import { idempotencyKeyShape, mutationFields, officeFields, pageFields } from '../caller';
import { type ContractsOf, defineCommand, registerCommands } from '../define';
import { PUBLISHING_ERRORS as E } from './errors';
import {
  DELIVERY_STATUSES,
  PUBLICATION_STATUSES,
  publicationActionShape,
  publicationReceiptShape,
  publicationViewShape,
  publishRunShape,
  SCHEDULE_STATES,
  SOCIAL_ADAPTERS,
  scheduleViewShape,
  socialChannelViewShape,
  socialPostShape,
  WEBHOOK_EVENT_TYPES,
  webhookDeliveryShape,
  webhookViewShape,
} from './views';

/**
 * Commands and queries the publishing service serves. Owned by the publishing service.
 *
 * Everything is scoped to the request's `office`: another office's publication, webhook
 * or channel answers 404 exactly like one that does not exist. Mutations carry the acting
 * person or API key and the HTTP `Idempotency-Key`: a retry with the same key returns the
 * first answer and changes nothing; the same key with another request is 422
 * `idempotency-key-reused`. Errors are bilingual (`{ id, en }`).
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const itemId = z.uuid();
/** A content type code, e.g. `siaran-pers`. */
const typeCode = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const localDate = z.iso.date();
const revision = z.number().int().positive().max(2_147_483_647);

const stepPublish = defineCommand('publishing.step.publish', {
  description:
    "A run's publish step: put the item's approved revision on the channels. Idempotent per " +
    "`idempotencyKey` (the run, step and attempt): a retried activity gets the first call's receipts and " +
    "publishes nothing twice. The revision is the latest one a review of this run approved (content's " +
    '`review.approvedRevision`), else `revision`, else the current one. An item already on the website ' +
    'becomes a correction. With a schedule set for the item the receipts say `scheduled` and it goes live ' +
    'at that time. 422 `channel-not-configured` (before anything goes live), `unknown-channel`, ' +
    '`social-post-failed`; 503 `social-unavailable` (retried); in both social cases the website is live ' +
    'and the receipts are in `detail.receipts`.',
  request: z.object({
    ...officeFields,
    idempotencyKey: idempotencyKeyShape,
    itemId,
    revision: revision.optional(),
    channels: z.array(z.string().min(1).max(64)).min(1).max(10),
    run: publishRunShape,
  }),
  response: z.object({ receipts: z.array(publicationReceiptShape) }),
  errors: [
    E['unknown-channel'],
    E['channel-not-configured'],
    E['social-post-failed'],
    E['social-unavailable'],
    E['media-unavailable'],
    E['publication-in-progress'],
    E['office-not-found'],
    E['office-unavailable'],
  ],
});

const publicationList = defineCommand('publishing.publication.list', {
  description: 'Publications with their receipts, most recently changed first.',
  request: z.object({
    ...officeFields,
    itemId: itemId.optional(),
    type: typeCode.optional(),
    status: z.enum(PUBLICATION_STATUSES).optional(),
    ...pageFields,
  }),
  response: z
    .object({ publications: z.array(publicationViewShape), nextCursor: z.string().optional() })
    .describe('Publications with their receipts, most recently changed first.'),
});

const publicationGet = defineCommand('publishing.publication.get', {
  description: "One item's publication with its receipts.",
  request: z.object({ ...officeFields, itemId }),
  response: publicationViewShape,
  errors: [E['publication-not-found']],
});

/** Who may correct or retract: the office admin or the publish step's role (mutationFields carry both). */
const AUTHORITY_ERRORS = [E['not-publisher'], E['publication-not-found'], E['not-published']];

const publicationCorrect = defineCommand('publishing.publication.correct', {
  description:
    "Publishes a correction with a visible note: the revision a run approved last (content's " +
    '`review.approvedRevision`, the default) or the one on the website (a note only). Only an office admin ' +
    "or a holder of the publish step's role in the office's active SOP for the item's type.",
  request: z.object({
    ...mutationFields,
    itemId,
    note: text(2000).describe('Shown on the page.'),
    revision: revision
      .optional()
      .describe('The revision a run approved last (default) or the one on the website (a note only).'),
  }),
  response: publicationViewShape,
  errors: [
    ...AUTHORITY_ERRORS,
    E['revision-not-approved'],
    E['media-unavailable'],
    E['publication-in-progress'],
  ],
});

const publicationRetract = defineCommand('publishing.publication.retract', {
  description:
    'Takes the item off lists, feeds, search and sitemap; its page says it was retracted and why. Who may: as ' +
    'for `correct`.',
  request: z.object({ ...mutationFields, itemId, reason: text(2000).describe('Shown on the page.') }),
  response: publicationViewShape,
  errors: [...AUTHORITY_ERRORS, E['publication-in-progress']],
});

const publicationRunActions = defineCommand('publishing.publication.run-actions', {
  description: "Corrections and retractions of what a run published, oldest first (for the run's timeline).",
  request: z.object({ ...officeFields, workflowId: text(300) }),
  response: z.object({ actions: z.array(publicationActionShape) }),
});

const scheduleSet = defineCommand('publishing.schedule.set', {
  description:
    "Sets (or moves) the time an item goes live. `publishAt`: local time in the office's zone " +
    '(`YYYY-MM-DDTHH:mm`) or an ISO instant with offset. A time in the past means at once.',
  request: z.object({
    ...mutationFields,
    itemId,
    publishAt: text(40).describe(
      "`YYYY-MM-DDTHH:mm` in the office's time zone (WIB/WITA/WIT) or an ISO time with offset.",
    ),
  }),
  response: scheduleViewShape,
  errors: [E['already-published'], E['invalid-publish-at'], E['office-not-found'], E['office-unavailable']],
});

const scheduleCancel = defineCommand('publishing.schedule.cancel', {
  description: "Cancels the item's waiting or armed schedule: the item is not published at that time.",
  request: z.object({ ...mutationFields, itemId }),
  response: scheduleViewShape,
  errors: [E['schedule-not-found']],
});

const scheduleList = defineCommand('publishing.schedule.list', {
  description: 'Publication times.',
  request: z.object({ ...officeFields, state: z.enum(SCHEDULE_STATES).optional(), ...pageFields }),
  response: z.object({ schedules: z.array(scheduleViewShape), nextCursor: z.string().optional() }),
});

const webhookCreate = defineCommand('publishing.webhook.create', {
  description: 'A webhook for publication events. The secret (`whsec_…`) is in this answer only.',
  request: z.object({
    ...mutationFields,
    url: z.url().max(2000),
    description: z.string().trim().max(500).optional(),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .optional()
      .describe('Default: all three.'),
  }),
  response: z
    .object({
      webhook: webhookViewShape,
      secret: z
        .string()
        .describe(
          '`whsec_…`, shown this once. Each delivery carries `Tatalaman-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.',
        ),
    })
    .describe('A new webhook with its signing secret, shown only in this answer.'),
  errors: [E['invalid-webhook-url'], E['target-not-allowed']],
});

const webhookList = defineCommand('publishing.webhook.list', {
  description: "The office's webhooks.",
  request: z.object(officeFields),
  response: z.object({ webhooks: z.array(webhookViewShape) }),
});

const webhookDisable = defineCommand('publishing.webhook.disable', {
  description: 'No more deliveries are made; pending ones are dead-lettered.',
  request: z.object({ ...mutationFields, webhookId: z.uuid() }),
  response: webhookViewShape,
  errors: [E['webhook-not-found']],
});

const webhookDeliveries = defineCommand('publishing.webhook.deliveries', {
  description: "The deliveries log, newest first; `status: 'dead'` lists the dead letters.",
  request: z.object({
    ...officeFields,
    webhookId: z.uuid().optional(),
    status: z.enum(DELIVERY_STATUSES).optional(),
    ...pageFields,
  }),
  response: z.object({ deliveries: z.array(webhookDeliveryShape), nextCursor: z.string().optional() }),
});

const webhookReplay = defineCommand('publishing.webhook.replay', {
  description: 'Sends a dead (or delivered) delivery again, freshly signed.',
  request: z.object({ ...mutationFields, deliveryId: z.uuid() }),
  response: webhookDeliveryShape,
  errors: [E['delivery-not-found'], E['webhook-disabled'], E['delivery-pending']],
});

const socialChannelSave = defineCommand('publishing.social-channel.save', {
  description:
    'Creates (no `channelId`) or changes a social channel. `token` is kept and never shown; omit it to keep ' +
    'the stored one.',
  request: z.object({
    ...mutationFields,
    channelId: z.uuid().optional().describe('Omit to create a channel.'),
    adapter: z.enum(SOCIAL_ADAPTERS),
    name: text(200),
    endpoint: z
      .url()
      .max(2000)
      .describe(
        'Bridge: the URL posted to. Facebook: the Graph API base, e.g. https://graph.facebook.com/v19.0.',
      ),
    pageId: text(200).nullable().optional().describe('Facebook: the page id.'),
    token: z
      .string()
      .min(1)
      .max(4000)
      .nullable()
      .optional()
      .describe(
        'Bridge: bearer token and signing secret; Facebook: page access token. Omit to keep the stored one.',
      ),
    enabled: z.boolean().optional(),
  }),
  response: socialChannelViewShape,
  errors: [E['channel-not-found'], E['invalid-channel'], E['invalid-endpoint'], E['target-not-allowed']],
});

const socialChannelList = defineCommand('publishing.social-channel.list', {
  description: "The office's social-media channels and their latest posts.",
  request: z.object(officeFields),
  response: z.object({
    channels: z.array(socialChannelViewShape),
    posts: z.array(socialPostShape).describe('The latest 100 posts and failures.'),
  }),
});

const socialChannelDisable = defineCommand('publishing.social-channel.disable', {
  description: 'Disables a social-media channel.',
  request: z.object({ ...mutationFields, channelId: z.uuid() }),
  response: socialChannelViewShape,
  errors: [E['channel-not-found']],
});

const viewsList = defineCommand('publishing.views.list', {
  description:
    "Page views per item and day (the office's local dates, `YYYY-MM-DD`, inclusive), for the monthly recap " +
    'of readers. Counts are flushed from memory every few seconds.',
  request: z.object({
    ...officeFields,
    from: localDate.describe("First day (the office's local date)."),
    to: localDate.describe('Last day, inclusive (at most 400 days after `from`).'),
    itemId: itemId.optional(),
  }),
  response: z
    .object({
      days: z.array(z.object({ day: localDate, itemId: z.uuid(), views: z.number().int() })),
      items: z.array(
        z.object({
          itemId: z.uuid(),
          title: z.string().nullable(),
          type: z.string().nullable(),
          url: z.string().nullable(),
          views: z.number().int(),
        }),
      ),
      total: z.number().int(),
    })
    .describe('Readers per item and day (counted in memory, flushed every few seconds).'),
  errors: [E['invalid-period']],
});

export const PUBLISHING_COMMAND_DEFINITIONS = registerCommands(
  stepPublish,
  publicationList,
  publicationGet,
  publicationCorrect,
  publicationRetract,
  publicationRunActions,
  scheduleSet,
  scheduleCancel,
  scheduleList,
  webhookCreate,
  webhookList,
  webhookDisable,
  webhookDeliveries,
  webhookReplay,
  socialChannelSave,
  socialChannelList,
  socialChannelDisable,
  viewsList,
);

export type PublishingCommands = ContractsOf<typeof PUBLISHING_COMMAND_DEFINITIONS>;
