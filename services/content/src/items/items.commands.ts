import { CONTENT_STATUSES, type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { contentType, mutation, office, page, tag, uuid } from '../common/requests';
import { RevisionsService } from '../revisions/revisions.service';
import { SubmissionsService } from '../submissions/submissions.service';
import { ItemsService } from './items.service';

const title = z.string().trim().min(1).max(500);
const summary = z.string().max(2000).nullable().optional();
const body = z.string().optional();
const tags = z.array(tag).max(30).optional();
const fields = z.record(z.string(), z.unknown()).optional();
const language = z.enum(['id', 'en']).optional();
const note = z.string().max(2000).optional();
const status = z.enum(CONTENT_STATUSES);
const revision = z.number().int().positive();

const schemas = {
  create: z.object({ ...mutation, type: contentType, title, summary, body, tags, fields, language, note }),
  update: z.object({
    ...mutation,
    itemId: uuid,
    baseRevision: revision.optional(),
    title: title.optional(),
    summary,
    body,
    tags,
    fields,
    language,
    note,
  }),
  get: z.object({ office, itemId: uuid }),
  list: z.object({
    office,
    type: contentType.optional(),
    status: z.union([status, z.array(status).min(1).max(10)]).optional(),
    text: z.string().max(200).optional(),
    tag: tag.optional(),
    authorId: z.string().max(200).optional(),
    ...page,
  }),
  submit: z.object({ ...mutation, itemId: uuid, revision: revision.optional(), note }),
  withdraw: z.object({ ...mutation, itemId: uuid, reason: z.string().trim().min(1).max(2000) }),
  revisions: z.object({ office, itemId: uuid, ...page }),
  revision: z.object({ office, itemId: uuid, revision }),
  diff: z.object({ office, itemId: uuid, from: revision, to: revision }),
};

@CommandController()
export class ItemCommands {
  constructor(
    private readonly items: ItemsService,
    private readonly revisions: RevisionsService,
    private readonly submissions: SubmissionsService,
  ) {}

  @HandleCommand('content.item.create')
  create(req: CommandRequest<'content.item.create'>): Promise<CommandResponse<'content.item.create'>> {
    return this.items.create(schemas.create.parse(req));
  }

  @HandleCommand('content.item.update')
  update(req: CommandRequest<'content.item.update'>): Promise<CommandResponse<'content.item.update'>> {
    return this.items.update(schemas.update.parse(req));
  }

  @HandleCommand('content.item.get')
  get(req: CommandRequest<'content.item.get'>): Promise<CommandResponse<'content.item.get'>> {
    const parsed = schemas.get.parse(req);
    return this.items.get(parsed.office, parsed.itemId);
  }

  @HandleCommand('content.item.list')
  list(req: CommandRequest<'content.item.list'>): Promise<CommandResponse<'content.item.list'>> {
    return this.items.list(schemas.list.parse(req));
  }

  @HandleCommand('content.item.submit')
  submit(req: CommandRequest<'content.item.submit'>): Promise<CommandResponse<'content.item.submit'>> {
    return this.submissions.submit(schemas.submit.parse(req));
  }

  @HandleCommand('content.item.withdraw')
  withdraw(req: CommandRequest<'content.item.withdraw'>): Promise<CommandResponse<'content.item.withdraw'>> {
    return this.submissions.withdraw(schemas.withdraw.parse(req));
  }

  @HandleCommand('content.revision.list')
  revisionList(req: CommandRequest<'content.revision.list'>) {
    return this.revisions.list(schemas.revisions.parse(req));
  }

  @HandleCommand('content.revision.get')
  revisionGet(req: CommandRequest<'content.revision.get'>) {
    return this.revisions.get(schemas.revision.parse(req));
  }

  @HandleCommand('content.revision.diff')
  revisionDiff(req: CommandRequest<'content.revision.diff'>) {
    return this.revisions.diff(schemas.diff.parse(req));
  }
}
