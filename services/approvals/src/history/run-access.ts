import { Injectable } from '@nestjs/common';
import { type ApprovalsCaller, roleCodesOf } from '@tatalaman/contracts';
import { type Db, one } from '@tatalaman/persistence';
import { fail } from '../common/failures';

/**
 * Who may read a run's history and comments: office admins, and whoever holds
 * a role of any of its tasks (open or done, also as a delegate). A run of
 * another office, or one approvals never saw, does not exist.
 */
@Injectable()
export class RunAccess {
  async run(db: Db, caller: ApprovalsCaller, workflowId: string): Promise<void> {
    const row = await one<{ visible: boolean }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM approvals.tasks t
                      WHERE t.office = r.office AND t.workflow_id = r.workflow_id AND t.roles && $3::text[]) AS visible
       FROM approvals.runs r WHERE r.office = $1 AND r.workflow_id = $2`,
      [caller.office, workflowId, roleCodesOf(caller)],
    );
    if (!row) throw fail.runNotFound();
    if (!row.visible && !caller.officeAdmin) throw fail.runNotVisible();
  }

  /** The run (and task) a comment is about: `taskId` wins over `workflowId`. */
  async target(
    db: Db,
    caller: ApprovalsCaller,
    req: { taskId?: string; workflowId?: string },
  ): Promise<{ workflowId: string; taskId?: string; stepId?: string }> {
    if (req.taskId) {
      const task = await one<{ workflow_id: string; step_id: string }>(
        db,
        `SELECT workflow_id, step_id FROM approvals.tasks WHERE office = $1 AND id = $2`,
        [caller.office, req.taskId],
      );
      if (!task) throw fail.taskNotFound();
      if (req.workflowId && req.workflowId !== task.workflow_id) throw fail.taskNotFound();
      await this.run(db, caller, task.workflow_id);
      return { workflowId: task.workflow_id, taskId: req.taskId, stepId: task.step_id };
    }
    if (!req.workflowId) throw fail.runNotFound();
    await this.run(db, caller, req.workflowId);
    return { workflowId: req.workflowId };
  }
}
