import { Injectable } from '@nestjs/common';
import { type EventOf } from '@tatalaman/contracts';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { rows } from '@tatalaman/persistence';
import { type TaskRow } from '../tasks/task.row';
import { TasksService } from '../tasks/tasks.service';

/** A deactivated user's claims go back to the role inboxes, so nothing waits on someone who left. */
@Injectable()
export class UserDeactivatedHandler implements EventHandler<'identity.user-deactivated'> {
  constructor(private readonly tasks: TasksService) {}

  async handle(event: EventOf<'identity.user-deactivated'>, { manager }: EventContext): Promise<void> {
    const claimed = await rows<TaskRow>(
      manager,
      `SELECT * FROM approvals.tasks WHERE office = $1 AND claimed_by = $2 AND status <> 'closed' FOR UPDATE`,
      [event.office, event.data.userId],
    );
    for (const row of claimed) {
      await this.tasks.releaseRow(
        manager,
        row,
        { kind: 'system', id: 'approvals' },
        event.data.reason ? `user-deactivated: ${event.data.reason}` : 'user-deactivated',
      );
    }
  }
}
