import { Get, Post, Put } from '@nestjs/common';
import { PUBLISHING_COMMAND_DEFINITIONS as P } from '@tatalaman/contracts';
import { z } from 'zod';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { uuid } from '../../http/schemas';
import { SERVICE_PROBLEMS } from '../shared';
import {
  CorrectionBody,
  ListPublicationsQuery,
  ListSchedulesQuery,
  PageViewsQuery,
  PageViewsView,
  PublicationList,
  PublicationView,
  RetractionBody,
  ScheduleBody,
  ScheduleList,
  ScheduleView,
} from './publishing.schemas';

export const PUBLISHING_TAG = {
  name: 'Publishing',
  description:
    'The office website (publishing service): publications with their receipts, corrections, retractions, ' +
    'publication times, readers, webhooks and social-media channels. Publishing itself is the step of an SOP ' +
    "run; nothing is published without one. Another office's records are a 404.",
};

const AUTHORITY =
  "Only an office admin, or a person holding the role of the publish step in the office's active SOP for " +
  "the item's type (own or as a delegate), may: anyone else, and every API key, gets 403 `not-publisher`. " +
  'It is recorded in the audit log, in the receipt (`authority`) and in the timeline of the run that published it.';

const ItemParams = z.object({ itemId: uuid });
type ItemParams = z.infer<typeof ItemParams>;

/** Publications: `publishing.publication.*`, `publishing.schedule.*`, `publishing.views.list`. */
@OfficeController('', PUBLISHING_TAG)
export class PublicationsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get('publications')
  @Endpoint({
    operationId: 'listPublications',
    summary: 'Publications on the office website, with their receipts',
    description: 'Most recently changed first; each with its corrections, retraction, schedule and receipts.',
    requires: 'content:read',
    query: ListPublicationsQuery,
    response: PublicationList,
    commands: [P['publishing.publication.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListPublicationsQuery) {
    return this.commands.send('publishing.publication.list', query);
  }

  @Post('publications/:itemId/correction')
  @Endpoint({
    operationId: 'correctPublication',
    summary: 'Publish a correction with a visible note',
    description:
      "A new publication revision: the revision the item's last run approved (default), or the one on the " +
      'website with a note only. 409 when the item is not on the website or the revision was not approved. ' +
      AUTHORITY,
    requires: 'content:write',
    params: ItemParams,
    body: CorrectionBody,
    response: PublicationView,
    status: 200,
    commands: [P['publishing.publication.correct']],
    problems: [...SERVICE_PROBLEMS],
  })
  correct(@ValidParams() p: ItemParams, @ValidBody() body: CorrectionBody) {
    return this.commands.send('publishing.publication.correct', { itemId: p.itemId, ...body });
  }

  @Post('publications/:itemId/retraction')
  @Endpoint({
    operationId: 'retractPublication',
    summary: 'Retract a publication',
    description:
      'Off lists, feeds, search and sitemap at once; the page stays at its address and says it was retracted, ' +
      'when and why. Webhooks receive `publishing.publication-retracted`. ' +
      AUTHORITY,
    requires: 'content:write',
    params: ItemParams,
    body: RetractionBody,
    response: PublicationView,
    status: 200,
    commands: [P['publishing.publication.retract']],
    problems: [...SERVICE_PROBLEMS],
  })
  retract(@ValidParams() p: ItemParams, @ValidBody() body: RetractionBody) {
    return this.commands.send('publishing.publication.retract', { itemId: p.itemId, reason: body.reason });
  }

  @Put('publications/:itemId/schedule')
  @Endpoint({
    operationId: 'setPublicationSchedule',
    summary: 'Set, move or cancel the time an item goes live',
    description:
      "Local time in the office's zone. When the run's publish step comes before that time, the item goes " +
      "live at it (the step's receipts say `scheduled`); `publishAt: null` cancels.",
    requires: 'content:write',
    params: ItemParams,
    body: ScheduleBody,
    response: ScheduleView,
    status: 200,
    commands: [P['publishing.schedule.cancel'], P['publishing.schedule.set']],
    problems: [...SERVICE_PROBLEMS],
  })
  schedule(@ValidParams() p: ItemParams, @ValidBody() body: ScheduleBody) {
    return body.publishAt === null
      ? this.commands.send('publishing.schedule.cancel', { itemId: p.itemId })
      : this.commands.send('publishing.schedule.set', { itemId: p.itemId, publishAt: body.publishAt });
  }

  @Get('publication-schedules')
  @Endpoint({
    operationId: 'listPublicationSchedules',
    summary: 'Publication times',
    requires: 'content:read',
    query: ListSchedulesQuery,
    response: ScheduleList,
    commands: [P['publishing.schedule.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  schedules(@ValidQuery() query: ListSchedulesQuery) {
    return this.commands.send('publishing.schedule.list', query);
  }

  @Get('page-views')
  @Endpoint({
    operationId: 'listPageViews',
    summary: 'Readers per item and day',
    description: "For the monthly recap of readers; days are the office's local dates.",
    requires: 'reports:read',
    query: PageViewsQuery,
    response: PageViewsView,
    commands: [P['publishing.views.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  views(@ValidQuery() query: PageViewsQuery) {
    return this.commands.send('publishing.views.list', query);
  }
}
