import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { PublicationCorrections } from './publications/publication-corrections.service';
import { PublicationViews } from './publications/publication-views.service';
import { Publications } from './publications/publications.service';
import { Schedules } from './publications/schedules.service';
import { SocialChannels } from './social/social.service';
import { PageViews } from './views/views.service';
import { Webhooks } from './webhooks/webhooks.service';

/**
 * The publishing service's NATS commands; `@HandleCommand` parses each request with its contract
 * (libs/contracts/src/commands/publishing), so handlers receive it parsed.
 */
@CommandController()
export class PublishingCommands {
  constructor(
    private readonly publications: Publications,
    private readonly publicationViews: PublicationViews,
    private readonly corrections: PublicationCorrections,
    private readonly schedules: Schedules,
    private readonly webhooks: Webhooks,
    private readonly social: SocialChannels,
    private readonly views: PageViews,
  ) {}

  @HandleCommand('publishing.step.publish')
  publish(
    req: CommandParsed<'publishing.step.publish'>,
  ): Promise<CommandResponse<'publishing.step.publish'>> {
    return this.publications.stepPublish(req);
  }

  @HandleCommand('publishing.publication.list')
  list(
    req: CommandParsed<'publishing.publication.list'>,
  ): Promise<CommandResponse<'publishing.publication.list'>> {
    return this.publicationViews.list(req);
  }

  @HandleCommand('publishing.publication.get')
  get(
    req: CommandParsed<'publishing.publication.get'>,
  ): Promise<CommandResponse<'publishing.publication.get'>> {
    return this.publicationViews.get(req.office, req.itemId);
  }

  @HandleCommand('publishing.publication.correct')
  correct(
    req: CommandParsed<'publishing.publication.correct'>,
  ): Promise<CommandResponse<'publishing.publication.correct'>> {
    return this.corrections.correct(req);
  }

  @HandleCommand('publishing.publication.retract')
  retract(
    req: CommandParsed<'publishing.publication.retract'>,
  ): Promise<CommandResponse<'publishing.publication.retract'>> {
    return this.corrections.retract(req);
  }

  @HandleCommand('publishing.publication.run-actions')
  async runActions(
    req: CommandParsed<'publishing.publication.run-actions'>,
  ): Promise<CommandResponse<'publishing.publication.run-actions'>> {
    return { actions: await this.publicationViews.runActions(req.office, req.workflowId) };
  }

  @HandleCommand('publishing.schedule.set')
  scheduleSet(
    req: CommandParsed<'publishing.schedule.set'>,
  ): Promise<CommandResponse<'publishing.schedule.set'>> {
    return this.schedules.set(req);
  }

  @HandleCommand('publishing.schedule.cancel')
  scheduleCancel(
    req: CommandParsed<'publishing.schedule.cancel'>,
  ): Promise<CommandResponse<'publishing.schedule.cancel'>> {
    return this.schedules.cancel(req);
  }

  @HandleCommand('publishing.schedule.list')
  scheduleList(
    req: CommandParsed<'publishing.schedule.list'>,
  ): Promise<CommandResponse<'publishing.schedule.list'>> {
    return this.schedules.list(req);
  }

  @HandleCommand('publishing.webhook.create')
  webhookCreate(
    req: CommandParsed<'publishing.webhook.create'>,
  ): Promise<CommandResponse<'publishing.webhook.create'>> {
    return this.webhooks.create(req);
  }

  @HandleCommand('publishing.webhook.list')
  webhookList(
    req: CommandParsed<'publishing.webhook.list'>,
  ): Promise<CommandResponse<'publishing.webhook.list'>> {
    return this.webhooks.list(req.office);
  }

  @HandleCommand('publishing.webhook.disable')
  webhookDisable(
    req: CommandParsed<'publishing.webhook.disable'>,
  ): Promise<CommandResponse<'publishing.webhook.disable'>> {
    return this.webhooks.disable(req);
  }

  @HandleCommand('publishing.webhook.deliveries')
  deliveries(
    req: CommandParsed<'publishing.webhook.deliveries'>,
  ): Promise<CommandResponse<'publishing.webhook.deliveries'>> {
    return this.webhooks.deliveries(req);
  }

  @HandleCommand('publishing.webhook.replay')
  replay(
    req: CommandParsed<'publishing.webhook.replay'>,
  ): Promise<CommandResponse<'publishing.webhook.replay'>> {
    return this.webhooks.replay(req);
  }

  @HandleCommand('publishing.social-channel.save')
  socialSave(
    req: CommandParsed<'publishing.social-channel.save'>,
  ): Promise<CommandResponse<'publishing.social-channel.save'>> {
    return this.social.save(req);
  }

  @HandleCommand('publishing.social-channel.list')
  socialList(
    req: CommandParsed<'publishing.social-channel.list'>,
  ): Promise<CommandResponse<'publishing.social-channel.list'>> {
    return this.social.list(req.office);
  }

  @HandleCommand('publishing.social-channel.disable')
  socialDisable(
    req: CommandParsed<'publishing.social-channel.disable'>,
  ): Promise<CommandResponse<'publishing.social-channel.disable'>> {
    return this.social.disable(req);
  }

  @HandleCommand('publishing.views.list')
  viewsList(req: CommandParsed<'publishing.views.list'>): Promise<CommandResponse<'publishing.views.list'>> {
    return this.views.list(req);
  }
}
