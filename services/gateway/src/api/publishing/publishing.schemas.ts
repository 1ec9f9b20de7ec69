import {
  PUBLISHING_COMMAND_DEFINITIONS as P,
  publicationAuthorityShape,
  publicationViewShape,
  receiptViewShape,
  scheduleViewShape,
  socialChannelViewShape,
  webhookDeliveryShape,
  webhookViewShape,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand } from '../../http/schemas';
import { pageQuery } from '../shared';

// Bodies and views of the publishing contracts (libs/contracts/src/commands/publishing): the
// edge adds only names, query coercion and the shapes of its own routes.

export const PublicationAuthority = apiSchema(
  'PublicationAuthority',
  publicationAuthorityShape,
  publicationAuthorityShape.description,
);
export const ReceiptView = apiSchema('PublicationReceipt', receiptViewShape, receiptViewShape.description);
export const ScheduleView = apiSchema(
  'PublicationSchedule',
  scheduleViewShape,
  scheduleViewShape.description,
);
export const PublicationView = apiSchema(
  'Publication',
  publicationViewShape,
  publicationViewShape.description,
);

export const PublicationList = apiSchema(
  'PublicationList',
  P['publishing.publication.list'].response,
  P['publishing.publication.list'].description,
);

/** Query strings: the contract's filters, with the page size coerced from text. */
function query<S extends z.ZodObject, K extends keyof S['shape'] & string>(request: S, keys: readonly K[]) {
  const picked = Object.fromEntries(keys.map((k) => [k, true])) as { [P in K]: true };
  return request.pick(picked as never).extend(pageQuery) as z.ZodObject<
    Pick<S['shape'], K> & typeof pageQuery
  >;
}

export const ListPublicationsQuery = query(P['publishing.publication.list'].request, [
  'itemId',
  'type',
  'status',
]);
export type ListPublicationsQuery = z.infer<typeof ListPublicationsQuery>;

export const CorrectionBody = bodyFromCommand(
  'PublicationCorrectionBody',
  P['publishing.publication.correct'],
  {
    omit: { itemId: true },
    description: 'A correction of a published item, with a public note.',
  },
);
export type CorrectionBody = z.infer<typeof CorrectionBody>;

export const RetractionBody = bodyFromCommand(
  'PublicationRetractionBody',
  P['publishing.publication.retract'],
  {
    omit: { itemId: true },
    description: 'Takes an item off the website; its page says it was retracted and why.',
  },
);
export type RetractionBody = z.infer<typeof RetractionBody>;

/** One route sets or cancels: the contract's `publishAt`, or `null` to cancel. */
const publishAt = P['publishing.schedule.set'].request.shape.publishAt;
export const ScheduleBody = apiSchema(
  'PublicationScheduleBody',
  z.object({
    publishAt: publishAt.nullable().describe(`${publishAt.description ?? ''} \`null\` cancels the schedule.`),
  }),
  'When the item goes live.',
);
export type ScheduleBody = z.infer<typeof ScheduleBody>;

export const ScheduleList = apiSchema('PublicationScheduleList', P['publishing.schedule.list'].response);

export const ListSchedulesQuery = query(P['publishing.schedule.list'].request, ['state']);
export type ListSchedulesQuery = z.infer<typeof ListSchedulesQuery>;

export const PageViewsQuery = P['publishing.views.list'].request.pick({ from: true, to: true, itemId: true });
export type PageViewsQuery = z.infer<typeof PageViewsQuery>;

export const PageViewsView = apiSchema(
  'PageViews',
  P['publishing.views.list'].response,
  P['publishing.views.list'].response.description,
);

// ---- webhooks ------------------------------------------------------------------------

export const WebhookView = apiSchema('Webhook', webhookViewShape, webhookViewShape.description);
export const WebhookList = apiSchema('WebhookList', P['publishing.webhook.list'].response);
export const CreatedWebhookView = apiSchema(
  'CreatedWebhook',
  P['publishing.webhook.create'].response,
  P['publishing.webhook.create'].response.description,
);

export const CreateWebhookBody = bodyFromCommand('CreateWebhookBody', P['publishing.webhook.create'], {
  description: 'A webhook for publication events.',
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const DisableWebhookBody = bodyFromCommand('DisableWebhookBody', P['publishing.webhook.disable'], {
  description: 'The webhook to disable; its pending deliveries become dead letters.',
});
export type DisableWebhookBody = z.infer<typeof DisableWebhookBody>;

export const DeliveryView = apiSchema(
  'WebhookDelivery',
  webhookDeliveryShape,
  webhookDeliveryShape.description,
);
export const DeliveryList = apiSchema('WebhookDeliveryList', P['publishing.webhook.deliveries'].response);

export const ListDeliveriesQuery = query(P['publishing.webhook.deliveries'].request, ['webhookId', 'status']);
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

export const ListDeadLettersQuery = query(P['publishing.webhook.deliveries'].request, ['webhookId']);
export type ListDeadLettersQuery = z.infer<typeof ListDeadLettersQuery>;

export const ReplayBody = bodyFromCommand('ReplayWebhookDeliveryBody', P['publishing.webhook.replay'], {
  description: 'A dead (or delivered) delivery to send again, freshly signed.',
});
export type ReplayBody = z.infer<typeof ReplayBody>;

// ---- social media --------------------------------------------------------------------

export const SocialChannelView = apiSchema(
  'SocialChannel',
  socialChannelViewShape,
  socialChannelViewShape.description,
);
export const SocialChannelList = apiSchema('SocialChannelList', P['publishing.social-channel.list'].response);

export const SaveSocialChannelBody = bodyFromCommand(
  'SaveSocialChannelBody',
  P['publishing.social-channel.save'],
  {
    description: 'A social-media channel of the office.',
  },
);
export type SaveSocialChannelBody = z.infer<typeof SaveSocialChannelBody>;

export const DisableSocialChannelBody = bodyFromCommand(
  'DisableSocialChannelBody',
  P['publishing.social-channel.disable'],
  { description: 'The channel to disable.' },
);
export type DisableSocialChannelBody = z.infer<typeof DisableSocialChannelBody>;
