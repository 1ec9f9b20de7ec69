import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NotificationKind, RoleHolderView } from '@tatalaman/contracts';
import { CommandClient } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { one, rows } from '@tatalaman/persistence';
import { BackgroundWork } from '../common/background-work';
import { stableUuid } from '../common/ids';
import { APPROVALS_OPTIONS, type ResolvedOptions } from '../common/options';
import { backoffSeconds } from '../common/backoff';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type OutgoingNotification } from './channel';
import { composeMessage } from './messages';

const MAX_ATTEMPTS = 8;
/** How long a notification waits for its run's details (item title…) before going out without them. */
const DETAILS_WAIT_MS = 15_000;

interface JobRow {
  id: string;
  office: string;
  kind: NotificationKind;
  cause_event_id: string;
  workflow_id: string;
  task_id: string | null;
  roles: string[];
  data: Record<string, string | undefined>;
  attempts: number;
  created_at: Date;
}

interface JobContext {
  status?: string;
  claimed_by?: string | null;
  step_id?: string;
  step_number?: number | null;
  description?: string | null;
  task_roles?: string[];
  cause_kind?: string;
  cause_reason?: string | null;
  due_at?: Date | null;
  time_standard?: string | null;
  item_title: string | null;
  definition_title: string | null;
  definition_key: string;
  details_state: string | null;
}

interface Recipient {
  userId: string;
  name?: string;
  email?: string;
  role: string;
  onBehalfOf?: string;
}

/**
 * Turns queued notification jobs into notifications: asks the gateway who
 * holds the roles (`gateway.role-holders.list`), writes one notification per
 * person through every channel in one transaction, and marks the job done. A
 * failure (gateway away) retries the job with backoff; since notification ids
 * derive from person, cause and kind, a retry never notifies anyone twice.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly loop: BackgroundLoop;
  private readonly zones = new Map<string, { zone?: string; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly commands: CommandClient,
    private readonly background: BackgroundWork,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    @Inject(APPROVALS_OPTIONS) private readonly options: ResolvedOptions,
  ) {
    this.loop = new BackgroundLoop(
      {
        name: 'notification jobs',
        intervalMs: options.pollIntervalMs,
        initialDelayMs: 0,
        maxBackoffMs: 30_000,
        logger: this.logger,
      },
      () => this.tick(),
    );
    background.register('notifications', this.loop);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async tick(): Promise<number> {
    const jobs = await rows<JobRow>(
      this.ds,
      `UPDATE approvals.notification_jobs j SET next_attempt_at = now() + interval '60 seconds',
         attempts = j.attempts + 1
       FROM (SELECT id FROM approvals.notification_jobs
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED) due
       WHERE j.id = due.id
       RETURNING j.id, j.office, j.kind, j.cause_event_id, j.workflow_id, j.task_id, j.roles, j.data, j.attempts,
         j.created_at`,
    );
    for (const job of jobs) await this.run(job);
    return jobs.length;
  }

  private async run(job: JobRow): Promise<void> {
    try {
      const sent = await this.process(job);
      if (sent > 0 && this.channels.some((c) => c.name === 'email')) this.background.afterCommit('email');
    } catch (error) {
      const final = job.attempts >= MAX_ATTEMPTS;
      const reason = error instanceof Error ? error.message : String(error);
      await this.ds.query(
        `UPDATE approvals.notification_jobs SET state = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
           next_attempt_at = now() + make_interval(secs => $4), last_error = $5
         WHERE office = $1 AND id = $2`,
        [job.office, job.id, final, backoffSeconds(job.attempts), reason.slice(0, 1000)],
      );
      const line = `${job.kind} for ${job.workflow_id} (${job.office}) failed (attempt ${job.attempts}): ${reason}`;
      if (final) this.logger.error(`${line}; giving up`);
      else this.logger.warn(`${line}; will retry`);
    }
  }

  /** Returns how many people were notified. */
  private async process(job: JobRow): Promise<number> {
    let context = await this.context(job);
    const waited = Date.now() - job.created_at.getTime();
    if (!context && job.kind === 'notice') {
      // The runtime's notify step can be faster than the run's first events: wait for them a
      // moment, then go out naming the definition.
      if (waited < DETAILS_WAIT_MS) return this.later(job);
      context = {
        item_title: job.data.about ?? null,
        definition_title: null,
        definition_key: job.workflow_id,
        details_state: null,
      };
    }
    if (!context) return this.finish(job, 'run unknown');
    if (job.task_id) {
      // Said when the event came; by now the task may be done (e.g. a replay of old events).
      if (context.status === undefined || context.status === 'closed') return this.finish(job, 'task closed');
      if (job.kind === 'assigned' && context.status !== 'open') return this.finish(job, 'task not open');
      if (job.kind === 'reminder' && context.status !== 'open') return this.finish(job, 'task not open');
      if (job.kind === 'failed' && context.status !== 'open') return this.finish(job, 'task not open');
    }
    // A message that names the item reads better: give the run details a moment to arrive.
    if (context.details_state === 'pending' && waited < DETAILS_WAIT_MS) return this.later(job);
    const { holders } = await this.commands.send(
      'gateway.role-holders.list',
      { office: job.office, roles: job.roles },
      { timeoutMs: 5000, correlationId: job.cause_event_id },
    );
    let recipients = dedupe(holders, job.roles);
    // A reminder goes to whoever is working on the task, when someone is and still holds the role.
    if (job.kind === 'reminder' && context.claimed_by) {
      const claimer = recipients.filter((r) => r.userId === context.claimed_by);
      if (claimer.length) recipients = claimer;
    }
    const timeZone = recipients.length ? await this.timeZone(job.office) : undefined;
    const what = context.item_title ?? context.definition_title ?? context.definition_key;
    const link = job.task_id
      ? `${this.options.publicBaseUrl}/inbox/${job.task_id}`
      : `${this.options.publicBaseUrl}/runs/${encodeURIComponent(job.workflow_id)}`;
    await this.ds.transaction(async (manager) => {
      for (const r of recipients) {
        const message = composeMessage({
          kind: job.kind,
          what,
          step: context.step_id
            ? {
                id: context.step_id,
                number: context.step_number ?? undefined,
                description: context.description ?? undefined,
              }
            : job.data.stepId
              ? {
                  id: job.data.stepId,
                  number: job.data.stepNumber === undefined ? undefined : Number(job.data.stepNumber),
                  description: job.data.description,
                }
              : undefined,
          role: r.role,
          onBehalfOf: r.onBehalfOf,
          stepRoles: context.task_roles,
          cause: context.cause_kind
            ? { kind: context.cause_kind, reason: context.cause_reason ?? undefined }
            : undefined,
          dueAt: job.data.dueAt ?? (context.due_at ? context.due_at.toISOString() : undefined),
          timeStandard: job.data.timeStandard ?? context.time_standard ?? undefined,
          deadline:
            job.kind === 'deadline-breached' || job.kind === 'deadline-reminder'
              ? { from: job.data.from ?? '?', until: job.data.until ?? '?' }
              : undefined,
          failure: job.data.message,
          timeZone,
        });
        const notification: OutgoingNotification = {
          notificationId: stableUuid('notification', job.office, r.userId, job.cause_event_id, job.kind),
          office: job.office,
          kind: job.kind,
          recipient: { userId: r.userId, name: r.name, email: r.email },
          subject: message.subject,
          body: message.body,
          link,
          taskId: job.task_id ?? undefined,
          workflowId: job.workflow_id,
          causeEventId: job.cause_event_id,
        };
        for (const channel of this.channels) await channel.deliver(notification, manager);
      }
      await manager.query(
        `UPDATE approvals.notification_jobs SET state = 'done', done_at = now(), last_error = NULL
         WHERE office = $1 AND id = $2`,
        [job.office, job.id],
      );
    });
    return recipients.length;
  }

  /** Tries the job again shortly, without counting it as an attempt. */
  private async later(job: JobRow): Promise<number> {
    await this.ds.query(
      `UPDATE approvals.notification_jobs SET next_attempt_at = now() + interval '300 milliseconds',
         attempts = attempts - 1
       WHERE office = $1 AND id = $2`,
      [job.office, job.id],
    );
    return 0;
  }

  private async finish(job: JobRow, why: string): Promise<number> {
    await this.ds.query(
      `UPDATE approvals.notification_jobs SET state = 'done', done_at = now(), last_error = $3
       WHERE office = $1 AND id = $2`,
      [job.office, job.id, `skipped: ${why}`],
    );
    return 0;
  }

  private async context(job: JobRow): Promise<JobContext | undefined> {
    if (job.task_id) {
      return one<JobContext>(
        this.ds,
        `SELECT t.status, t.claimed_by, t.step_id, t.step_number, t.description, t.roles AS task_roles,
           t.cause_kind, t.cause_reason, t.due_at, t.time_standard,
           r.item_title, r.definition_title, t.definition_key, r.details_state
         FROM approvals.tasks t
         LEFT JOIN approvals.runs r ON r.office = t.office AND r.workflow_id = t.workflow_id
         WHERE t.office = $1 AND t.id = $2`,
        [job.office, job.task_id],
      );
    }
    return one<JobContext>(
      this.ds,
      `SELECT item_title, definition_title, definition_key, details_state FROM approvals.runs
       WHERE office = $1 AND workflow_id = $2`,
      [job.office, job.workflow_id],
    );
  }

  /** The office's time zone for dates in messages; UTC (said so) when the gateway cannot tell. */
  private async timeZone(office: string): Promise<string | undefined> {
    const cached = this.zones.get(office);
    if (cached && cached.until > Date.now()) return cached.zone;
    let zone: string | undefined;
    try {
      zone = (await this.commands.send('gateway.office.get', { office }, { timeoutMs: 2000 })).timeZone;
    } catch (error) {
      this.logger.warn(`time zone of ${office} unknown, dates in UTC: ${(error as Error).message}`);
    }
    this.zones.set(office, { zone, until: Date.now() + (zone ? 10 * 60_000 : 60_000) });
    return zone;
  }
}

/** One entry per person: their own holding of a role first, a delegation otherwise. */
function dedupe(holders: RoleHolderView[], roles: string[]): Recipient[] {
  const byUser = new Map<string, Recipient>();
  const sorted = [...holders]
    .filter((h) => roles.includes(h.role))
    .sort((a, b) => Number(Boolean(a.onBehalfOf)) - Number(Boolean(b.onBehalfOf)));
  for (const h of sorted) {
    if (byUser.has(h.userId)) continue;
    byUser.set(h.userId, {
      userId: h.userId,
      name: h.name,
      email: h.email || undefined,
      role: h.role,
      onBehalfOf: h.onBehalfOf?.name ?? h.onBehalfOf?.userId,
    });
  }
  return [...byUser.values()];
}
