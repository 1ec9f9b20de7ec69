import { createServiceDataSource, qualified, runMigrations } from '@tatalaman/persistence';
import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  canonicalJson,
  CommandFailure,
  IdempotencyStore,
  idempotencyKeysMigration,
  OFFICE_KEYS_TABLE,
  type LegacyIdempotencyTable,
} from '../src';
import { quiet } from './helpers';

const ACTOR_KEYS: LegacyIdempotencyTable = {
  table: 'idempotency',
  hashColumn: 'fingerprint',
  actor: true,
  state: true,
  createdIndex: true,
};

/** The table as content, registry and publishing created it, with one answered key. */
class LegacyOfficeKeys1795305700000 implements MigrationInterface {
  name = 'LegacyOfficeKeys1795305700000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${qualified(q, 'idempotency_keys')} (
      office text NOT NULL, key text NOT NULL, command text NOT NULL, request_hash text NOT NULL,
      response jsonb, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (office, key))`);
    await q.query(
      `INSERT INTO ${qualified(q, 'idempotency_keys')} (office, key, command, request_hash, response)
       VALUES ('kpu-dki', 'old-key', 'svc.thing.create', 'h', '{"id":"old"}')`,
    );
  }
  async down(): Promise<void> {}
}

/** The table as approvals created it (per actor, with a state). */
class LegacyActorKeys1795305700000 implements MigrationInterface {
  name = 'LegacyActorKeys1795305700000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${qualified(q, 'idempotency')} (
      office text NOT NULL, actor_id text NOT NULL, key text NOT NULL, command text NOT NULL,
      fingerprint text NOT NULL, state text NOT NULL DEFAULT 'pending', response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz,
      PRIMARY KEY (office, actor_id, key), CHECK (state IN ('pending', 'done')))`);
    await q.query(`CREATE INDEX idempotency_age ON ${qualified(q, 'idempotency')} (created_at)`);
    await q.query(
      `INSERT INTO ${qualified(q, 'idempotency')} (office, actor_id, key, command, fingerprint, state, response)
       VALUES ('kpu-dki', 'u1', 'old-key', 'svc.thing.create', 'h', 'done', '{"id":"old"}')`,
    );
  }
  async down(): Promise<void> {}
}

/** A command request with some fields besides its key. */
function ask(request: { idempotencyKey: string } & Record<string, unknown>) {
  return request;
}

describe('IdempotencyStore', () => {
  let db: IsolatedDatabase;
  let officeDs: DataSource;
  let actorDs: DataSource;
  let store: IdempotencyStore;
  let perActor: IdempotencyStore;

  beforeAll(async () => {
    db = await createIsolatedDatabase('idempotency');
    officeDs = await createServiceDataSource({
      url: db.url,
      schema: 'svc',
      entities: [],
      migrations: [LegacyOfficeKeys1795305700000, idempotencyKeysMigration(OFFICE_KEYS_TABLE)],
    }).initialize();
    actorDs = await createServiceDataSource({
      url: db.url,
      schema: 'act',
      entities: [],
      migrations: [LegacyActorKeys1795305700000, idempotencyKeysMigration(ACTOR_KEYS)],
    }).initialize();
    await runMigrations(officeDs, quiet);
    await runMigrations(actorDs, quiet);
    store = new IdempotencyStore(officeDs);
    perActor = new IdempotencyStore(actorDs, { scope: 'actor' });
  });

  afterAll(async () => {
    for (const ds of [officeDs, actorDs]) if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('keeps the rows of both earlier table shapes', async () => {
    expect(
      await officeDs.query(`SELECT office, actor_id, key, state, response FROM svc.idempotency_keys`),
    ).toEqual([{ office: 'kpu-dki', actor_id: '', key: 'old-key', state: 'done', response: { id: 'old' } }]);
    expect(
      await actorDs.query(`SELECT office, actor_id, key, state, response FROM act.idempotency_keys`),
    ).toEqual([
      { office: 'kpu-dki', actor_id: 'u1', key: 'old-key', state: 'done', response: { id: 'old' } },
    ]);
  });

  it('answers the same key and request with the first answer, once', async () => {
    let runs = 0;
    const create = (name: string, idempotencyKey = 'k1') =>
      store.run('kpu-dki', ask({ idempotencyKey, name }), 'svc.thing.create', async () => ({
        id: `t${++runs}`,
        name,
      }));
    expect(await create('a')).toEqual({ result: { id: 't1', name: 'a' }, replayed: false });
    expect(await create('a')).toEqual({ result: { id: 't1', name: 'a' }, replayed: true });
    expect(runs).toBe(1);
    // Another office has its own keys.
    expect(
      (
        await store.run(
          'kpu-jabar',
          ask({ idempotencyKey: 'k1', name: 'a' }),
          'svc.thing.create',
          async () => 'other',
        )
      ).result,
    ).toBe('other');
  });

  it('refuses the same key with another request or command (422 idempotency-key-reused)', async () => {
    await store.once('kpu-dki', ask({ idempotencyKey: 'k2', name: 'a' }), 'svc.thing.create', async () => 1);
    for (const attempt of [
      () =>
        store.once('kpu-dki', ask({ idempotencyKey: 'k2', name: 'b' }), 'svc.thing.create', async () => 2),
      () =>
        store.once('kpu-dki', ask({ idempotencyKey: 'k2', name: 'a' }), 'svc.thing.delete', async () => 2),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandFailure);
      expect((error as CommandFailure).status).toBe(422);
      expect((error as CommandFailure).code).toBe('idempotency-key-reused');
    }
  });

  it('forgets the key of a failed command, so its retry runs', async () => {
    const failing = store.once(
      'kpu-dki',
      ask({ idempotencyKey: 'k3' }),
      'svc.thing.create',
      async (manager) => {
        await manager.query(`SELECT 1`);
        throw new Error('boom');
      },
    );
    await expect(failing).rejects.toThrow('boom');
    expect(
      await store.once('kpu-dki', ask({ idempotencyKey: 'k3' }), 'svc.thing.create', async () => 'ok'),
    ).toBe('ok');
  });

  it('runs concurrent requests with one key once; the others get its answer', async () => {
    let runs = 0;
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        store.once('kpu-dki', ask({ idempotencyKey: 'k4', n: 1 }), 'svc.thing.create', async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 50));
          return { run: runs };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(answers).toEqual([{ run: 1 }, { run: 1 }, { run: 1 }, { run: 1 }]);
  });

  it('keeps keys per actor when scoped so, and needs the actor', async () => {
    const call = (actorId: string | undefined, request: object = { taskId: 't1' }) => ({
      office: 'kpu-dki',
      actorId,
      key: 'same',
      command: 'svc.task.claim',
      request,
    });
    expect(await perActor.execute(call('u1'), async () => 'u1 answer')).toBe('u1 answer');
    expect(await perActor.execute(call('u2'), async () => 'u2 answer')).toBe('u2 answer');
    expect(await perActor.execute(call('u1'), async () => 'again')).toBe('u1 answer');
    await expect(perActor.execute(call('u1', { taskId: 't2' }), async () => 'x')).rejects.toThrow(
      CommandFailure,
    );
    await expect(perActor.execute(call(undefined), async () => 'x')).rejects.toThrow(/needs the actor/);
  });

  it('holds a key pending across work done elsewhere (begin, complete, abandon)', async () => {
    const call = {
      office: 'kpu-dki',
      actorId: 'u1',
      key: 'decide-1',
      command: 'svc.task.decide',
      request: { d: 1 },
    };
    expect(await perActor.begin(call)).toEqual({ state: 'new' });
    expect(await perActor.begin(call)).toEqual({ state: 'pending' });
    await perActor.abandon(call);
    expect(await perActor.begin(call)).toEqual({ state: 'new' });
    await actorDs.transaction((manager) => perActor.complete(manager, call, { decided: true }));
    expect(await perActor.begin(call)).toEqual({ state: 'done', response: { decided: true } });
    // A pending key is taken over by `execute`, which does the work and completes it.
    const other = { ...call, key: 'decide-2' };
    await perActor.begin(other);
    expect(await perActor.execute(other, async () => 'done now')).toBe('done now');
    expect(await perActor.begin(other)).toEqual({ state: 'done', response: 'done now' });
  });

  it('prunes keys older than the given days', async () => {
    await officeDs.query(
      `UPDATE svc.idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'old-key'`,
    );
    expect(await store.prune(7)).toBe(1);
    expect(await officeDs.query(`SELECT 1 FROM svc.idempotency_keys WHERE key = 'old-key'`)).toEqual([]);
  });

  it('hashes requests by canonical JSON: key order and undefined fields do not matter', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":2}]}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
