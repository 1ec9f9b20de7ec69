import { type CommandParsed } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { RevisionsService } from '../revisions/revisions.service';
import { SubmissionsService } from '../submissions/submissions.service';
import { ItemsService } from './items.service';

/** Items and revisions; `@HandleCommand` parses each request with its contract (libs/contracts). */
@CommandController()
export class ItemCommands {
  constructor(
    private readonly items: ItemsService,
    private readonly revisions: RevisionsService,
    private readonly submissions: SubmissionsService,
  ) {}

  @HandleCommand('content.item.create')
  create(req: CommandParsed<'content.item.create'>) {
    return this.items.create(req);
  }

  @HandleCommand('content.item.update')
  update(req: CommandParsed<'content.item.update'>) {
    return this.items.update(req);
  }

  @HandleCommand('content.item.get')
  get(req: CommandParsed<'content.item.get'>) {
    return this.items.get(req.office, req.itemId);
  }

  @HandleCommand('content.item.list')
  list(req: CommandParsed<'content.item.list'>) {
    return this.items.list(req);
  }

  @HandleCommand('content.item.submit')
  submit(req: CommandParsed<'content.item.submit'>) {
    return this.submissions.submit(req);
  }

  @HandleCommand('content.item.withdraw')
  withdraw(req: CommandParsed<'content.item.withdraw'>) {
    return this.submissions.withdraw(req);
  }

  @HandleCommand('content.revision.list')
  revisionList(req: CommandParsed<'content.revision.list'>) {
    return this.revisions.list(req);
  }

  @HandleCommand('content.revision.get')
  revisionGet(req: CommandParsed<'content.revision.get'>) {
    return this.revisions.get(req);
  }

  @HandleCommand('content.revision.diff')
  revisionDiff(req: CommandParsed<'content.revision.diff'>) {
    return this.revisions.diff(req);
  }
}
