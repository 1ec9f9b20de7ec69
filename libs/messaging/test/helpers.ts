import { type Domain, makeEvent, natsPrefix, streamNamesForPrefix } from '@tatalaman/contracts';
import {
  createServiceDataSource,
  MessagingTables1795305600000,
  qualified,
  runMigrations,
} from '@tatalaman/persistence';
import { createIsolatedDatabase, type IsolatedDatabase, stackEnv } from '@tatalaman/testing';
import {
  jetstream,
  type JetStreamClient,
  jetstreamManager,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { closeNats, connectNats, ensureStreams } from '../src';

/** A business table, to prove it commits with the outbox. */
export class CreateWidgets1795305700000 implements MigrationInterface {
  name = 'CreateWidgets1795305700000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE ${qualified(q, 'widgets')} (id uuid PRIMARY KEY, office text NOT NULL, name text NOT NULL)`,
    );
    await q.query(`CREATE TABLE ${qualified(q, 'applied')} (
      event_id uuid NOT NULL, office text NOT NULL, n int NOT NULL, at timestamptz DEFAULT clock_timestamp())`);
  }
  async down(): Promise<void> {}
}

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface Harness {
  db: IsolatedDatabase;
  ds: DataSource;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  close(): Promise<void>;
}

/** A database with one service schema, a NATS connection and this file's streams. */
export async function harness(label: string, domains: Domain[] = ['content']): Promise<Harness> {
  const env = stackEnv();
  const db = await createIsolatedDatabase(label);
  const ds = await createServiceDataSource({
    url: db.url,
    schema: 'svc',
    entities: [],
    migrations: [MessagingTables1795305600000, CreateWidgets1795305700000],
    poolSize: 8,
  }).initialize();
  await runMigrations(ds, quiet);
  const nc = await connectNats({ url: env.natsUrl, name: `test-${label}`, logger: quiet });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const prefix = natsPrefix();
  await ensureStreams(jsm, domains);
  return {
    db,
    ds,
    nc,
    js,
    jsm,
    prefix,
    async close() {
      await deleteStreams(jsm, prefix);
      await closeNats(nc);
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    },
  };
}

/** Deletes every stream a prefix may own (test clean-up). */
export async function deleteStreams(jsm: JetStreamManager, prefix: string): Promise<void> {
  for (const name of streamNamesForPrefix(prefix)) {
    await jsm.streams.delete(name).catch(() => false);
  }
}

/** Every message of a stream, in order. */
export async function streamMessages(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
): Promise<
  {
    seq: number;
    subject: string;
    msgId?: string;
    body: { id: string; office: string; type: string; data: { changedFields?: string[] } };
  }[]
> {
  const info = await jsm.streams.info(stream);
  if (!info.state.messages) return [];
  const out = [];
  const consumer = await js.consumers.get(stream, { opt_start_seq: 1 });
  try {
    while (out.length < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 1000, expires: 1000 });
      let got = 0;
      for await (const m of batch as AsyncIterable<JsMsg>) {
        got++;
        out.push({
          seq: m.seq,
          subject: m.subject,
          msgId: m.headers?.get('Nats-Msg-Id'),
          body: JSON.parse(Buffer.from(m.data).toString('utf8')),
        });
        if (out.length >= info.state.messages) break;
      }
      if (!got) break;
    }
  } finally {
    await consumer.delete().catch(() => false);
  }
  return out;
}

/** A content event carrying a counter, for ordering checks. */
export function widgetEvent(office: string, n: number) {
  return makeEvent('content.item-updated', {
    office,
    data: { itemId: `item-${n}`, changedFields: [`n${n}`] },
  });
}

/** The counter widgetEvent() put into an event. */
export function counterOf(body: { data: { changedFields?: string[] } }): number {
  return Number(body.data.changedFields![0]!.slice(1));
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  what = 'condition',
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
