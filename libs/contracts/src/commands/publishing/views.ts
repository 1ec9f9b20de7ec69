import { z } from 'zod';
import { isoDateTime as instant } from '../../events/define';
import { actorShape } from '../caller';

/**
 * What the publishing service answers with: publications, their receipts and schedules,
 * webhooks and their deliveries, social-media channels and page views. The gateway shows
 * these views as they are; descriptions here are the API's.
 */

/** Channels a definition's publish step may name (the SOP language's vocabulary). */
export const PUBLISH_CHANNELS = ['website', 'social-media'] as const;
export type PublishChannel = (typeof PUBLISH_CHANNELS)[number];

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'publishing.publication-published',
  'publishing.publication-corrected',
  'publishing.publication-retracted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Social-media adapters: a bridge reached by a signed JSON POST, or a Facebook-Page-style Graph API. */
export const SOCIAL_ADAPTERS = ['bridge-webhook', 'facebook-page'] as const;
export type SocialAdapter = (typeof SOCIAL_ADAPTERS)[number];

export const SCHEDULE_STATES = ['waiting-for-run', 'armed', 'done', 'cancelled', 'failed'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export const PUBLICATION_STATUSES = ['published', 'retracted'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;

/** Which run and step published (or scheduled) something. */
export const publishRunShape = z.object({
  workflowId: z.string().trim().min(1).max(300),
  stepId: z.string().trim().min(1).max(200),
  definitionKey: z.string().trim().min(1).max(200),
});

/**
 * On whose authority a correction or retraction was made: the office admin's, or a role of
 * the publish step in the office's SOP (held own, or as a delegate of `onBehalfOf`).
 */
export const publicationAuthorityShape = z
  .union([
    z.object({ as: z.literal('office-admin') }),
    z.object({
      as: z.literal('role'),
      role: z.string().describe("The publish step's role code in the office's SOP."),
      roleName: z.string(),
      onBehalfOf: actorShape.optional().describe('The absent role holder a delegate acted for.'),
    }),
  ])
  .describe(
    "An office admin, or a holder of the publish step's role in the office's active SOP for the item's type.",
  );
export type PublicationAuthorityView = z.infer<typeof publicationAuthorityShape>;

/** A correction or retraction of what a run published, for that run's timeline. */
export const publicationActionShape = z.object({
  kind: z.enum(['correct', 'retract']),
  at: instant,
  itemId: z.string(),
  /** The publish step of the run whose publication it acted on. */
  stepId: z.string(),
  revision: z.number().int().nullable(),
  actor: actorShape.nullable(),
  authority: publicationAuthorityShape.nullable(),
  /** The public note of a correction, the reason of a retraction. */
  note: z.string().nullable(),
});
export type PublicationActionView = z.infer<typeof publicationActionShape>;

/** What a run's publish step gets back per channel. */
export const publicationReceiptShape = z.object({
  channel: z.string(),
  /** Where the public finds it (or the post's link on a social channel). */
  url: z.string(),
  publishedAt: z.string(),
  revision: z.number().int().optional(),
  status: z.enum(['published', 'scheduled', 'failed']),
  error: z.string().optional(),
  /** The stored receipt (evidence for the SOP's records). */
  receiptId: z.string().optional(),
  /** Social channels: which configured account or bridge it went to. */
  target: z.string().optional(),
});
export type PublicationReceipt = z.infer<typeof publicationReceiptShape>;

export const receiptViewShape = z
  .object({
    receiptId: z.uuid(),
    itemId: z.uuid(),
    kind: z.enum(['publish', 'correct', 'retract', 'schedule']),
    channel: z.string().describe('`website` or `social-media`.'),
    target: z.string().nullable().describe('The social channel it went to.'),
    url: z.string().describe("The public page, or the social post's link."),
    status: z.enum(['published', 'scheduled', 'failed', 'retracted']),
    error: z.string().nullable(),
    revision: z.number().int().nullable().describe('Content revision number.'),
    publishedAt: instant.describe('When it went live (for `scheduled`: when it will).'),
    run: z.object({ workflowId: z.string(), stepId: z.string(), definitionKey: z.string() }).nullable(),
    actor: actorShape.nullable(),
    authority: publicationAuthorityShape
      .nullable()
      .describe('Corrections and retractions: on whose authority.'),
    note: z.string().nullable().describe("A correction's public note, a retraction's reason."),
    createdAt: instant,
  })
  .describe(
    'Evidence of one publication on one channel: URL, time, revision, and the run or person behind it.',
  );
export type ReceiptView = z.infer<typeof receiptViewShape>;

export const scheduleViewShape = z
  .object({
    scheduleId: z.uuid(),
    itemId: z.uuid(),
    publishAt: instant,
    publishAtLocal: z.string().describe("`YYYY-MM-DDTHH:mm` in the office's time zone."),
    timeZone: z.string(),
    zoneLabel: z.string().describe('WIB, WITA or WIT.'),
    state: z.enum(SCHEDULE_STATES),
    revision: z.number().int().nullable(),
    channels: z.array(z.string()),
    createdBy: actorShape.nullable(),
    createdAt: instant,
    firedAt: instant.nullable(),
    lastError: z.string().nullable(),
  })
  .describe(
    "When an item goes live. `waiting-for-run`: the run's publish step has not come yet; `armed`: it came and " +
      'the item goes live at `publishAt`; `done`: published; `failed`: the content could not be fetched or was ' +
      'refused (see `lastError`), retried while armed.',
  );
export type ScheduleView = z.infer<typeof scheduleViewShape>;

export const publicationMediaShape = z.object({
  attachmentId: z.string(),
  kind: z.enum(['image', 'document', 'video']),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  alt: z.string().nullable(),
  caption: z.string().nullable(),
  /** Public URL of the bytes. */
  url: z.string(),
});
export type PublicationMediaView = z.infer<typeof publicationMediaShape>;

export const publicationViewShape = z
  .object({
    publicationId: z.uuid(),
    office: z.string(),
    itemId: z.uuid(),
    type: z.string(),
    slug: z.string(),
    title: z.string(),
    summary: z.string().nullable(),
    url: z.string().describe('The public page.'),
    path: z.string(),
    status: z.enum(PUBLICATION_STATUSES),
    revision: z.number().int().describe('Content revision on the website.'),
    revisionId: z.string(),
    publicationRevision: z.number().int().describe('Each publish, correction and retraction is a new one.'),
    firstPublishedAt: instant,
    publishedAt: instant,
    correctedAt: instant.nullable(),
    corrections: z.array(z.object({ at: instant, note: z.string(), revision: z.number().int() })),
    retractedAt: instant.nullable(),
    retractionReason: z.string().nullable(),
    media: z.array(publicationMediaShape),
    receipts: z.array(receiptViewShape).describe('Newest first.'),
    schedule: scheduleViewShape.nullable(),
  })
  .describe('A content item on the office website, with its corrections, retraction and receipts.');
export type PublicationView = z.infer<typeof publicationViewShape>;

export const webhookViewShape = z
  .object({
    webhookId: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    active: z.boolean(),
    secretPrefix: z.string().describe('The first characters of the secret, to recognise it.'),
    createdBy: actorShape.nullable(),
    createdAt: instant,
    disabledAt: instant.nullable(),
  })
  .describe("An agency system's endpoint that receives signed publication events (never its secret).");
export type WebhookView = z.infer<typeof webhookViewShape>;

export const webhookAttemptShape = z.object({
  attempt: z.number().int(),
  at: instant,
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type WebhookAttemptView = z.infer<typeof webhookAttemptShape>;

export const webhookDeliveryShape = z
  .object({
    deliveryId: z.uuid(),
    webhookId: z.uuid(),
    url: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    itemId: z.string().nullable(),
    status: z
      .enum(DELIVERY_STATUSES)
      .describe(
        '`pending`: waiting for its next attempt; `delivered`: a 2xx came back; `dead`: a dead letter, replayable.',
      ),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: instant.nullable(),
    deadAt: instant.nullable(),
    replays: z.number().int(),
    createdAt: instant,
    attemptLog: z
      .array(webhookAttemptShape)
      .optional()
      .describe('On a single delivery and in the log: each attempt.'),
  })
  .describe('One event sent to one webhook, with each attempt.');
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryShape>;

export const socialChannelViewShape = z
  .object({
    channelId: z.uuid(),
    adapter: z.enum(SOCIAL_ADAPTERS),
    name: z.string(),
    endpoint: z
      .string()
      .describe(
        'Bridge: the URL posted to. Facebook: the Graph API base (e.g. https://graph.facebook.com/v19.0).',
      ),
    pageId: z.string().nullable().describe('Facebook: the page id.'),
    hasToken: z.boolean().describe('A token is stored (never shown).'),
    enabled: z.boolean(),
    createdBy: actorShape.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .describe('Where publications to `social-media` go: a signed bridge, or a Facebook-Page-style Graph API.');
export type SocialChannelView = z.infer<typeof socialChannelViewShape>;

export const socialPostShape = z.object({
  postId: z.uuid(),
  channelId: z.uuid(),
  channelName: z.string(),
  itemId: z.uuid(),
  revision: z.number().int(),
  status: z.enum(['posted', 'failed']),
  link: z.string().nullable(),
  error: z.string().nullable(),
  at: instant,
});
export type SocialPostView = z.infer<typeof socialPostShape>;
