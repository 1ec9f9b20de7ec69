import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import { type CommandParsed, type CommandResponse, PUBLISHING_ERRORS } from '@tatalaman/contracts';
import {
  CommandFailure,
  commandFailure,
  IdempotencyStore,
  OutboxWriter,
  RemoteError,
} from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { one, rows } from '@tatalaman/persistence';
import { ContentSource } from '../content/content-source';
import { decodeCursor, encodeCursor } from '../common/requests';
import { formatDateTime, parsePublishAt } from '../common/time';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { T } from '../persistence';
import { Sites } from '../sites/sites.service';
import { ItemLocks } from './item-locks';
import { type ScheduleRow } from './publications.queries';
import { Publications, scheduleView } from './publications.service';

const MAX_ATTEMPTS = 20;

function auditable(r: ScheduleRow) {
  return { publishAt: new Date(r.publish_at).toISOString(), state: r.state, timeZone: r.time_zone };
}

/**
 * Publication times. Durable in Postgres: each replica polls for armed schedules that are
 * due and claims them with `FOR UPDATE SKIP LOCKED` and a short lease (`retry_at`), so a
 * schedule fires once even with several replicas, and again after a crash mid-way (the
 * publish itself is idempotent per item and revision). Times are entered in the office's
 * zone (WIB/WITA/WIT) and stored as instants.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Schedules');
  private readonly loop = new BackgroundLoop(
    { name: 'schedule pass', intervalMs: this.options.schedulePollMs, logger: this.logger },
    () => this.fireDue(),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly sites: Sites,
    private readonly content: ContentSource,
    private readonly publications: Publications,
    private readonly locks: ItemLocks,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: OutboxWriter,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.background) return;
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async set(
    req: CommandParsed<'publishing.schedule.set'>,
  ): Promise<CommandResponse<'publishing.schedule.set'>> {
    const site = await this.sites.ensure(req.office);
    const at = parsePublishAt(req.publishAt, site.timeZone);
    // The item must exist (404 from content otherwise).
    await this.content.item(req.office, req.itemId);
    return this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, 'publishing.schedule.set', async (manager) => {
        const live = await one<{ status: string }>(
          manager,
          `SELECT status FROM ${T.pages} WHERE office = $1 AND item_id = $2`,
          [req.office, req.itemId],
        );
        if (live?.status === 'published')
          throw commandFailure(PUBLISHING_ERRORS['already-published'], {
            message: {
              id: 'Konten ini sudah tayang; gunakan ralat untuk mengubahnya.',
              en: 'This item is already live; publish a correction to change it.',
            },
          });
        const before = await one<ScheduleRow>(
          manager,
          `SELECT * FROM ${T.schedules} WHERE office = $1 AND item_id = $2
             AND state IN ('waiting-for-run', 'armed') FOR UPDATE`,
          [req.office, req.itemId],
        );
        const row = before
          ? await one<ScheduleRow>(
              manager,
              `UPDATE ${T.schedules} SET publish_at = $3, time_zone = $4, attempts = 0, retry_at = NULL,
                 last_error = NULL, updated_at = now()
               WHERE office = $1 AND id = $2 RETURNING *`,
              [req.office, before.id, at, site.timeZone],
            )
          : await one<ScheduleRow>(
              manager,
              `INSERT INTO ${T.schedules} (id, office, item_id, publish_at, time_zone, state, created_by)
               VALUES ($1, $2, $3, $4, $5, 'waiting-for-run', $6) RETURNING *`,
              [randomUUID(), req.office, req.itemId, at, site.timeZone, JSON.stringify(req.actor)],
            );
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: 'publishing',
            entity: 'schedule',
            entityId: row!.id,
            action: before ? 'update' : 'create',
            before: before ? auditable(before) : null,
            after: auditable(row!),
          }),
        );
        return scheduleView(row!);
      }),
    );
  }

  async cancel(
    req: CommandParsed<'publishing.schedule.cancel'>,
  ): Promise<CommandResponse<'publishing.schedule.cancel'>> {
    return this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, 'publishing.schedule.cancel', async (manager) => {
        const before = await one<ScheduleRow>(
          manager,
          `SELECT * FROM ${T.schedules} WHERE office = $1 AND item_id = $2
             AND state IN ('waiting-for-run', 'armed') FOR UPDATE`,
          [req.office, req.itemId],
        );
        if (!before) throw commandFailure(PUBLISHING_ERRORS['schedule-not-found']);
        const row = await one<ScheduleRow>(
          manager,
          `UPDATE ${T.schedules} SET state = 'cancelled', updated_at = now() WHERE office = $1 AND id = $2 RETURNING *`,
          [req.office, before.id],
        );
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: 'publishing',
            entity: 'schedule',
            entityId: before.id,
            action: 'cancel',
            before: auditable(before),
            after: auditable(row!),
          }),
        );
        return scheduleView(row!);
      }),
    );
  }

  async list(
    req: CommandParsed<'publishing.schedule.list'>,
  ): Promise<CommandResponse<'publishing.schedule.list'>> {
    const limit = req.limit ?? 50;
    const after = decodeCursor(req.cursor);
    const params: unknown[] = [req.office];
    const where = ['office = $1'];
    if (req.state) where.push(`state = $${params.push(req.state)}`);
    if (after) where.push(`(created_at, id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
    const found: ScheduleRow[] = await this.dataSource.query(
      `SELECT * FROM ${T.schedules} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
      params,
    );
    const shown = found.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      schedules: shown.map(scheduleView),
      ...(found.length > limit && last ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
    };
  }

  /** One pass: fire what is due (tests call it directly). */
  async tick(): Promise<void> {
    if (!this.loop.stopping) await this.loop.runNow();
  }

  private async fireDue(): Promise<void> {
    // Claim with a lease: a replica that dies mid-publish leaves the row to another in 2 minutes.
    const due = await rows<ScheduleRow>(
      this.dataSource,
      `UPDATE ${T.schedules} SET retry_at = now() + interval '2 minutes' WHERE id IN (
         SELECT id FROM ${T.schedules}
         WHERE state = 'armed' AND publish_at <= now() AND (retry_at IS NULL OR retry_at <= now())
         ORDER BY publish_at LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
    );
    for (const schedule of due) {
      if (this.loop.stopping) return;
      try {
        await this.publications.fireSchedule(schedule, async (manager) => {
          await manager.query(
            `UPDATE ${T.schedules} SET state = 'done', fired_at = now(), last_error = NULL, updated_at = now()
             WHERE office = $1 AND id = $2`,
            [schedule.office, schedule.id],
          );
        });
        this.logger.log(
          `published ${schedule.office}/${schedule.item_id} as scheduled for ${formatDateTime(schedule.publish_at, schedule.time_zone)}`,
        );
      } catch (error) {
        const attempts = schedule.attempts + 1;
        const refused =
          (error instanceof CommandFailure || error instanceof RemoteError) && error.status < 500;
        const message = error instanceof Error ? error.message : String(error);
        const delayMs = Math.min(30_000 * 2 ** Math.min(attempts, 10), 30 * 60_000);
        await this.dataSource.query(
          `UPDATE ${T.schedules} SET attempts = $3, last_error = $4, updated_at = now(),
             retry_at = now() + ($5 || ' milliseconds')::interval,
             state = CASE WHEN $6 THEN 'failed' ELSE state END
           WHERE office = $1 AND id = $2 AND state = 'armed'`,
          [
            schedule.office,
            schedule.id,
            attempts,
            message.slice(0, 2000),
            String(delayMs),
            refused && attempts >= MAX_ATTEMPTS,
          ],
        );
        this.logger.warn(
          `scheduled publication of ${schedule.office}/${schedule.item_id} failed: ${message}`,
        );
      }
    }
  }
}
