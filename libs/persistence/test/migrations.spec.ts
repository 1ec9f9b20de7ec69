import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { Client } from 'pg';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  createServiceDataSource,
  MessagingTables1795305600000,
  migrationLockKey,
  qualified,
  resolveDatabaseUrl,
  runMigrations,
} from '../src';
import { CreateNotes1795305700000 } from './fixtures';

/**
 * Counts its own executions in a table outside the service schema, and sleeps
 * while holding its transaction so concurrent runners overlap for sure.
 */
class SlowCounted1795305800000 implements MigrationInterface {
  name = 'SlowCounted1795305800000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO public.migration_runs (name) VALUES ($1)`, [this.name]);
    await q.query(`CREATE TABLE ${qualified(q, 'slow')} (id int)`);
    await q.query('SELECT pg_sleep(0.4)');
  }
  async down(): Promise<void> {}
}

class Broken1795305900000 implements MigrationInterface {
  name = 'Broken1795305900000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${qualified(q, 'half_done')} (id int)`);
    await q.query('SELECT * FROM table_that_does_not_exist');
  }
  async down(): Promise<void> {}
}

const quiet = { log: () => undefined };

describe('runMigrations', () => {
  let db: IsolatedDatabase;
  let admin: Client;
  const open: DataSource[] = [];

  async function dataSource(
    schema: string,
    migrations: (new () => MigrationInterface)[],
  ): Promise<DataSource> {
    const ds = createServiceDataSource({ url: db.url, schema, entities: [], migrations, poolSize: 3 });
    open.push(ds);
    return ds.initialize();
  }

  beforeAll(async () => {
    db = await createIsolatedDatabase('migrations');
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(
      'CREATE TABLE public.migration_runs (name text NOT NULL, at timestamptz DEFAULT clock_timestamp())',
    );
  });

  afterAll(async () => {
    await Promise.all(open.filter((d) => d.isInitialized).map((d) => d.destroy()));
    await admin?.end();
    await db?.drop();
  });

  it('runs each migration exactly once when three replicas start together', async () => {
    const migrations = [MessagingTables1795305600000, CreateNotes1795305700000, SlowCounted1795305800000];
    const sources = await Promise.all([1, 2, 3].map(() => dataSource('svc_a', migrations)));
    const results = await Promise.all(sources.map((ds) => runMigrations(ds, quiet)));

    const { rows } = await admin.query('SELECT name FROM public.migration_runs');
    expect(rows).toEqual([{ name: 'SlowCounted1795305800000' }]);
    // One runner applied everything; the others waited on the lock and found nothing pending.
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, 3]);
    const applied = await admin.query('SELECT name FROM svc_a.svc_a_migrations ORDER BY timestamp');
    expect(applied.rows.map((r) => r.name)).toEqual([
      'MessagingTables1795305600000',
      'CreateNotes1795305700000',
      'SlowCounted1795305800000',
    ]);
  });

  it('created the schema and put every table in it', async () => {
    const { rows } = await admin.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'svc_a' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'dead_letters',
      'inbox',
      'notes',
      'outbox',
      'settings',
      'slow',
      'svc_a_migrations',
    ]);
    const inPublic = await admin.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migration_runs'`,
    );
    expect(inPublic.rows).toEqual([]);
  });

  it('releases the lock afterwards', async () => {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database =
         (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(rows[0].n).toBe(0);
    // The key is stable and differs per schema.
    expect(migrationLockKey('svc_a')).toBe(migrationLockKey('svc_a'));
    expect(migrationLockKey('svc_a')).not.toBe(migrationLockKey('svc_b'));
  });

  it('keeps two services in one database apart', async () => {
    const other = await dataSource('svc_b', [MessagingTables1795305600000]);
    expect(await runMigrations(other, quiet)).toEqual(['MessagingTables1795305600000']);
    const a = await admin.query('SELECT count(*)::int AS n FROM svc_a.svc_a_migrations');
    const b = await admin.query('SELECT count(*)::int AS n FROM svc_b.svc_b_migrations');
    expect([a.rows[0].n, b.rows[0].n]).toEqual([3, 1]);
  });

  it('fails loudly on a broken migration, rolls it back and still releases the lock', async () => {
    const ds = await dataSource('svc_c', [MessagingTables1795305600000, Broken1795305900000]);
    await expect(runMigrations(ds, quiet)).rejects.toThrow(/table_that_does_not_exist/);
    const tables = await admin.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'svc_c' ORDER BY table_name`,
    );
    // The good migration stays applied; the broken one left nothing behind.
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'dead_letters',
      'inbox',
      'outbox',
      'svc_c_migrations',
    ]);
    // Not stuck on the lock: a second attempt gets as far as the same error.
    await expect(runMigrations(ds, quiet)).rejects.toThrow(/table_that_does_not_exist/);
  });
});

describe('resolveDatabaseUrl', () => {
  it('adds DATABASE_NAME when the URL names no database', () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: 'postgres://u@h:5432', DATABASE_NAME: 'tatalaman' })).toBe(
      'postgres://u@h:5432/tatalaman',
    );
    expect(resolveDatabaseUrl({ DATABASE_URL: 'postgres://u@h:5432/', DATABASE_NAME: 'tatalaman' })).toBe(
      'postgres://u@h:5432/tatalaman',
    );
  });

  it('keeps a database the URL names', () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: 'postgres://u@h/other', DATABASE_NAME: 'tatalaman' })).toBe(
      'postgres://u@h/other',
    );
  });

  it('explains a missing DATABASE_URL', () => {
    expect(() => resolveDatabaseUrl({ DATABASE_NAME: 'x' })).toThrow(/DATABASE_URL is not set/);
  });
});
