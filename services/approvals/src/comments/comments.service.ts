import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import { type ApprovalsCaller, type CommentView, makeEvent } from '@tatalaman/contracts';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { compact, iso } from '@tatalaman/persistence';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';
import { fail } from '../common/failures';
import { RunAccess } from '../history/run-access';
import { commentsPage, type CommentRow, insertComment } from './comments.queries';

function toView(row: CommentRow): CommentView {
  return compact<CommentView>({
    commentId: row.id,
    workflowId: row.workflow_id,
    taskId: row.task_id ?? undefined,
    stepId: row.step_id ?? undefined,
    author: row.author,
    body: row.body,
    createdAt: iso(row.created_at)!,
  });
}

/** Comments on a run (optionally about one of its tasks), seen by everyone who can see the run's tasks. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly access: RunAccess,
  ) {}

  async add(
    caller: ApprovalsCaller,
    req: { taskId?: string; workflowId?: string; body: string },
    key: string,
  ): Promise<CommentView> {
    const body = req.body.trim();
    return this.idempotency.execute(
      {
        office: caller.office,
        actorId: caller.actor.id,
        key,
        command: 'approvals.comment.add',
        request: { ...req, body },
      },
      async (manager) => {
        const target = await this.access.target(manager, caller, req);
        const row = await insertComment(manager, {
          office: caller.office,
          workflowId: target.workflowId,
          taskId: target.taskId,
          stepId: target.stepId,
          author: caller.actor,
          body,
        });
        const view = toView(row!);
        await this.outbox.add(manager, [
          makeEvent('approvals.comment-added', {
            office: caller.office,
            actor: caller.actor,
            data: compact({
              commentId: view.commentId,
              runId: view.workflowId,
              taskId: view.taskId,
              authorId: caller.actor.id,
              preview: body.length > 200 ? `${body.slice(0, 199)}…` : body,
            }),
          }),
          auditEvent({
            office: caller.office,
            actor: caller.actor,
            service: 'approvals',
            entity: 'comment',
            entityId: view.commentId,
            action: 'create',
            before: null,
            after: compact({ workflowId: view.workflowId, taskId: view.taskId, body }),
          }),
        ]);
        return view;
      },
    );
  }

  async list(
    caller: ApprovalsCaller,
    req: { taskId?: string; workflowId?: string; limit?: number; cursor?: string },
  ): Promise<{ comments: CommentView[]; nextCursor?: string }> {
    const target = await this.access.target(this.ds, caller, req);
    const limit = pageLimit(req.limit);
    const after = decodeCursor(req.cursor, 2);
    if (req.cursor && !after) throw fail.badCursor();
    const found = await commentsPage(this.ds, {
      office: caller.office,
      workflowId: target.workflowId,
      after,
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      comments: page.map(toView),
      nextCursor: found.length > limit && last ? encodeCursor([last.k, last.id]) : undefined,
    });
  }
}
