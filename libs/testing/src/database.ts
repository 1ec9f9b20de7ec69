import { Client } from 'pg';
import { stackEnv } from './stack-env';
import { testRunId, uniqueSuffix } from './run-id';

export interface IsolatedDatabase {
  /** Connection URL of a database no other test file or run can see. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Prefix of every database a test run creates, so the runner can drop leftovers. */
export function testDatabasePrefix(runId = testRunId()): string {
  return `tl_test_${runId}_`;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/**
 * Creates a fresh database on the stack's Postgres for one test file. Each service
 * then creates its own schema in it through its migrations, exactly as in production.
 */
export async function createIsolatedDatabase(label = 'db'): Promise<IsolatedDatabase> {
  const { databaseUrl } = stackEnv();
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 16) || 'db';
  const name = `${testDatabasePrefix()}${safeLabel}_${uniqueSuffix()}`;
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(databaseUrl, name),
    async drop() {
      const c = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Drops every database a run left behind (called by the test runner at the end of a run). */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<number> {
  const c = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [testDatabasePrefix(runId).replace(/_/g, '\\_') + '%'],
    );
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await c.end();
  }
}
