import { Injectable } from '@nestjs/common';
import { CommandClient } from '@tatalaman/messaging';
import { qualified } from '@tatalaman/persistence';
import { DataSource } from 'typeorm';
import { RuntimeSync } from '../common/runtime-sync';

interface PendingRow {
  seq: string;
  office: string;
  key: string;
  version: number;
  action: 'sync' | 'remove';
}

/**
 * Makes the `worker.schedules.sync` calls that activations and retirements queued
 * in `schedule_syncs`, in order per office and key, until the runtime confirms
 * each. Activation does not wait for the runtime: the demo seed runs before the
 * worker starts, and a runtime that is down must not block an admin. The command
 * handlers flush right after a change; a timer retries what is still pending.
 */
@Injectable()
export class ScheduleSyncer extends RuntimeSync {
  callTimeoutMs = 5_000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandClient,
  ) {
    super('ScheduleSyncer', 'schedule sync');
  }

  /** Makes the pending calls (of one office, or all); one pass at a time per process. */
  flush(office?: string): Promise<void> {
    return this.serialised(() => this.pass(office));
  }

  private async pass(office?: string): Promise<void> {
    const table = qualified(this.dataSource, 'schedule_syncs');
    const offices: { office: string }[] = await this.dataSource.query(
      `SELECT DISTINCT office FROM ${table} WHERE status = 'pending'${office ? ' AND office = $1' : ''}`,
      office ? [office] : [],
    );
    for (const { office: o } of offices) {
      if (this.loop.stopping) return;
      await this.dataSource.transaction(async (manager) => {
        // One process works on an office at a time, so its calls keep their order.
        if (!(await this.officeLock(manager, `registry:schedules:${o}`))) return;
        const rows: PendingRow[] = await manager.query(
          `SELECT seq, office, key, version, action FROM ${table}
            WHERE office = $1 AND status = 'pending' ORDER BY seq LIMIT 100`,
          [o],
        );
        const blocked = new Set<string>();
        for (const row of rows) {
          if (blocked.has(row.key)) continue;
          try {
            const response = await this.commands.send(
              'worker.schedules.sync',
              {
                office: row.office,
                definition: { key: row.key, version: row.version },
                ...(row.action === 'remove' ? { remove: true } : {}),
              },
              {
                timeoutMs: this.callTimeoutMs,
                idempotencyKey: `registry-schedules-${row.office}-${row.seq}`,
              },
            );
            await manager.query(
              `UPDATE ${table} SET status = 'done', done_at = now(), attempts = attempts + 1,
                      last_error = NULL, result = $3 WHERE office = $1 AND seq = $2`,
              [row.office, row.seq, JSON.stringify({ schedules: response.schedules ?? [] })],
            );
          } catch (e) {
            blocked.add(row.key);
            const message = this.failureText(e);
            await manager.query(
              `UPDATE ${table} SET attempts = attempts + 1, last_error = $3 WHERE office = $1 AND seq = $2`,
              [row.office, row.seq, message],
            );
            this.logger.warn(
              `worker.schedules.sync ${row.action} ${row.key}@${row.version} for ${row.office} failed: ${message}`,
            );
          }
        }
      });
    }
  }
}
