import { SOCIAL_ADAPTERS, WEBHOOK_EVENT_TYPES } from '@tatalaman/contracts';
import { z } from 'zod';
import { ActorView, apiSchema, localDate, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { instant, pageQuery } from '../shared';

// Views of libs/contracts/src/commands/publishing.ts; only what is described here leaves the edge.

const typeCode = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const note = (what: { id: string; en: string }) =>
  z
    .string()
    .trim()
    .min(1, bilingual(`${what.id} wajib diisi`, `${what.en} is required`))
    .max(2000, bilingual(`${what.id} terlalu panjang`, `${what.en} is too long`));

export const PublicationAuthority = apiSchema(
  'PublicationAuthority',
  z.union([
    z.object({ as: z.literal('office-admin') }),
    z.object({
      as: z.literal('role'),
      role: z.string().describe("The publish step's role code in the office's SOP."),
      roleName: z.string(),
      onBehalfOf: ActorView.optional().describe('The absent role holder a delegate acted for.'),
    }),
  ]),
  "An office admin, or a holder of the publish step's role in the office's active SOP for the item's type.",
);

export const ReceiptView = apiSchema(
  'PublicationReceipt',
  z.object({
    receiptId: uuid,
    itemId: uuid,
    kind: z.enum(['publish', 'correct', 'retract', 'schedule']),
    channel: z.string().describe('`website` or `social-media`.'),
    target: z.string().nullable().describe('The social channel it went to.'),
    url: z.string().describe("The public page, or the social post's link."),
    status: z.enum(['published', 'scheduled', 'failed', 'retracted']),
    error: z.string().nullable(),
    revision: z.number().int().nullable().describe('Content revision number.'),
    publishedAt: instant.describe('When it went live (for `scheduled`: when it will).'),
    run: z.object({ workflowId: z.string(), stepId: z.string(), definitionKey: z.string() }).nullable(),
    actor: ActorView.nullable(),
    authority: PublicationAuthority.nullable().describe('Corrections and retractions: on whose authority.'),
    note: z.string().nullable().describe("A correction's public note, a retraction's reason."),
    createdAt: instant,
  }),
  'Evidence of one publication on one channel: URL, time, revision, and the run or person behind it.',
);

export const ScheduleView = apiSchema(
  'PublicationSchedule',
  z.object({
    scheduleId: uuid,
    itemId: uuid,
    publishAt: instant,
    publishAtLocal: z.string().describe("`YYYY-MM-DDTHH:mm` in the office's time zone."),
    timeZone: z.string(),
    zoneLabel: z.string().describe('WIB, WITA or WIT.'),
    state: z.enum(['waiting-for-run', 'armed', 'done', 'cancelled', 'failed']),
    revision: z.number().int().nullable(),
    channels: z.array(z.string()),
    createdBy: ActorView.nullable(),
    createdAt: instant,
    firedAt: instant.nullable(),
    lastError: z.string().nullable(),
  }),
  "When an item goes live. `waiting-for-run`: the run's publish step has not come yet; `armed`: it came and the item goes live at `publishAt`.",
);

export const PublicationView = apiSchema(
  'Publication',
  z.object({
    publicationId: uuid,
    office: z.string(),
    itemId: uuid,
    type: z.string(),
    slug: z.string(),
    title: z.string(),
    summary: z.string().nullable(),
    url: z.string(),
    path: z.string(),
    status: z.enum(['published', 'retracted']),
    revision: z.number().int().describe('Content revision on the website.'),
    revisionId: z.string(),
    publicationRevision: z.number().int().describe('Each publish, correction and retraction is a new one.'),
    firstPublishedAt: instant,
    publishedAt: instant,
    correctedAt: instant.nullable(),
    corrections: z.array(z.object({ at: instant, note: z.string(), revision: z.number().int() })),
    retractedAt: instant.nullable(),
    retractionReason: z.string().nullable(),
    media: z.array(
      z.object({
        attachmentId: z.string(),
        kind: z.enum(['image', 'document', 'video']),
        fileName: z.string(),
        mediaType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        alt: z.string().nullable(),
        caption: z.string().nullable(),
        url: z.string(),
      }),
    ),
    receipts: z.array(ReceiptView).describe('Newest first.'),
    schedule: ScheduleView.nullable(),
  }),
  'A content item on the office website, with its corrections, retraction and receipts.',
);

export const PublicationList = apiSchema(
  'PublicationList',
  z.object({ publications: z.array(PublicationView), nextCursor: z.string().optional() }),
  'Publications with their receipts, most recently changed first.',
);

export const ListPublicationsQuery = z.object({
  itemId: uuid.optional(),
  type: typeCode.optional(),
  status: z.enum(['published', 'retracted']).optional(),
  ...pageQuery,
});
export type ListPublicationsQuery = z.infer<typeof ListPublicationsQuery>;

export const CorrectionBody = apiSchema(
  'PublicationCorrectionBody',
  z.object({
    note: note({ id: 'Catatan ralat', en: 'The correction note' }).describe('Shown on the page.'),
    revision: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The revision a run approved last (default) or the one on the website (a note only).'),
  }),
  'A correction of a published item, with a public note.',
);
export type CorrectionBody = z.infer<typeof CorrectionBody>;

export const RetractionBody = apiSchema(
  'PublicationRetractionBody',
  z.object({ reason: note({ id: 'Alasan penarikan', en: 'The reason' }).describe('Shown on the page.') }),
  'Takes an item off the website; its page says it was retracted and why.',
);
export type RetractionBody = z.infer<typeof RetractionBody>;

export const ScheduleBody = apiSchema(
  'PublicationScheduleBody',
  z.object({
    publishAt: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .nullable()
      .describe(
        "`YYYY-MM-DDTHH:mm` in the office's time zone (WIB/WITA/WIT) or an ISO time with offset; `null` cancels the schedule.",
      ),
  }),
  'When the item goes live.',
);
export type ScheduleBody = z.infer<typeof ScheduleBody>;

export const ScheduleList = apiSchema(
  'PublicationScheduleList',
  z.object({ schedules: z.array(ScheduleView), nextCursor: z.string().optional() }),
);

export const ListSchedulesQuery = z.object({
  state: z.enum(['waiting-for-run', 'armed', 'done', 'cancelled', 'failed']).optional(),
  ...pageQuery,
});
export type ListSchedulesQuery = z.infer<typeof ListSchedulesQuery>;

export const PageViewsQuery = z.object({
  from: localDate.describe("First day (the office's local date)."),
  to: localDate.describe('Last day, inclusive (at most 400 days after `from`).'),
  itemId: uuid.optional(),
});
export type PageViewsQuery = z.infer<typeof PageViewsQuery>;

export const PageViewsView = apiSchema(
  'PageViews',
  z.object({
    days: z.array(z.object({ day: localDate, itemId: uuid, views: z.number().int() })),
    items: z.array(
      z.object({
        itemId: uuid,
        title: z.string().nullable(),
        type: z.string().nullable(),
        url: z.string().nullable(),
        views: z.number().int(),
      }),
    ),
    total: z.number().int(),
  }),
  'Readers per item and day (counted in memory, flushed every few seconds).',
);

// ---- webhooks ------------------------------------------------------------------------

export const WebhookView = apiSchema(
  'Webhook',
  z.object({
    webhookId: uuid,
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    active: z.boolean(),
    secretPrefix: z.string().describe('The first characters of the secret, to recognise it.'),
    createdBy: ActorView.nullable(),
    createdAt: instant,
    disabledAt: instant.nullable(),
  }),
  "An agency system's endpoint that receives signed publication events (never its secret).",
);

export const WebhookList = apiSchema('WebhookList', z.object({ webhooks: z.array(WebhookView) }));

export const CreatedWebhookView = apiSchema(
  'CreatedWebhook',
  z.object({
    webhook: WebhookView,
    secret: z
      .string()
      .describe(
        '`whsec_…`, shown this once. Each delivery carries `Tatalaman-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.',
      ),
  }),
  'A new webhook with its signing secret, shown only in this answer.',
);

export const CreateWebhookBody = apiSchema(
  'CreateWebhookBody',
  z.object({
    url: z
      .url(bilingual('Alamat webhook harus URL http(s)', 'The webhook URL must be an http(s) URL'))
      .max(2000),
    description: z.string().trim().max(500).optional(),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .optional()
      .describe('Default: all three.'),
  }),
  'A webhook for publication events.',
);
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const DisableWebhookBody = apiSchema(
  'DisableWebhookBody',
  z.object({ webhookId: uuid }),
  'The webhook to disable; its pending deliveries become dead letters.',
);
export type DisableWebhookBody = z.infer<typeof DisableWebhookBody>;

export const DeliveryView = apiSchema(
  'WebhookDelivery',
  z.object({
    deliveryId: uuid,
    webhookId: uuid,
    url: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    itemId: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'dead']).describe('`dead`: a dead letter, replayable.'),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: instant.nullable(),
    deadAt: instant.nullable(),
    replays: z.number().int(),
    createdAt: instant,
    attemptLog: z
      .array(
        z.object({
          attempt: z.number().int(),
          at: instant,
          statusCode: z.number().int().nullable(),
          error: z.string().nullable(),
          durationMs: z.number().int(),
        }),
      )
      .optional(),
  }),
  'One event sent to one webhook, with each attempt.',
);

export const DeliveryList = apiSchema(
  'WebhookDeliveryList',
  z.object({ deliveries: z.array(DeliveryView), nextCursor: z.string().optional() }),
);

export const ListDeliveriesQuery = z.object({
  webhookId: uuid.optional(),
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  ...pageQuery,
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

export const ListDeadLettersQuery = z.object({ webhookId: uuid.optional(), ...pageQuery });
export type ListDeadLettersQuery = z.infer<typeof ListDeadLettersQuery>;

export const ReplayBody = apiSchema(
  'ReplayWebhookDeliveryBody',
  z.object({ deliveryId: uuid }),
  'A dead (or delivered) delivery to send again, freshly signed.',
);
export type ReplayBody = z.infer<typeof ReplayBody>;

// ---- social media --------------------------------------------------------------------

export const SocialChannelView = apiSchema(
  'SocialChannel',
  z.object({
    channelId: uuid,
    adapter: z.enum(SOCIAL_ADAPTERS),
    name: z.string(),
    endpoint: z.string(),
    pageId: z.string().nullable(),
    hasToken: z.boolean().describe('A token is stored (never shown).'),
    enabled: z.boolean(),
    createdBy: ActorView.nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
  'Where publications to `social-media` go: a signed bridge, or a Facebook-Page-style Graph API.',
);

export const SocialChannelList = apiSchema(
  'SocialChannelList',
  z.object({
    channels: z.array(SocialChannelView),
    posts: z
      .array(
        z.object({
          postId: uuid,
          channelId: uuid,
          channelName: z.string(),
          itemId: uuid,
          revision: z.number().int(),
          status: z.enum(['posted', 'failed']),
          link: z.string().nullable(),
          error: z.string().nullable(),
          at: instant,
        }),
      )
      .describe('The latest 100 posts and failures.'),
  }),
);

export const SaveSocialChannelBody = apiSchema(
  'SaveSocialChannelBody',
  z.object({
    channelId: uuid.optional().describe('Omit to create a channel.'),
    adapter: z.enum(SOCIAL_ADAPTERS),
    name: z.string().trim().min(1).max(200),
    endpoint: z
      .url(bilingual('Alamat kanal harus URL http(s)', "The channel's endpoint must be an http(s) URL"))
      .max(2000)
      .describe(
        'Bridge: the URL posted to. Facebook: the Graph API base, e.g. https://graph.facebook.com/v19.0.',
      ),
    pageId: z.string().trim().min(1).max(200).nullable().optional().describe('Facebook: the page id.'),
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
  'A social-media channel of the office.',
);
export type SaveSocialChannelBody = z.infer<typeof SaveSocialChannelBody>;

export const DisableSocialChannelBody = apiSchema(
  'DisableSocialChannelBody',
  z.object({ channelId: uuid }),
  'The channel to disable.',
);
export type DisableSocialChannelBody = z.infer<typeof DisableSocialChannelBody>;
