import { Injectable } from '@nestjs/common';
import { CommandClient } from '@tatalaman/messaging';
import { qualified } from '@tatalaman/persistence';
import { DataSource } from 'typeorm';
import { RuntimeSync } from '../common/runtime-sync';

interface PendingRow {
  office: string;
  version: number;
}

/**
 * Makes the `worker.calendar.sync` calls that calendar changes queued in
 * `calendar_syncs`, until the runtime confirms each (a runtime that is down, or a run
 * that did not answer, is tried again). Kicked right after a change; a timer retries.
 */
@Injectable()
export class CalendarSyncer extends RuntimeSync {
  /** An office with many open runs takes a while: each gets an Update. */
  callTimeoutMs = 120_000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandClient,
  ) {
    super('CalendarSyncer', 'calendar sync');
  }

  /** A change was queued: sync shortly (after its transaction commits), not at the next tick. */
  soon(): void {
    this.loop.kick(300);
  }

  /** Makes the pending calls; one pass at a time per process. */
  flush(): Promise<void> {
    return this.serialised(() => this.pass());
  }

  private async pass(): Promise<void> {
    const table = qualified(this.dataSource, 'calendar_syncs');
    const pending: PendingRow[] = await this.dataSource.query(
      `SELECT office, version FROM ${table} WHERE status = 'pending' ORDER BY requested_at LIMIT 50`,
    );
    for (const row of pending) {
      if (this.loop.stopping) return;
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.officeLock(manager, `registry:calendar:${row.office}`))) return;
        try {
          const result = await this.commands.send(
            'worker.calendar.sync',
            { office: row.office },
            { timeoutMs: this.callTimeoutMs },
          );
          // A newer change queued meanwhile stays pending.
          await manager.query(
            `UPDATE ${table} SET status = 'done', done_at = now(), attempts = attempts + 1, last_error = NULL,
               result = $3 WHERE office = $1 AND version <= $2 AND version <= $4`,
            [row.office, row.version, JSON.stringify(result), result.calendarVersion],
          );
        } catch (e) {
          const message = this.failureText(e);
          await manager.query(
            `UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE office = $1`,
            [row.office, message],
          );
          this.logger.warn(`worker.calendar.sync for ${row.office} failed: ${message}`);
        }
      });
    }
  }
}
