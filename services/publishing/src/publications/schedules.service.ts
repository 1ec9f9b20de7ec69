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
import { ContentSource } from '../content/content-source';
import { decodeCursor, encodeCursor } from '../common/requests';
import { formatDateTime, parsePublishAt } from '../common/time';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { Sites } from '../sites/sites.service';
import { ItemLocks } from './item-locks';
import * as q from './publications.queries';
import { type ScheduleRow } from './publications.queries';
import { scheduleView } from './publication-views.service';
import { Publications } from './publications.service';

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
        if ((await q.pageStatus(manager, req.office, req.itemId)) === 'published')
          throw commandFailure(PUBLISHING_ERRORS['already-published'], {
            message: {
              id: 'Konten ini sudah tayang; gunakan ralat untuk mengubahnya.',
              en: 'This item is already live; publish a correction to change it.',
            },
          });
        const before = await q.activeSchedule(manager, req.office, req.itemId, true);
        const row = before
          ? await q.reschedule(manager, req.office, before.id, at, site.timeZone)
          : await q.insertSchedule(manager, {
              id: randomUUID(),
              office: req.office,
              itemId: req.itemId,
              publishAt: at,
              timeZone: site.timeZone,
              createdBy: req.actor,
            });
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: 'publishing',
            entity: 'schedule',
            entityId: row.id,
            action: before ? 'update' : 'create',
            before: before ? auditable(before) : null,
            after: auditable(row),
          }),
        );
        return scheduleView(row);
      }),
    );
  }

  async cancel(
    req: CommandParsed<'publishing.schedule.cancel'>,
  ): Promise<CommandResponse<'publishing.schedule.cancel'>> {
    return this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, 'publishing.schedule.cancel', async (manager) => {
        const before = await q.activeSchedule(manager, req.office, req.itemId, true);
        if (!before) throw commandFailure(PUBLISHING_ERRORS['schedule-not-found']);
        const row = await q.cancelSchedule(manager, req.office, before.id);
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
            after: auditable(row),
          }),
        );
        return scheduleView(row);
      }),
    );
  }

  async list(
    req: CommandParsed<'publishing.schedule.list'>,
  ): Promise<CommandResponse<'publishing.schedule.list'>> {
    const limit = req.limit ?? 50;
    const after = decodeCursor(req.cursor);
    // One more than shown tells whether there is a next page.
    const found = await q.schedulesAfter(this.dataSource, req.office, { state: req.state }, after, limit + 1);
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
    const due = await q.claimDueSchedules(this.dataSource);
    for (const schedule of due) {
      if (this.loop.stopping) return;
      try {
        await this.publications.fireSchedule(schedule, (manager) =>
          q.scheduleFired(manager, schedule.office, schedule.id),
        );
        this.logger.log(
          `published ${schedule.office}/${schedule.item_id} as scheduled for ${formatDateTime(schedule.publish_at, schedule.time_zone)}`,
        );
      } catch (error) {
        const attempts = schedule.attempts + 1;
        const refused =
          (error instanceof CommandFailure || error instanceof RemoteError) && error.status < 500;
        const message = error instanceof Error ? error.message : String(error);
        const delayMs = Math.min(30_000 * 2 ** Math.min(attempts, 10), 30 * 60_000);
        await q.scheduleAttemptFailed(this.dataSource, schedule.office, schedule.id, {
          attempts,
          error: message.slice(0, 2000),
          retryInMs: delayMs,
          failed: refused && attempts >= MAX_ATTEMPTS,
        });
        this.logger.warn(
          `scheduled publication of ${schedule.office}/${schedule.item_id} failed: ${message}`,
        );
      }
    }
  }
}
