import { Get, Patch, Post } from '@nestjs/common';
import { CONTENT_COMMAND_DEFINITIONS as C } from '@tatalaman/contracts';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { RUNTIME_TIMEOUT_MS, SERVICE_PROBLEMS } from '../shared';
import {
  ContentItemPage,
  ContentItemView,
  CreateItemBody,
  ItemParams,
  ListItemsQuery,
  RevisionDiffQuery,
  RevisionDiffView,
  RevisionPage,
  RevisionParams,
  RevisionsQuery,
  RevisionView,
  SubmissionView,
  SubmitItemBody,
  UpdatedItemView,
  UpdateItemBody,
  WithdrawItemBody,
  WithdrawnItemView,
} from './content.schemas';

export const CONTENT_TAG = {
  name: 'Content',
  description: 'Content items of every type, their immutable revisions, and their submission into the SOP.',
};

/** Content items and revisions: `content.item.*` and `content.revision.*` of the content service. */
@OfficeController('items', CONTENT_TAG)
export class ItemsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Post()
  @Endpoint({
    operationId: 'createItem',
    summary: 'Create a content item',
    description: 'A draft with revision 1. The type is fixed for good; its fields are checked for shape.',
    requires: 'content:write',
    body: CreateItemBody,
    response: ContentItemView,
    status: 201,
    commands: [C['content.item.create']],
    problems: [...SERVICE_PROBLEMS],
  })
  create(@ValidBody() body: CreateItemBody) {
    return this.commands.send('content.item.create', body);
  }

  @Get()
  @Endpoint({
    operationId: 'listItems',
    summary: "The office's content items",
    description: 'Newest first, filtered and paged.',
    requires: 'content:read',
    query: ListItemsQuery,
    response: ContentItemPage,
    commands: [C['content.item.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListItemsQuery) {
    return this.commands.send('content.item.list', query);
  }

  @Get(':itemId')
  @Endpoint({
    operationId: 'getItem',
    summary: 'A content item',
    description: 'With its current text, fields, ready attachments, review state and publication.',
    requires: 'content:read',
    params: ItemParams,
    response: ContentItemView,
    commands: [C['content.item.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  get(@ValidParams() p: ItemParams) {
    return this.commands.send('content.item.get', { itemId: p.itemId });
  }

  @Patch(':itemId')
  @Endpoint({
    operationId: 'updateItem',
    summary: 'Save changes to a content item',
    description:
      'A new revision with the given fields changed (none when nothing changed). Send `baseRevision`: ' +
      'if someone saved since, the answer is 409 `stale-revision` instead of a silent overwrite.',
    requires: 'content:write',
    params: ItemParams,
    body: UpdateItemBody,
    response: UpdatedItemView,
    commands: [C['content.item.update']],
    problems: [...SERVICE_PROBLEMS],
  })
  update(@ValidParams() p: ItemParams, @ValidBody() body: UpdateItemBody) {
    return this.commands.send('content.item.update', {
      itemId: p.itemId,
      ...body,
    });
  }

  @Post(':itemId/submit')
  @Endpoint({
    operationId: 'submitItem',
    summary: 'Submit an item for review',
    description:
      "Starts the item's SOP run (the office's active definition for its type) on its current revision. " +
      'Exactly once per Idempotency-Key: a retry, even while the first is still running, gets the same run.',
    requires: 'content:write',
    params: ItemParams,
    body: SubmitItemBody,
    response: SubmissionView,
    status: 201,
    commands: [C['content.item.submit']],
    // The runtime's refusals, passed on.
    problems: ['no-active-definition', 'unknown-flow', ...SERVICE_PROBLEMS],
  })
  submit(@ValidParams() p: ItemParams, @ValidBody() body: SubmitItemBody) {
    return this.commands.send(
      'content.item.submit',
      { itemId: p.itemId, ...body },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }

  @Post(':itemId/withdraw')
  @Endpoint({
    operationId: 'withdrawItem',
    summary: 'Take a submission back',
    description: "Cancels the item's SOP run; the item is back in draft when the run has ended.",
    requires: 'content:write',
    params: ItemParams,
    body: WithdrawItemBody,
    response: WithdrawnItemView,
    status: 200,
    commands: [C['content.item.withdraw']],
    problems: ['run-ended', ...SERVICE_PROBLEMS],
  })
  withdraw(@ValidParams() p: ItemParams, @ValidBody() body: WithdrawItemBody) {
    return this.commands.send(
      'content.item.withdraw',
      { itemId: p.itemId, reason: body.reason },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }

  @Get(':itemId/revisions')
  @Endpoint({
    operationId: 'listRevisions',
    summary: "An item's revisions",
    description: 'Newest first, paged.',
    requires: 'content:read',
    params: ItemParams,
    query: RevisionsQuery,
    response: RevisionPage,
    commands: [C['content.revision.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  revisions(@ValidParams() p: ItemParams, @ValidQuery() query: RevisionsQuery) {
    return this.commands.send('content.revision.list', { itemId: p.itemId, ...query });
  }

  @Get(':itemId/revisions/:revision')
  @Endpoint({
    operationId: 'getRevision',
    summary: 'One revision of an item',
    requires: 'content:read',
    params: RevisionParams,
    response: RevisionView,
    commands: [C['content.revision.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  revision(@ValidParams() p: RevisionParams) {
    return this.commands.send('content.revision.get', { itemId: p.itemId, revision: p.revision });
  }

  @Get(':itemId/diff')
  @Endpoint({
    operationId: 'diffRevisions',
    summary: 'Compare two revisions of an item',
    description: 'Field by field, and the body word by word. Any two revisions, in either order.',
    requires: 'content:read',
    params: ItemParams,
    query: RevisionDiffQuery,
    response: RevisionDiffView,
    commands: [C['content.revision.diff']],
    problems: [...SERVICE_PROBLEMS],
  })
  diff(@ValidParams() p: ItemParams, @ValidQuery() q: RevisionDiffQuery) {
    return this.commands.send('content.revision.diff', { itemId: p.itemId, from: q.from, to: q.to });
  }
}
