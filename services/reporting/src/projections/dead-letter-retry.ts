import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type AnyEvent, parseEvent } from '@tatalaman/contracts';
import { consumerDurableName } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { ProjectionHandler } from './projection.handler';
import { type ProjectedEvent } from './projector';

interface DeadLetterRow {
  id: string;
  payload: unknown;
}

/**
 * Events the projection gave up on (`dead_letters`) are tried again when the service
 * starts: the projection rules are order-independent and `applied_events` keeps each event
 * applied once, so an event that failed because of a defect counts once the fixed version
 * runs. (An office edit used to make every event of that office fail until it was
 * dead-lettered; its figures heal this way.) What fails again stays unresolved.
 */
@Injectable()
export class DeadLetterRetry implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeadLetterRetry');

  constructor(
    private readonly ds: DataSource,
    private readonly handler: ProjectionHandler,
  ) {}

  onApplicationBootstrap(): void {
    void this.retry().catch((e) => this.logger.warn(`dead letters not retried: ${(e as Error).message}`));
  }

  /** Tries every unresolved dead letter of the projection once; returns how many it applied. */
  async retry(): Promise<number> {
    const consumer = consumerDurableName('reporting', 'projection');
    const rows: DeadLetterRow[] = await this.ds.query(
      `SELECT id, payload FROM reporting.dead_letters
       WHERE consumer = $1 AND resolved_at IS NULL AND payload IS NOT NULL ORDER BY stream, stream_seq`,
      [consumer],
    );
    let applied = 0;
    for (const row of rows) {
      let event: AnyEvent;
      try {
        event = parseEvent(row.payload);
      } catch {
        continue; // not an event at all: nothing a retry can do
      }
      try {
        await this.ds.transaction(async (manager) => {
          await this.handler.projector.apply(manager, event as ProjectedEvent, { mode: 'live' });
          await manager.query(`UPDATE reporting.dead_letters SET resolved_at = now() WHERE id = $1`, [
            row.id,
          ]);
        });
        applied++;
      } catch (e) {
        await this.ds.query(`UPDATE reporting.dead_letters SET error = $2 WHERE id = $1`, [
          row.id,
          `retried at start and failed again: ${String((e as Error)?.message ?? e)}`.slice(0, 8000),
        ]);
      }
    }
    if (rows.length) this.logger.log(`retried ${rows.length} dead-lettered event(s): ${applied} applied`);
    return applied;
  }
}
