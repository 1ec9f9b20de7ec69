import { DataSource, type DataSourceOptions } from 'typeorm';
import { assertSchemaName } from './names';
import { type ServiceSchema } from './service-schema';

/** TypeORM's Postgres options, named through its root export (its deep import paths are not public). */
export type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** A service's schema (every table and the migrations table live in it) and where it is. */
export interface ServiceDataSourceOptions extends ServiceSchema {
  /** postgres:// URL naming the database. */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity; defaults to the schema. */
  applicationName?: string;
}

/** The options createServiceDataSource() uses, for TypeOrmModule.forRootAsync. */
export function serviceDataSourceOptions(opts: ServiceDataSourceOptions): PostgresConnectionOptions {
  const schema = assertSchemaName(opts.schema);
  return {
    type: 'postgres',
    url: opts.url,
    schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: `${schema}_migrations`,
    // Schema changes only through migrations, run under a lock by runMigrations().
    synchronize: false,
    migrationsRun: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? schema,
  };
}

/** One DataSource per service, owning one schema. Call `initialize()` then `runMigrations()`. */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(opts));
}

/**
 * The database URL services use: DATABASE_URL, with DATABASE_NAME as the
 * database when the URL names none (e.g. `postgres://user@host:5432`).
 */
export function resolveDatabaseUrl(config: { DATABASE_URL?: string; DATABASE_NAME: string }): string {
  if (!config.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL is not set. `npm start` exports it for every service; when running a service by hand, ' +
        'export what `npm run stack -- env` prints.',
    );
  }
  const u = new URL(config.DATABASE_URL);
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/' + config.DATABASE_NAME;
  return u.toString();
}
