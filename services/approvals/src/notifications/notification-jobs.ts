import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@tatalaman/contracts';
import { type EntityManager } from 'typeorm';
import { rows } from '@tatalaman/persistence';

export interface NotificationJob {
  office: string;
  kind: NotificationKind;
  /** The runs event that calls for it: one job per event and kind, whatever the redeliveries. */
  causeEventId: string;
  workflowId: string;
  taskId?: string;
  /** Whose holders to notify. */
  roles: string[];
  data?: Record<string, unknown>;
}

/**
 * Notifications the run events call for, queued in the event's transaction and
 * sent by NotificationWorker afterwards (finding the people holding the roles
 * means asking the gateway, which must not hold up the inbox).
 */
@Injectable()
export class NotificationJobs {
  async enqueue(manager: EntityManager, job: NotificationJob): Promise<boolean> {
    return (await this.enqueueOnce(manager, job)).queued;
  }

  /** Queues the job unless one of its cause and kind exists: either way, the job's id. */
  async enqueueOnce(manager: EntityManager, job: NotificationJob): Promise<{ id?: string; queued: boolean }> {
    if (!job.roles.length) return { queued: false };
    const inserted = await rows<{ id: string }>(
      manager,
      `INSERT INTO approvals.notification_jobs (id, office, kind, cause_event_id, workflow_id, task_id, roles, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (office, cause_event_id, kind) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        job.office,
        job.kind,
        job.causeEventId,
        job.workflowId,
        job.taskId ?? null,
        [...new Set(job.roles)],
        JSON.stringify(job.data ?? {}),
      ],
    );
    if (inserted[0]) return { id: inserted[0].id, queued: true };
    const existing = await rows<{ id: string }>(
      manager,
      `SELECT id FROM approvals.notification_jobs WHERE office = $1 AND cause_event_id = $2 AND kind = $3`,
      [job.office, job.causeEventId, job.kind],
    );
    return { id: existing[0]?.id, queued: false };
  }
}
