import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type DataSource, MigrationExecutor } from 'typeorm';
import { quoteIdent, schemaOf } from './names';

interface PostgresQueryRunnerRelease {
  releasePostgresConnection(err?: Error): Promise<void>;
}

export interface MigrationLogger {
  log(message: string): void;
}

/**
 * Advisory lock key for a schema's migrations: the first 8 bytes of a SHA-256,
 * as a signed bigint string. Stable across processes, versions and servers
 * (unlike hashtext), so every replica of a service computes the same key.
 */
export function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`tatalaman:migrations:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * Creates the service schema if missing and applies pending migrations, each in
 * its own transaction, while holding `pg_advisory_lock` on one dedicated
 * connection. TypeORM takes no lock itself (typeorm#4588): replicas starting at
 * once would otherwise run the same migration twice. The others wait on the
 * lock, then find nothing pending. Returns the names it applied.
 */
export async function runMigrations(
  dataSource: DataSource,
  logger: MigrationLogger = new Logger('Migrations'),
): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const key = migrationLockKey(schema);
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  let broken: Error | undefined;
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      const executor = new MigrationExecutor(dataSource, runner);
      // One transaction per migration, so a migration may opt out (CREATE INDEX CONCURRENTLY).
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      for (const m of applied) logger.log(`${schema}: applied ${m.name}`);
      if (!applied.length) logger.log(`${schema}: no pending migrations`);
      return applied.map((m) => m.name);
    } finally {
      try {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      } catch (e) {
        // The session may still hold the lock: drop the connection instead of pooling it.
        broken = e as Error;
      }
    }
  } catch (e) {
    broken ??= e as Error;
    throw e;
  } finally {
    // Private in the typings, public at run time: releasing with an error makes pg-pool
    // drop the connection instead of reusing a session that may still hold the lock.
    await (runner as unknown as PostgresQueryRunnerRelease).releasePostgresConnection(broken);
  }
}
