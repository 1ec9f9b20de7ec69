import { z } from 'zod';
import { defineEvent, id, isoDateTime } from './define';

/** The public websites; emitted by `publishing`. */

const publicationRef = { publicationId: id, itemId: id };
const url = z.string().min(1).max(2000);
const revisionNumber = z.number().int().positive();
const localDay = z.iso.date();

export const publicationPublished = defineEvent('publishing', 'publication-published', {
  description: 'A revision went live on the office website.',
  schema: z.object({
    ...publicationRef,
    /** Content's revision id (UUID). */
    revisionId: id,
    path: z.string().min(1).max(1000),
    url: url.optional(),
    revisionNumber: revisionNumber.optional(),
    contentType: z.string().min(1).max(64).optional(),
    title: z.string().min(1).max(500).optional(),
    /** The run whose publish step (or schedule) put it live. */
    workflowId: id.optional(),
    channels: z.array(z.string().min(1).max(64)).optional(),
  }),
});

export const publicationRetracted = defineEvent('publishing', 'publication-retracted', {
  description: 'A publication was taken off the website.',
  schema: z.object({
    ...publicationRef,
    reason: z.string().min(1).max(2000),
    path: z.string().min(1).max(1000).optional(),
    url: url.optional(),
  }),
});

export const publicationCorrected = defineEvent('publishing', 'publication-corrected', {
  description: 'A published item was replaced by a corrected revision, with a public note.',
  schema: z.object({
    ...publicationRef,
    revisionId: id,
    note: z.string().min(1).max(2000),
    path: z.string().min(1).max(1000).optional(),
    url: url.optional(),
    revisionNumber: revisionNumber.optional(),
    workflowId: id.optional(),
  }),
});

export const pageViewed = defineEvent('publishing', 'page-viewed', {
  description: 'Page views of one office website, counted in a window and sent as one batch.',
  schema: z.object({
    windowStart: isoDateTime,
    windowEnd: isoDateTime,
    counts: z
      .array(
        z.object({
          path: z.string().min(1).max(1000),
          itemId: id.optional(),
          views: z.number().int().positive(),
          /** The office's local date the views belong to (a window may straddle midnight). */
          day: localDay.optional(),
        }),
      )
      .min(1),
  }),
});

const delivery = {
  deliveryId: id,
  webhookId: id,
  eventId: id,
  eventType: z.string().min(1).max(100),
  url,
  attempts: z.number().int().positive(),
};

export const webhookDelivered = defineEvent('publishing', 'webhook-delivered', {
  description: "A webhook delivery was accepted (2xx) by the agency system's endpoint.",
  schema: z.object({ ...delivery, statusCode: z.number().int() }),
});

export const webhookDeadLettered = defineEvent('publishing', 'webhook-dead-lettered', {
  description:
    'A webhook delivery failed every attempt (or its webhook was disabled); an admin can replay it.',
  schema: z.object({
    ...delivery,
    lastStatusCode: z.number().int().optional(),
    lastError: z.string().max(2000).optional(),
  }),
});

export const publishingEvents = [
  publicationPublished,
  publicationRetracted,
  publicationCorrected,
  pageViewed,
  webhookDelivered,
  webhookDeadLettered,
] as const;

// Payload types, named for readability at call sites.
export type PublicationPublished = z.output<typeof publicationPublished.schema>;
export type PublicationRetracted = z.output<typeof publicationRetracted.schema>;
export type PublicationCorrected = z.output<typeof publicationCorrected.schema>;
export type PageViewed = z.output<typeof pageViewed.schema>;
export type WebhookDelivered = z.output<typeof webhookDelivered.schema>;
export type WebhookDeadLettered = z.output<typeof webhookDeadLettered.schema>;
