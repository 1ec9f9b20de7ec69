import {
  type CommandRequest,
  type CommandResponse,
  SOCIAL_ADAPTERS,
  WEBHOOK_EVENT_TYPES,
} from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { caller, idempotencyKey, mutation, office, page, uuid } from './common/requests';
import { Publications } from './publications/publications.service';
import { Schedules } from './publications/schedules.service';
import { SocialChannels } from './social/social.service';
import { PageViews } from './views/views.service';
import { Webhooks } from './webhooks/webhooks.service';

const text = (max: number) => z.string().trim().min(1).max(max);
const localDate = z.iso.date();

const schemas = {
  step: z.object({
    office,
    idempotencyKey,
    itemId: uuid,
    revision: z.number().int().positive().optional(),
    channels: z.array(z.string().min(1).max(64)).min(1).max(10),
    run: z.object({ workflowId: text(300), stepId: text(200), definitionKey: text(200) }),
  }),
  list: z.object({
    office,
    itemId: uuid.optional(),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/)
      .optional(),
    status: z.enum(['published', 'retracted']).optional(),
    ...page,
  }),
  get: z.object({ office, itemId: uuid }),
  correct: z.object({
    ...mutation,
    ...caller,
    itemId: uuid,
    note: text(2000),
    revision: z.number().int().positive().optional(),
  }),
  retract: z.object({ ...mutation, ...caller, itemId: uuid, reason: text(2000) }),
  runActions: z.object({ office, workflowId: text(300) }),
  scheduleSet: z.object({ ...mutation, itemId: uuid, publishAt: text(40) }),
  scheduleCancel: z.object({ ...mutation, itemId: uuid }),
  scheduleList: z.object({
    office,
    state: z.enum(['waiting-for-run', 'armed', 'done', 'cancelled', 'failed']).optional(),
    ...page,
  }),
  webhookCreate: z.object({
    ...mutation,
    url: z.string().min(1).max(2000),
    description: z.string().max(500).optional(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(10).optional(),
  }),
  officeOnly: z.object({ office }),
  webhookDisable: z.object({ ...mutation, webhookId: uuid }),
  deliveries: z.object({
    office,
    webhookId: uuid.optional(),
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    ...page,
  }),
  replay: z.object({ ...mutation, deliveryId: uuid }),
  socialSave: z.object({
    ...mutation,
    channelId: uuid.optional(),
    adapter: z.enum(SOCIAL_ADAPTERS),
    name: text(200),
    endpoint: z.string().min(1).max(2000),
    pageId: z.string().trim().min(1).max(200).nullable().optional(),
    token: z.string().min(1).max(4000).nullable().optional(),
    enabled: z.boolean().optional(),
  }),
  socialDisable: z.object({ ...mutation, channelId: uuid }),
  views: z.object({ office, from: localDate, to: localDate, itemId: uuid.optional() }),
};

/** The publishing service's NATS commands (libs/contracts/src/commands/publishing.ts). */
@CommandController()
export class PublishingCommands {
  constructor(
    private readonly publications: Publications,
    private readonly schedules: Schedules,
    private readonly webhooks: Webhooks,
    private readonly social: SocialChannels,
    private readonly views: PageViews,
  ) {}

  @HandleCommand('publishing.step.publish')
  publish(
    req: CommandRequest<'publishing.step.publish'>,
  ): Promise<CommandResponse<'publishing.step.publish'>> {
    return this.publications.stepPublish(schemas.step.parse(req));
  }

  @HandleCommand('publishing.publication.list')
  list(
    req: CommandRequest<'publishing.publication.list'>,
  ): Promise<CommandResponse<'publishing.publication.list'>> {
    return this.publications.list(schemas.list.parse(req));
  }

  @HandleCommand('publishing.publication.get')
  get(
    req: CommandRequest<'publishing.publication.get'>,
  ): Promise<CommandResponse<'publishing.publication.get'>> {
    const r = schemas.get.parse(req);
    return this.publications.get(r.office, r.itemId);
  }

  @HandleCommand('publishing.publication.correct')
  correct(
    req: CommandRequest<'publishing.publication.correct'>,
  ): Promise<CommandResponse<'publishing.publication.correct'>> {
    return this.publications.correct(schemas.correct.parse(req));
  }

  @HandleCommand('publishing.publication.retract')
  retract(
    req: CommandRequest<'publishing.publication.retract'>,
  ): Promise<CommandResponse<'publishing.publication.retract'>> {
    return this.publications.retract(schemas.retract.parse(req));
  }

  @HandleCommand('publishing.publication.run-actions')
  async runActions(
    req: CommandRequest<'publishing.publication.run-actions'>,
  ): Promise<CommandResponse<'publishing.publication.run-actions'>> {
    const r = schemas.runActions.parse(req);
    return { actions: await this.publications.runActions(r.office, r.workflowId) };
  }

  @HandleCommand('publishing.schedule.set')
  scheduleSet(
    req: CommandRequest<'publishing.schedule.set'>,
  ): Promise<CommandResponse<'publishing.schedule.set'>> {
    return this.schedules.set(schemas.scheduleSet.parse(req));
  }

  @HandleCommand('publishing.schedule.cancel')
  scheduleCancel(
    req: CommandRequest<'publishing.schedule.cancel'>,
  ): Promise<CommandResponse<'publishing.schedule.cancel'>> {
    return this.schedules.cancel(schemas.scheduleCancel.parse(req));
  }

  @HandleCommand('publishing.schedule.list')
  scheduleList(
    req: CommandRequest<'publishing.schedule.list'>,
  ): Promise<CommandResponse<'publishing.schedule.list'>> {
    return this.schedules.list(schemas.scheduleList.parse(req));
  }

  @HandleCommand('publishing.webhook.create')
  webhookCreate(
    req: CommandRequest<'publishing.webhook.create'>,
  ): Promise<CommandResponse<'publishing.webhook.create'>> {
    return this.webhooks.create(schemas.webhookCreate.parse(req));
  }

  @HandleCommand('publishing.webhook.list')
  webhookList(
    req: CommandRequest<'publishing.webhook.list'>,
  ): Promise<CommandResponse<'publishing.webhook.list'>> {
    return this.webhooks.list(schemas.officeOnly.parse(req).office);
  }

  @HandleCommand('publishing.webhook.disable')
  webhookDisable(
    req: CommandRequest<'publishing.webhook.disable'>,
  ): Promise<CommandResponse<'publishing.webhook.disable'>> {
    return this.webhooks.disable(schemas.webhookDisable.parse(req));
  }

  @HandleCommand('publishing.webhook.deliveries')
  deliveries(
    req: CommandRequest<'publishing.webhook.deliveries'>,
  ): Promise<CommandResponse<'publishing.webhook.deliveries'>> {
    return this.webhooks.deliveries(schemas.deliveries.parse(req));
  }

  @HandleCommand('publishing.webhook.replay')
  replay(
    req: CommandRequest<'publishing.webhook.replay'>,
  ): Promise<CommandResponse<'publishing.webhook.replay'>> {
    return this.webhooks.replay(schemas.replay.parse(req));
  }

  @HandleCommand('publishing.social-channel.save')
  socialSave(
    req: CommandRequest<'publishing.social-channel.save'>,
  ): Promise<CommandResponse<'publishing.social-channel.save'>> {
    return this.social.save(schemas.socialSave.parse(req));
  }

  @HandleCommand('publishing.social-channel.list')
  socialList(
    req: CommandRequest<'publishing.social-channel.list'>,
  ): Promise<CommandResponse<'publishing.social-channel.list'>> {
    return this.social.list(schemas.officeOnly.parse(req).office);
  }

  @HandleCommand('publishing.social-channel.disable')
  socialDisable(
    req: CommandRequest<'publishing.social-channel.disable'>,
  ): Promise<CommandResponse<'publishing.social-channel.disable'>> {
    return this.social.disable(schemas.socialDisable.parse(req));
  }

  @HandleCommand('publishing.views.list')
  viewsList(req: CommandRequest<'publishing.views.list'>): Promise<CommandResponse<'publishing.views.list'>> {
    return this.views.list(schemas.views.parse(req));
  }
}
