import type { Actor } from '../envelope';
import type { Page } from './common';
import type { EffectiveRole } from './gateway';

/**
 * Commands and queries the publishing service serves. Owned by the publishing service.
 *
 * Everything is scoped to the request's `office`: another office's publication, webhook
 * or channel answers 404 exactly like one that does not exist. Mutations carry the acting
 * person or API key and the HTTP `Idempotency-Key`: a retry with the same key returns the
 * first answer and changes nothing; the same key with another request is 422
 * `idempotency-key-reused`. Errors are bilingual (`{ id, en }`).
 */

/**
 * What the gateway says of the caller, for the commands that decide on it (correct,
 * retract): whether they administer the office, and the SOP roles they hold now.
 */
export interface PublishingCaller {
  officeAdmin?: boolean;
  roles?: EffectiveRole[];
}

/**
 * On whose authority a correction or retraction was made: the office admin's, or a role of
 * the publish step in the office's SOP (held own, or as a delegate of `onBehalfOf`).
 */
export type PublicationAuthorityView =
  { as: 'office-admin' } | { as: 'role'; role: string; roleName: string; onBehalfOf?: Actor };

/** A correction or retraction of what a run published, for that run's timeline. */
export interface PublicationActionView {
  kind: 'correct' | 'retract';
  at: string;
  itemId: string;
  /** The publish step of the run whose publication it acted on. */
  stepId: string;
  revision: number | null;
  actor: Actor | null;
  authority: PublicationAuthorityView | null;
  /** The public note of a correction, the reason of a retraction. */
  note: string | null;
}

/** What every mutating publishing command carries besides its own fields. */
export interface PublishingMutation {
  office: string;
  actor: Actor;
  idempotencyKey: string;
}

/** Channels a definition's publish step may name (the SOP language's vocabulary). */
export const PUBLISH_CHANNELS = ['website', 'social-media'] as const;
export type PublishChannel = (typeof PUBLISH_CHANNELS)[number];

export interface PublicationReceipt {
  channel: string;
  /** Where the public finds it (or the post's link on a social channel). */
  url: string;
  publishedAt: string;
  revision?: number;
  status: 'published' | 'scheduled' | 'failed';
  error?: string;
  /** The stored receipt (evidence for the SOP's records). */
  receiptId?: string;
  /** Social channels: which configured account or bridge it went to. */
  target?: string;
}

/** A receipt as kept in the publication's records: what was done, where, when, by whom or which run. */
export interface ReceiptView {
  receiptId: string;
  itemId: string;
  kind: 'publish' | 'correct' | 'retract' | 'schedule';
  channel: string;
  target: string | null;
  url: string;
  status: 'published' | 'scheduled' | 'failed' | 'retracted';
  error: string | null;
  /** The content revision number concerned. */
  revision: number | null;
  /** When it went live (or is due, for `scheduled`). */
  publishedAt: string;
  run: { workflowId: string; stepId: string; definitionKey: string } | null;
  actor: Actor | null;
  /** Corrections and retractions: on whose authority, and their note or reason. */
  authority: PublicationAuthorityView | null;
  note: string | null;
  createdAt: string;
}

export type ScheduleState = 'waiting-for-run' | 'armed' | 'done' | 'cancelled' | 'failed';

/**
 * A publication time for an item. `waiting-for-run`: set before the run's publish step
 * came; `armed`: the step came (its receipts say `scheduled`) and the item goes live at
 * `publishAt`; `done`: published; `cancelled`; `failed`: the content could not be fetched
 * or refused (see `lastError`), retried while armed.
 */
export interface ScheduleView {
  scheduleId: string;
  itemId: string;
  publishAt: string;
  /** `publishAt` in the office's time zone, `YYYY-MM-DDTHH:mm`, and the zone's name (WIB/WITA/WIT). */
  publishAtLocal: string;
  timeZone: string;
  zoneLabel: string;
  state: ScheduleState;
  revision: number | null;
  channels: string[];
  createdBy: Actor | null;
  createdAt: string;
  firedAt: string | null;
  lastError: string | null;
}

export interface PublicationMediaView {
  attachmentId: string;
  kind: 'image' | 'document' | 'video';
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  alt: string | null;
  caption: string | null;
  /** Public URL of the bytes. */
  url: string;
}

export interface PublicationView {
  publicationId: string;
  office: string;
  itemId: string;
  type: string;
  slug: string;
  title: string;
  summary: string | null;
  /** The public page. */
  url: string;
  path: string;
  status: 'published' | 'retracted';
  /** Content revision number on the website. */
  revision: number;
  revisionId: string;
  /** 1, 2, 3…: each publish, correction and retraction of this page is a new publication revision. */
  publicationRevision: number;
  firstPublishedAt: string;
  publishedAt: string;
  correctedAt: string | null;
  corrections: { at: string; note: string; revision: number }[];
  retractedAt: string | null;
  retractionReason: string | null;
  media: PublicationMediaView[];
  /** Newest first. */
  receipts: ReceiptView[];
  schedule: ScheduleView | null;
}

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'publishing.publication-published',
  'publishing.publication-corrected',
  'publishing.publication-retracted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookView {
  webhookId: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  active: boolean;
  /** The first characters of the secret, to recognise it (`whsec_ab12…`). */
  secretPrefix: string;
  createdBy: Actor | null;
  createdAt: string;
  disabledAt: string | null;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  deliveryId: string;
  webhookId: string;
  url: string;
  eventId: string;
  eventType: string;
  itemId: string | null;
  /** `pending`: waiting for its next attempt; `delivered`: a 2xx came back; `dead`: gave up (a dead letter). */
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  replays: number;
  createdAt: string;
  /** Present on a single delivery and in the log: each attempt. */
  attemptLog?: WebhookAttemptView[];
}

/** Social-media adapters: a bridge reached by a signed JSON POST, or a Facebook-Page-style Graph API. */
export const SOCIAL_ADAPTERS = ['bridge-webhook', 'facebook-page'] as const;
export type SocialAdapter = (typeof SOCIAL_ADAPTERS)[number];

export interface SocialChannelView {
  channelId: string;
  adapter: SocialAdapter;
  name: string;
  /** Bridge: the URL posted to. Facebook: the Graph API base (e.g. https://graph.facebook.com/v19.0). */
  endpoint: string;
  /** Facebook: the page id. */
  pageId: string | null;
  /** Whether a token/secret is stored (never shown). */
  hasToken: boolean;
  enabled: boolean;
  createdBy: Actor | null;
  createdAt: string;
  updatedAt: string;
}

export interface SocialPostView {
  postId: string;
  channelId: string;
  channelName: string;
  itemId: string;
  revision: number;
  status: 'posted' | 'failed';
  link: string | null;
  error: string | null;
  at: string;
}

export interface PublishingCommands {
  /**
   * A run's publish step: put the item's approved revision on the channels.
   * Idempotent per `idempotencyKey` (the run, step and attempt): a retried
   * activity gets the first call's receipts and publishes nothing twice.
   * The revision is the latest one a review of this run approved (content's
   * `review.approvedRevision`), else `revision`, else the current one. An item
   * already on the website becomes a correction. With a schedule set for the item
   * the receipts say `scheduled` and it goes live at that time.
   * 4xx (the run waits for a person to retry): 422 `channel-not-configured` (before anything
   * goes live), `unknown-channel`; 404 `office-not-found` and content's 404s; 422
   * `social-post-failed` when a social channel refused the post or returned no link. 503
   * `social-unavailable` when it may work later (retried). In both social cases the website
   * is live and the receipts are in `detail.receipts`.
   */
  'publishing.step.publish': {
    request: {
      office: string;
      idempotencyKey: string;
      itemId: string;
      revision?: number;
      channels: string[];
      run: { workflowId: string; stepId: string; definitionKey: string };
    };
    response: { receipts: PublicationReceipt[] };
  };
  /** Publications with their receipts, most recently changed first. */
  'publishing.publication.list': {
    request: { office: string; itemId?: string; type?: string; status?: 'published' | 'retracted' } & Page;
    response: { publications: PublicationView[]; nextCursor?: string };
  };
  /** One item's publication with its receipts. 404 `publication-not-found`. */
  'publishing.publication.get': {
    request: { office: string; itemId: string };
    response: PublicationView;
  };
  /**
   * Publishes a correction with a visible note: the revision a run approved last
   * (content's `review.approvedRevision`, the default) or the one on the website (a note
   * only). Only an office admin or a holder of the publish step's role in the office's
   * active SOP for the item's type: 403 `not-publisher` for anyone else and for API keys.
   * 409 `not-published`, `revision-not-approved`.
   */
  'publishing.publication.correct': {
    request: PublishingMutation & PublishingCaller & { itemId: string; note: string; revision?: number };
    response: PublicationView;
  };
  /**
   * Takes the item off lists, feeds, search and sitemap; its page says it was retracted and
   * why. Who may: as for `correct` (403 `not-publisher`). 409 `not-published`.
   */
  'publishing.publication.retract': {
    request: PublishingMutation & PublishingCaller & { itemId: string; reason: string };
    response: PublicationView;
  };
  /** Corrections and retractions of what a run published, oldest first (for the run's timeline). */
  'publishing.publication.run-actions': {
    request: { office: string; workflowId: string };
    response: { actions: PublicationActionView[] };
  };
  /**
   * Sets (or moves) the time an item goes live. `publishAt`: local time in the office's
   * zone (`YYYY-MM-DDTHH:mm`) or an ISO instant with offset. A time in the past means at
   * once. 409 `already-published` when the item is on the website.
   */
  'publishing.schedule.set': {
    request: PublishingMutation & { itemId: string; publishAt: string };
    response: ScheduleView;
  };
  /** Cancels the item's waiting or armed schedule: the item is not published at that time. 404 `schedule-not-found`. */
  'publishing.schedule.cancel': {
    request: PublishingMutation & { itemId: string };
    response: ScheduleView;
  };
  'publishing.schedule.list': {
    request: { office: string; state?: ScheduleState } & Page;
    response: { schedules: ScheduleView[]; nextCursor?: string };
  };
  /** The secret (`whsec_…`) is in this answer only. 422 `invalid-webhook-url`. */
  'publishing.webhook.create': {
    request: PublishingMutation & { url: string; description?: string; events?: WebhookEventType[] };
    response: { webhook: WebhookView; secret: string };
  };
  'publishing.webhook.list': {
    request: { office: string };
    response: { webhooks: WebhookView[] };
  };
  /** No more deliveries are made; pending ones are dead-lettered. 404 `webhook-not-found`. */
  'publishing.webhook.disable': {
    request: PublishingMutation & { webhookId: string };
    response: WebhookView;
  };
  /** The deliveries log, newest first; `status: 'dead'` lists the dead letters. */
  'publishing.webhook.deliveries': {
    request: { office: string; webhookId?: string; status?: 'pending' | 'delivered' | 'dead' } & Page;
    response: { deliveries: WebhookDeliveryView[]; nextCursor?: string };
  };
  /** Sends a dead (or delivered) delivery again, freshly signed. 409 `webhook-disabled`, `delivery-pending`. */
  'publishing.webhook.replay': {
    request: PublishingMutation & { deliveryId: string };
    response: WebhookDeliveryView;
  };
  /** Creates (no `channelId`) or changes a social channel. `token` is kept and never shown; omit it to keep the stored one. */
  'publishing.social-channel.save': {
    request: PublishingMutation & {
      channelId?: string;
      adapter: SocialAdapter;
      name: string;
      endpoint: string;
      pageId?: string | null;
      token?: string | null;
      enabled?: boolean;
    };
    response: SocialChannelView;
  };
  'publishing.social-channel.list': {
    request: { office: string };
    response: { channels: SocialChannelView[]; posts: SocialPostView[] };
  };
  /** 404 `channel-not-found`. */
  'publishing.social-channel.disable': {
    request: PublishingMutation & { channelId: string };
    response: SocialChannelView;
  };
  /**
   * Page views per item and day (the office's local dates, `YYYY-MM-DD`, inclusive), for
   * the monthly recap of readers. Counts are flushed from memory every few seconds.
   */
  'publishing.views.list': {
    request: { office: string; from: string; to: string; itemId?: string };
    response: {
      days: { day: string; itemId: string; views: number }[];
      items: {
        itemId: string;
        title: string | null;
        type: string | null;
        url: string | null;
        views: number;
      }[];
      total: number;
    };
  };
}
