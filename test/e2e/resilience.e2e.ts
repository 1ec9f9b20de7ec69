import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNames, type ServiceName } from '@tatalaman/config';
import { DOMAINS } from '@tatalaman/contracts';
import { Client } from 'pg';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok, retrying } from '../support/api';
import { consumerBacklog, streamEvents } from '../support/events';
import { createAndSubmit, decide, type Move, play, publishedOnTheSite, taskFor } from '../support/flow';
import { platformInfo } from '../support/platform-info';

// Kills each service in turn (SIGKILL, in the middle of an SOP run) while the
// run goes on through the HTTP API; the supervisor restarts it. Then counts:
// every event the services committed reached its stream, and every event a
// consumer must apply is in that consumer's inbox. Nothing may be lost.

const office = 'kpu-kota-palu';
const AFTER_KILL: Move[] = [
  ['pengumpulan', 'pelaksana-datin', 'complete'],
  ['penyuntingan', 'admin-website', 'complete'],
  ['penyaringan', 'kasubbag-datin', 'approve'],
];
/** Who must have applied which events (consumer durable → event types). */
const MUST_APPLY: Record<string, string[]> = {
  'approvals-inbox': ['runs.run-started', 'runs.step-opened', 'runs.step-completed', 'runs.run-ended'],
  'content-runs': ['runs.step-completed', 'runs.run-ended'],
  'content-publications': ['publishing.publication-published'],
  'reporting-projection': [
    'runs.run-started',
    'runs.step-opened',
    'runs.step-completed',
    'runs.run-ended',
    'publishing.publication-published',
  ],
};

const info = platformInfo();
const db = new Client({ connectionString: info.databaseUrl });
beforeAll(() => db.connect());
afterAll(() => db.end());

const pidOf = (service: ServiceName) => {
  try {
    return Number(readFileSync(join(info.pidDir, `${service}.pid`), 'utf8'));
  } catch {
    return 0; // between exit and restart the supervisor removes the file
  }
};

async function backUp(service: ServiceName, killedPid: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const pid = pidOf(service);
    const healthy =
      pid !== 0 &&
      pid !== killedPid &&
      (await fetch(info.healthUrls[service]!).then(
        (r) => r.ok,
        () => false,
      ));
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`${service} did not come back after SIGKILL`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every service schema's rows of one of the messaging tables. */
async function messagingRows<T>(table: 'outbox' | 'inbox' | 'dead_letters', columns: string): Promise<T[]> {
  const schemas = await db.query<{ table_schema: string }>(
    `SELECT table_schema FROM information_schema.tables WHERE table_name = $1`,
    [table],
  );
  const rows: T[] = [];
  for (const { table_schema } of schemas.rows) {
    const r = await db.query(`SELECT ${columns} FROM "${table_schema}"."${table}"`);
    rows.push(...(r.rows as T[]));
  }
  return rows;
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    value = await read();
  }
  return value;
}

const runs: { service: ServiceName; itemId: string; workflowId: string; title: string }[] = [];

it.each(serviceNames.map((s) => [s]))(
  'an item reaches the website while %s is killed mid-run and restarted',
  async (service) => {
    const title = `Uji ketahanan ${service} ${Date.now()}`;
    const { itemId, workflowId } = await createAndSubmit(office, 'pelaksana-datin', 'berita', title);
    await decide(office, workflowId, 'disposisi', 'kasubbag-datin', 'complete');

    const killed = pidOf(service);
    expect(killed).toBeGreaterThan(0);
    process.kill(killed, 'SIGKILL');
    await play(office, workflowId, AFTER_KILL);
    await backUp(service, killed);
    await publishedOnTheSite(office, itemId, workflowId, title);
    runs.push({ service, itemId, workflowId, title });
  },
  240_000,
);

it('a repeated decision with the same Idempotency-Key is answered again, not decided twice', async () => {
  const title = `Uji idempoten ${Date.now()}`;
  const { workflowId } = await createAndSubmit(office, 'pelaksana-datin', 'berita', title);
  const head = await as(demoEmail(office, 'kasubbag-datin'));
  const task = await taskFor(head, office, workflowId, 'disposisi');
  const key = { 'Idempotency-Key': idempotencyKey() };
  const send = () =>
    head.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
      params: { path: { office, taskId: task.taskId }, header: key },
      body: { decision: 'complete', note: 'Silakan dikumpulkan.' },
    });
  const first = ok(await send());
  const again = await send();
  expect(again.response.status).toBe(200);
  expect(again.data).toEqual(first);
  expect(again.response.headers.get('idempotent-replayed')).toBe('true');

  const admin = await as(officeAdminEmail(office));
  const decisions = await retrying(async () =>
    ok(
      await admin.GET('/api/v1/offices/{office}/runs/{workflowId}/decisions', {
        params: { path: { office, workflowId } },
      }),
    ),
  );
  expect(decisions.decisions.filter((d) => d.stepId === 'disposisi')).toHaveLength(1);
});

it('lost no event: every committed event is in its stream and applied by every consumer', async () => {
  expect(runs).toHaveLength(serviceNames.length);

  // Producers: the outbox rows committed so far (the previous test's run goes on and may
  // commit more meanwhile; those are not counted, so a row is never checked before it could
  // have been published)…
  const committed = await messagingRows<{ id: string; office: string }>('outbox', 'id, office');
  const snapshot = new Set(committed.map((r) => r.id));
  // …each got published (the relay resumes after a kill)…
  const unpublished = await eventually(
    async () => (await unpublishedRows()).filter((r) => snapshot.has(r.id)),
    (rows) => rows.length === 0,
  );
  expect(unpublished).toEqual([]);

  // …and is in its stream; so is everything the worker published directly.
  const streamed = new Map<string, { type: string; data: Record<string, unknown> }>();
  for (const domain of DOMAINS)
    for (const e of await streamEvents(domain, office))
      streamed.set(e.id, { type: e.type, data: e.data as Record<string, unknown> });
  const missingFromStreams = committed.filter((r) => r.office === office && !streamed.has(r.id));
  expect(missingFromStreams).toEqual([]);

  // Consumers: every durable drained, nothing dead-lettered…
  const backlog = await eventually(
    () => consumerBacklog(DOMAINS),
    (b) => b.every((c) => c.pending === 0 && c.ackPending === 0),
  );
  expect(backlog.filter((c) => c.pending > 0 || c.ackPending > 0)).toEqual([]);
  const dead = await messagingRows<{ consumer: string; type: string }>('dead_letters', 'consumer, type');
  expect(dead).toEqual([]);

  // …and each event of these runs is in the inbox of every consumer that must apply it.
  const ours = new Set(runs.flatMap((r) => [r.itemId, r.workflowId]));
  const relevant = [...streamed].filter(
    ([, e]) => ours.has(String(e.data.workflowId)) || ours.has(String(e.data.itemId)),
  );
  const inbox = await messagingRows<{ consumer: string; event_id: string }>('inbox', 'consumer, event_id');
  const applied = new Set(inbox.map((r) => `${r.consumer}/${r.event_id}`));
  const counts = Object.entries(MUST_APPLY).map(([consumer, types]) => {
    const expected = relevant.filter(([, e]) => types.includes(e.type));
    const missing = expected.filter(([id]) => !applied.has(`${consumer}/${id}`));
    return { consumer, expected: expected.length, missing: missing.map(([id, e]) => `${e.type} ${id}`) };
  });
  // Seven runs of four human steps each: the counts are far from zero.
  expect(counts.find((c) => c.consumer === 'approvals-inbox')!.expected).toBeGreaterThanOrEqual(
    runs.length * 10,
  );
  expect(counts.filter((c) => c.missing.length > 0)).toEqual([]);
  console.log(
    `events applied after a kill of each service: ${counts.map((c) => `${c.consumer} ${c.expected}`).join(', ')}`,
  );
}, 300_000);

async function unpublishedRows(): Promise<{ id: string; type: string }[]> {
  const rows = await messagingRows<{ id: string; type: string; published: boolean }>(
    'outbox',
    'id, type, published_at IS NOT NULL AS published',
  );
  return rows.filter((r) => !r.published).map(({ id, type }) => ({ id, type }));
}
