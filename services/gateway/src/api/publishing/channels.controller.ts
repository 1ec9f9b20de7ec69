import { Get, Post } from '@nestjs/common';
import { PUBLISHING_COMMAND_DEFINITIONS as P } from '@tatalaman/contracts';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { ValidBody, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { SERVICE_PROBLEMS } from '../shared';
import { PUBLISHING_TAG } from './publications.controller';
import {
  CreatedWebhookView,
  CreateWebhookBody,
  DeliveryList,
  DeliveryView,
  DisableSocialChannelBody,
  DisableWebhookBody,
  ListDeadLettersQuery,
  ListDeliveriesQuery,
  ReplayBody,
  SaveSocialChannelBody,
  SocialChannelList,
  SocialChannelView,
  WebhookList,
  WebhookView,
} from './publishing.schemas';

/**
 * Outbound channels: webhooks to agency systems and social-media channels
 * (`publishing.webhook.*`, `publishing.social-channel.*`). Office admins only: they hold
 * secrets. Records of these kinds are named in the body, not the path.
 */
@OfficeController('', PUBLISHING_TAG)
export class ChannelsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get('webhooks')
  @Endpoint({
    operationId: 'listWebhooks',
    summary: "The office's webhooks",
    requires: 'office:admin',
    response: WebhookList,
    commands: [P['publishing.webhook.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  webhooks() {
    return this.commands.send('publishing.webhook.list', {});
  }

  @Post('webhooks')
  @Endpoint({
    operationId: 'createWebhook',
    summary: 'Send publication events to an agency system',
    description:
      'Each publication, correction and retraction is POSTed as JSON, signed with the secret in this answer ' +
      '(`Tatalaman-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`), retried with ' +
      'exponential backoff, and kept as a dead letter after the last attempt.',
    requires: 'office:admin',
    body: CreateWebhookBody,
    response: CreatedWebhookView,
    status: 201,
    sensitiveResponse: true,
    commands: [P['publishing.webhook.create']],
    problems: [...SERVICE_PROBLEMS],
  })
  createWebhook(@ValidBody() body: CreateWebhookBody) {
    return this.commands.send('publishing.webhook.create', body);
  }

  @Post('webhooks/disable')
  @Endpoint({
    operationId: 'disableWebhook',
    summary: 'Disable a webhook',
    description: 'No more deliveries; the pending ones become dead letters.',
    requires: 'office:admin',
    body: DisableWebhookBody,
    response: WebhookView,
    status: 200,
    commands: [P['publishing.webhook.disable']],
    problems: [...SERVICE_PROBLEMS],
  })
  disableWebhook(@ValidBody() body: DisableWebhookBody) {
    return this.commands.send('publishing.webhook.disable', { webhookId: body.webhookId });
  }

  @Get('webhook-deliveries')
  @Endpoint({
    operationId: 'listWebhookDeliveries',
    summary: 'The webhook deliveries log',
    description: 'Newest first, each with its attempts (status code, error, duration).',
    requires: 'office:admin',
    query: ListDeliveriesQuery,
    response: DeliveryList,
    commands: [P['publishing.webhook.deliveries']],
    problems: [...SERVICE_PROBLEMS],
  })
  deliveries(@ValidQuery() query: ListDeliveriesQuery) {
    return this.commands.send('publishing.webhook.deliveries', query);
  }

  @Get('webhook-dead-letters')
  @Endpoint({
    operationId: 'listWebhookDeadLetters',
    summary: 'Webhook deliveries that failed every attempt',
    requires: 'office:admin',
    query: ListDeadLettersQuery,
    response: DeliveryList,
    commands: [P['publishing.webhook.deliveries']],
    problems: [...SERVICE_PROBLEMS],
  })
  deadLetters(@ValidQuery() query: ListDeadLettersQuery) {
    return this.commands.send('publishing.webhook.deliveries', { ...query, status: 'dead' });
  }

  @Post('webhook-deliveries/replay')
  @Endpoint({
    operationId: 'replayWebhookDelivery',
    summary: 'Send a delivery again',
    description:
      'A dead letter (or a delivered event) goes out again, freshly signed, with a new round of attempts.',
    requires: 'office:admin',
    body: ReplayBody,
    response: DeliveryView,
    status: 200,
    commands: [P['publishing.webhook.replay']],
    problems: [...SERVICE_PROBLEMS],
  })
  replay(@ValidBody() body: ReplayBody) {
    return this.commands.send('publishing.webhook.replay', { deliveryId: body.deliveryId });
  }

  @Get('social-channels')
  @Endpoint({
    operationId: 'listSocialChannels',
    summary: "The office's social-media channels and their latest posts",
    requires: 'office:admin',
    response: SocialChannelList,
    commands: [P['publishing.social-channel.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  socialChannels() {
    return this.commands.send('publishing.social-channel.list', {});
  }

  @Post('social-channels')
  @Endpoint({
    operationId: 'saveSocialChannel',
    summary: 'Create or change a social-media channel',
    description:
      'Runs that publish to `social-media` post to every enabled channel and record the link each returns; ' +
      'with none enabled the publish step is refused (422 `channel-not-configured`) and waits for a retry.',
    requires: 'office:admin',
    body: SaveSocialChannelBody,
    response: SocialChannelView,
    status: 200,
    commands: [P['publishing.social-channel.save']],
    problems: [...SERVICE_PROBLEMS],
  })
  saveSocialChannel(@ValidBody() body: SaveSocialChannelBody) {
    return this.commands.send('publishing.social-channel.save', body);
  }

  @Post('social-channels/disable')
  @Endpoint({
    operationId: 'disableSocialChannel',
    summary: 'Disable a social-media channel',
    requires: 'office:admin',
    body: DisableSocialChannelBody,
    response: SocialChannelView,
    status: 200,
    commands: [P['publishing.social-channel.disable']],
    problems: [...SERVICE_PROBLEMS],
  })
  disableSocialChannel(@ValidBody() body: DisableSocialChannelBody) {
    return this.commands.send('publishing.social-channel.disable', { channelId: body.channelId });
  }
}
