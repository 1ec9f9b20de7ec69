import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';

interface ReleasableRunner {
  releasePostgresConnection(err?: Error): Promise<void>;
}

/**
 * One change of an item's publication at a time, across replicas: a run's publish step,
 * its retry, a due schedule and an admin's correction or retraction of the same item are
 * serialised by a session-level advisory lock held on a dedicated connection. (The work
 * itself talks to content and social platforms, so it must not sit inside one long
 * transaction.)
 */
@Injectable()
export class ItemLocks {
  constructor(private readonly dataSource: DataSource) {}

  async with<R>(office: string, itemId: string, work: () => Promise<R>, waitMs = 25_000): Promise<R> {
    const key = `${office}/${itemId}`;
    const runner = this.dataSource.createQueryRunner('master');
    await runner.connect();
    let broken: Error | undefined;
    try {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const [row] = (await runner.query(
          `SELECT pg_try_advisory_lock(hashtext('publishing.item'), hashtext($1)) AS ok`,
          [key],
        )) as { ok: boolean }[];
        if (row?.ok) break;
        if (Date.now() > deadline)
          throw commandFailure(PUBLISHING_ERRORS['publication-in-progress'], {
            message: {
              id: 'Publikasi konten ini sedang diproses; coba lagi sebentar lagi.',
              en: "This item's publication is being processed; try again shortly.",
            },
          });
        await sleep(100);
      }
      try {
        return await work();
      } finally {
        try {
          await runner.query(`SELECT pg_advisory_unlock(hashtext('publishing.item'), hashtext($1))`, [key]);
        } catch (e) {
          broken = e as Error;
        }
      }
    } finally {
      // A session that may still hold the lock is dropped, not pooled.
      await (runner as unknown as ReleasableRunner).releasePostgresConnection(broken);
    }
  }
}
