import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type PostgresConnectionOptions, qualified, quoteIdent, schemaOf } from '@tatalaman/persistence';
import { type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { Client, type ClientConfig } from 'pg';
import { type DataSource, type QueryRunner } from 'typeorm';
import { outboxChannel } from './outbox-writer';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  js: JetStreamClient;
  /** Rows per transaction, published together (default 500). */
  batchSize?: number;
  /** Polling fallback when no NOTIFY arrives (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long one publish may wait for JetStream's ack (default 5000 ms). */
  publishTimeoutMs?: number;
  /** Backoff after a failed batch: doubles from `initialMs` up to `maxMs` (default 200 ms … 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Published rows older than this are deleted (default 7 days; 0 keeps them). */
  retainPublishedMs?: number;
  /**
   * Batches in flight at once (default 1): while one batch waits for JetStream's
   * acks the next one is read and locked. Safe for the same reason several
   * relays are: each office is locked by one transaction at a time. On a 2-core
   * machine it gained nothing (CPU-bound); try 2 where NATS and Postgres run elsewhere.
   */
  concurrency?: number;
  /** Listen for NOTIFY (default true); without it the relay only polls. */
  listen?: boolean;
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
  /**
   * Called after a batch is published and before its rows are marked. Throwing
   * here leaves the rows unpublished, exactly as a crash at that point would;
   * tests use it to prove JetStream de-duplicates the retry.
   */
  beforeMark?: (eventIds: string[]) => Promise<void>;
}

export interface RelayStats {
  /** Rows JetStream stored and the relay marked published. */
  published: number;
  /** Of those, how many JetStream recognised as already stored (a retry of an earlier publish). */
  duplicates: number;
  /** Publish attempts that failed (the row stays pending and is retried). */
  failed: number;
  batches: number;
}

interface PendingRow {
  id: string;
  subject: string;
  office: string;
  payload: string;
}

/** Namespace of the per-office advisory locks of one schema's relay (two-int form). */
export function relayLockNamespace(schema: string): number {
  return createHash('sha256').update(`tatalaman:outbox:${schema}`).digest().readInt32BE(0);
}

/**
 * Publishes the outbox to JetStream. Run one per service process; any number
 * may run at once on the same schema.
 *
 * Per transaction: take the oldest pending rows' offices, lock each office with
 * `pg_try_advisory_xact_lock` (skipping offices another relay holds), select
 * those offices' pending rows in `seq` order `FOR UPDATE SKIP LOCKED`, publish
 * them pipelined with `Nats-Msg-Id` = event id, await all acks, mark the
 * acknowledged rows and commit. One office is only ever published by one relay
 * at a time, in `seq` order, so its events reach the stream in order.
 *
 * A crash after publishing and before commit leaves the rows pending; the retry
 * publishes them with the same message id and JetStream drops the copy (within
 * the stream's 2-minute duplicate window; beyond it consumers' inboxes catch it).
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, duplicates: 0, failed: 0, batches: 0 };

  private readonly ds: DataSource;
  private readonly js: JetStreamClient;
  private readonly schema: string;
  private readonly table: string;
  private readonly lockNamespace: number;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly retainPublishedMs: number;
  private readonly listen: boolean;
  private readonly concurrency: number;
  private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>;
  private readonly beforeMark?: (ids: string[]) => Promise<void>;

  private running?: Promise<void>;
  private stopping = false;
  private wakeRequested = false;
  private wakers = new Set<() => void>();
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;
  private consecutiveFailures = 0;
  private lastPrune = 0;

  constructor(opts: OutboxRelayOptions) {
    this.ds = opts.dataSource;
    this.js = opts.js;
    this.schema = schemaOf(opts.dataSource);
    this.table = qualified(opts.dataSource, 'outbox');
    this.lockNamespace = relayLockNamespace(this.schema);
    this.batchSize = opts.batchSize ?? 500;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
    this.backoff = opts.backoff ?? { initialMs: 200, maxMs: 30_000 };
    this.retainPublishedMs = opts.retainPublishedMs ?? 7 * 86_400_000;
    this.listen = opts.listen ?? true;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.logger = opts.logger ?? new Logger(`OutboxRelay:${this.schema}`);
    this.beforeMark = opts.beforeMark;
  }

  /** Starts the background loop; resolves once it listens (or gave up listening and polls). */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    if (this.listen) await this.connectListener();
    this.running = this.loop();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.requestWake();
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    await this.running;
    this.running = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Wakes the loop now (as a NOTIFY would). */
  requestWake(): void {
    this.wakeRequested = true;
    for (const wake of [...this.wakers]) wake();
  }

  /**
   * Publishes one batch and returns how many rows it took (published or
   * failed). Throws when the database fails; publish failures are recorded on
   * the rows and counted in `stats.failed`.
   */
  async publishBatch(): Promise<{ taken: number; failed: number }> {
    const runner = this.ds.createQueryRunner('master');
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await this.publishIn(runner);
        await runner.commitTransaction();
        return result;
      } catch (e) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw e;
      }
    } finally {
      await runner.release();
    }
  }

  /** Publishes until nothing is pending (or only rows other relays hold). For tools and tests. */
  async flush(): Promise<void> {
    for (;;) {
      const { taken, failed } = await this.publishBatch();
      if (failed) throw new Error(`OutboxRelay.flush: ${failed} events failed to publish`);
      if (taken === 0) return;
    }
  }

  private async publishIn(runner: QueryRunner): Promise<{ taken: number; failed: number }> {
    // Offices of the oldest pending rows, oldest first, that no other relay holds.
    const offices: { office: string }[] = await runner.query(
      `WITH pending AS (
         SELECT "office", "seq" FROM ${this.table} WHERE "published_at" IS NULL ORDER BY "seq" LIMIT $1
       ), heads AS (
         SELECT "office", min("seq") AS head FROM pending GROUP BY "office"
       )
       SELECT "office" FROM heads WHERE pg_try_advisory_xact_lock($2::int, hashtext("office")) ORDER BY head`,
      [this.batchSize * 2, this.lockNamespace],
    );
    if (!offices.length) return { taken: 0, failed: 0 };
    const rows: PendingRow[] = await runner.query(
      `SELECT "id", "subject", "office", "payload"::text AS "payload" FROM ${this.table}
       WHERE "published_at" IS NULL AND "office" = ANY($1::text[])
       ORDER BY "seq" LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [offices.map((o) => o.office), this.batchSize],
    );
    if (!rows.length) return { taken: 0, failed: 0 };

    const { ok, failures } = await this.publishRows(rows);
    if (this.beforeMark) await this.beforeMark(ok.map((r) => r.id));
    if (ok.length) {
      await runner.query(
        `UPDATE ${this.table} SET "published_at" = clock_timestamp(), "attempts" = "attempts" + 1, "last_error" = NULL
         WHERE "id" = ANY($1::uuid[])`,
        [ok.map((r) => r.id)],
      );
    }
    if (failures.length) {
      await runner.query(
        `UPDATE ${this.table} AS o SET "attempts" = o."attempts" + 1, "last_error" = f.err
         FROM unnest($1::uuid[], $2::text[]) AS f(id, err) WHERE o."id" = f.id`,
        [failures.map((f) => f.row.id), failures.map((f) => f.error.slice(0, 2000))],
      );
    }
    this.stats.batches++;
    this.stats.published += ok.length;
    this.stats.duplicates += ok.filter((r) => r.ack.duplicate).length;
    this.stats.failed += failures.length;
    if (failures.length) {
      this.consecutiveFailures++;
      this.logger.warn(
        `${failures.length} of ${rows.length} events not published (${failures[0]!.error}); retrying with backoff`,
      );
    } else if (this.consecutiveFailures) {
      this.logger.log('outbox relay recovered');
      this.consecutiveFailures = 0;
    }
    return { taken: rows.length, failed: failures.length };
  }

  private async publishRows(
    rows: PendingRow[],
  ): Promise<{ ok: (PendingRow & { ack: PubAck })[]; failures: { row: PendingRow; error: string }[] }> {
    const ok: (PendingRow & { ack: PubAck })[] = [];
    const failures: { row: PendingRow; error: string }[] = [];
    const publish = (r: PendingRow) =>
      this.js.publish(r.subject, Buffer.from(r.payload), { msgID: r.id, timeout: this.publishTimeoutMs });

    if (this.consecutiveFailures === 0) {
      // Healthy: pipeline the whole batch. The connection sends in order and the stream
      // stores in order, so each office's events keep their `seq` order.
      const results = await Promise.allSettled(rows.map(publish));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') ok.push({ ...rows[i]!, ack: r.value });
        else failures.push({ row: rows[i]!, error: String((r.reason as Error)?.message ?? r.reason) });
      });
      return { ok, failures };
    }
    // After a failure: one at a time, stopping at the first error, so nothing of an
    // office can overtake an earlier event that is still failing.
    for (const row of rows) {
      try {
        ok.push({ ...row, ack: await publish(row) });
      } catch (e) {
        failures.push({ row, error: String((e as Error)?.message ?? e) });
        break;
      }
    }
    return { ok, failures };
  }

  private async loop(): Promise<void> {
    await Promise.all(Array.from({ length: this.concurrency }, () => this.worker()));
  }

  private async worker(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        this.wakeRequested = false;
        const { taken, failed } = await this.publishBatch();
        full = taken >= this.batchSize && failed === 0;
        // A clean pass (even an empty one after a database error) ends the backoff.
        if (failed === 0 && this.consecutiveFailures) {
          this.logger.log('outbox relay recovered');
          this.consecutiveFailures = 0;
        }
        await this.maybePrune();
      } catch (e) {
        this.consecutiveFailures++;
        this.logger.error(`outbox batch failed: ${(e as Error).message}`);
      }
      if (this.stopping) break;
      if (this.consecutiveFailures) {
        await this.sleep(this.backoffDelay(), false);
      } else if (!full && !this.wakeRequested) {
        await this.sleep(this.pollIntervalMs, true);
      }
    }
  }

  private backoffDelay(): number {
    const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.consecutiveFailures - 1));
    return Math.round(base * (0.5 + Math.random() * 0.5));
  }

  /** Sleeps for `ms`, or less when woken (by NOTIFY if `wakeable`, or by stop). */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wakers = this.wakers;
      const wake = () => {
        if (wakeable || this.stopping) done();
      };
      function done() {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      }
      wakers.add(wake);
    });
  }

  private async maybePrune(): Promise<void> {
    if (!this.retainPublishedMs || Date.now() - this.lastPrune < 600_000) return;
    this.lastPrune = Date.now();
    const result: [unknown[], number] = await this.ds.query(
      `DELETE FROM ${this.table} WHERE "id" IN (
         SELECT "id" FROM ${this.table}
         WHERE "published_at" < now() - $1 * interval '1 millisecond' LIMIT 10000)`,
      [this.retainPublishedMs],
    );
    if (result?.[1]) this.logger.log(`pruned ${result[1]} published outbox rows`);
  }

  private listenerConfig(): ClientConfig {
    const o = this.ds.options as PostgresConnectionOptions;
    return {
      connectionString: o.url,
      host: o.host,
      port: o.port,
      user: o.username,
      password: typeof o.password === 'string' ? o.password : undefined,
      database: o.database,
      application_name: `${this.schema}-outbox-relay`,
    };
  }

  /** LISTEN on a dedicated connection; on failure keep polling and try again later. */
  private async connectListener(): Promise<void> {
    const client = new Client(this.listenerConfig());
    const retry = (why: string) => {
      if (this.stopping || this.listener !== client) return;
      this.logger.warn(
        `outbox listener lost (${why}); polling every ${this.pollIntervalMs} ms until it is back`,
      );
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.listenerRetry = setTimeout(() => void this.connectListener(), 5000);
    };
    client.on('notification', () => this.requestWake());
    client.on('error', (e) => retry(e.message));
    client.on('end', () => retry('connection ended'));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(outboxChannel(this.schema))}`);
      // Rows written while we were not listening are picked up by the next batch.
      this.requestWake();
    } catch (e) {
      retry((e as Error).message);
    }
  }
}
