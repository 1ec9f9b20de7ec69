import { randomUUID } from 'node:crypto';
import { type AnyEvent, type Domain, domainStreamName, eventDefinition } from '@tatalaman/contracts';
import { replayFrom } from '@tatalaman/messaging';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { type DataSource, type EntityManager } from 'typeorm';
import { type RebuildStatus } from '@tatalaman/contracts';
import { one } from '@tatalaman/persistence';
import { type OfficeDirectory } from '../offices/office-directory';
import { PROJECTED_EVENTS, Projector } from '../projections/projector';
import { PROJECTION_LOCK_SQL } from '../projections/projections.queries';
import { PROJECTION_TABLES, projectionDdl, REBUILD_SCHEMA, REPORTING_SCHEMA } from '../projections/schema';

/** Only one rebuild at a time (a session lock held while it runs). */
const REBUILD_LOCK_SQL = `hashtext('tatalaman.reporting.rebuild')`;
/** Events per transaction while replaying into the shadow tables. */
const BATCH = 500;

/** Streams to replay, in this order: offices first, so names and zones are known early. */
export const REPLAYED_DOMAINS: Domain[] = (
  ['identity', 'content', 'runs', 'approvals', 'publishing'] as Domain[]
).filter((d) => PROJECTED_EVENTS.some((t) => eventDefinition(t).domain === d));

export class RebuildRunning extends Error {
  constructor() {
    super('A rebuild of the reporting projections is already running.');
    this.name = 'RebuildRunning';
  }
}

export interface RebuildDeps {
  ds: DataSource;
  js: JetStreamClient;
  jsm: JetStreamManager;
  directory: OfficeDirectory;
  log?: (message: string) => void;
}

interface StreamProgress {
  stream: string;
  applied: number;
  lastSeq: number;
  /** Last stream sequence replayed (the catch-up continues after it). */
  seq: number;
}

/**
 * Rebuilds every projection from the streams, without stopping the live consumers:
 *
 * 1. creates the projection tables afresh in the shadow schema `reporting_rebuild`
 *    (same DDL as the migration);
 * 2. replays each stream from its first message (`replayFrom`) into the shadow tables,
 *    500 events per transaction, reporting progress;
 * 3. in one transaction holding the projections' advisory lock exclusively (live
 *    projection transactions take it shared, so they finish first and wait meanwhile):
 *    replays what arrived since step 2 began, then drops each live table and moves its
 *    shadow into `reporting`. Live transactions waiting on the lock continue on the new
 *    tables, where `applied_events` tells them what the replay already applied.
 *
 * Readers see the old projections until the swap and the new ones after it, never a
 * half-built state. Owned tables (problems, reports…) are not touched.
 */
export class Rebuilder {
  private readonly projector: Projector;
  private readonly log: (message: string) => void;

  constructor(private readonly deps: RebuildDeps) {
    this.projector = new Projector(deps.directory);
    this.log = deps.log ?? (() => undefined);
  }

  /** Runs a whole rebuild and returns its final status. RebuildRunning if one is running. */
  async run(startedBy?: string): Promise<RebuildStatus> {
    const { status, done } = await this.start(startedBy);
    void status;
    return done;
  }

  /**
   * Starts a rebuild: resolves `status` once it holds the lock (state `running`), `done`
   * when it ends. RebuildRunning (from `status`) if another rebuild holds the lock.
   */
  async start(startedBy?: string): Promise<{ status: RebuildStatus; done: Promise<RebuildStatus> }> {
    const runner = this.deps.ds.createQueryRunner();
    await runner.connect();
    const [{ locked }] = (await runner.query(
      `SELECT pg_try_advisory_lock(${REBUILD_LOCK_SQL}) AS locked`,
    )) as {
      locked: boolean;
    }[];
    if (!locked) {
      await runner.release();
      throw new RebuildRunning();
    }
    const id = randomUUID();
    const startedAt = new Date().toISOString();
    await this.deps.ds.query(
      `INSERT INTO reporting.rebuilds (id, state, started_at, started_by) VALUES ($1, 'running', $2, $3)`,
      [id, startedAt, startedBy ?? null],
    );
    const status: RebuildStatus = { rebuildId: id, state: 'running', startedAt, streams: [] };
    const done = this.execute(id)
      .then(async (streams) => {
        await this.deps.ds.query(
          `UPDATE reporting.rebuilds SET state = 'done', finished_at = now(), streams = $2 WHERE id = $1`,
          [id, JSON.stringify(streams.map(({ stream, applied, lastSeq }) => ({ stream, applied, lastSeq })))],
        );
        return (await rebuildStatus(this.deps.ds, id))!;
      })
      .catch(async (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.log(`rebuild failed: ${message}`);
        await this.deps.ds
          .query(
            `UPDATE reporting.rebuilds SET state = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
            [id, message.slice(0, 4000)],
          )
          .catch(() => undefined);
        await this.deps.ds.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`).catch(() => undefined);
        return (await rebuildStatus(this.deps.ds, id))!;
      })
      .finally(async () => {
        await runner.query(`SELECT pg_advisory_unlock(${REBUILD_LOCK_SQL})`).catch(() => undefined);
        await runner.release();
      });
    return { status, done };
  }

  private async execute(id: string): Promise<StreamProgress[]> {
    const { ds } = this.deps;
    const began = Date.now();
    this.log('rebuild: creating shadow tables');
    await ds.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
    await ds.query(`CREATE SCHEMA ${REBUILD_SCHEMA}`);
    for (const statement of projectionDdl(REBUILD_SCHEMA)) await ds.query(statement);

    const progress: StreamProgress[] = [];
    for (const domain of REPLAYED_DOMAINS) {
      const stream = domainStreamName(domain);
      const lastSeq = await this.lastSeq(stream);
      const p: StreamProgress = { stream, applied: 0, lastSeq, seq: 0 };
      progress.push(p);
      if (lastSeq === 0) {
        this.log(`rebuild: ${stream} is empty`);
        continue;
      }
      let lastReport = Date.now();
      let batch: { event: AnyEvent; seq: number }[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const events = batch;
        batch = [];
        await ds.transaction(async (m) => {
          for (const { event } of events) {
            if (await this.projector.apply(m, event, { schema: REBUILD_SCHEMA, mode: 'rebuild' }))
              p.applied++;
          }
        });
        p.seq = events[events.length - 1]!.seq;
        if (Date.now() - lastReport > 2000) {
          lastReport = Date.now();
          this.log(`rebuild: ${stream} ${p.seq}/${lastSeq} (${p.applied} applied)`);
          await this.saveProgress(id, progress);
        }
      };
      for await (const replayed of this.replay(stream, 1)) {
        batch.push(replayed);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      p.seq = Math.max(p.seq, lastSeq);
      this.log(`rebuild: ${stream} replayed up to ${p.seq} (${p.applied} applied)`);
      await this.saveProgress(id, progress);
    }

    this.log('rebuild: catching up and swapping the projections in');
    await ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${PROJECTION_LOCK_SQL})`);
      for (const p of progress) {
        for await (const { event, seq } of this.replay(p.stream, p.seq + 1)) {
          if (await this.projector.apply(m, event, { schema: REBUILD_SCHEMA, mode: 'rebuild' })) p.applied++;
          p.seq = seq;
        }
      }
      await this.swap(m);
    });
    await ds.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
    this.log(
      `rebuild: done in ${((Date.now() - began) / 1000).toFixed(1)} s, ` +
        progress.map((p) => `${p.stream} ${p.applied}`).join(', '),
    );
    return progress;
  }

  private async swap(m: EntityManager): Promise<void> {
    for (const table of PROJECTION_TABLES) {
      await m.query(`DROP TABLE ${REPORTING_SCHEMA}.${table}`);
      await m.query(`ALTER TABLE ${REBUILD_SCHEMA}.${table} SET SCHEMA ${REPORTING_SCHEMA}`);
    }
  }

  private async lastSeq(stream: string): Promise<number> {
    try {
      return (await this.deps.jsm.streams.info(stream)).state.last_seq;
    } catch (error) {
      if (/stream not found|10059/i.test(String((error as Error).message) + JSON.stringify(error))) return 0;
      throw error;
    }
  }

  private async *replay(stream: string, startSeq: number) {
    if ((await this.lastSeq(stream)) < startSeq) return;
    yield* replayFrom(this.deps.js, this.deps.jsm, stream, {
      startSeq,
      onInvalid: ({ seq, error }) => this.log(`rebuild: ${stream}#${seq} skipped (${error.message})`),
    });
  }

  private async saveProgress(id: string, progress: StreamProgress[]): Promise<void> {
    await this.deps.ds.query(`UPDATE reporting.rebuilds SET streams = $2 WHERE id = $1`, [
      id,
      JSON.stringify(progress.map(({ stream, applied, lastSeq }) => ({ stream, applied, lastSeq }))),
    ]);
  }
}

/** A rebuild's status (the latest one without an id). */
export async function rebuildStatus(ds: DataSource, id?: string): Promise<RebuildStatus | undefined> {
  const row = await one<{
    id: string;
    state: RebuildStatus['state'];
    started_at: Date;
    finished_at: Date | null;
    streams: RebuildStatus['streams'];
    error: string | null;
  }>(
    ds,
    id
      ? `SELECT * FROM reporting.rebuilds WHERE id = $1`
      : `SELECT * FROM reporting.rebuilds ORDER BY started_at DESC LIMIT 1`,
    id ? [id] : [],
  );
  if (!row) return undefined;
  return {
    rebuildId: row.id,
    state: row.state,
    startedAt: row.started_at.toISOString(),
    ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
    streams: row.streams,
    ...(row.error ? { error: row.error } : {}),
  };
}
