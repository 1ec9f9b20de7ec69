import { type EntitySchema, type MigrationInterface } from 'typeorm';
import { MessagingTables1795305600000 } from './messaging-tables';
import { assertSchemaName } from './names';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own entity/migration list types
export type Constructor<T = unknown> = new (...args: any[]) => T;

/** What a service keeps in Postgres: its schema, its entities and its migrations, in order. */
export interface ServiceSchema {
  schema: string;
  entities: (Constructor | EntitySchema)[];
  migrations: Constructor<MigrationInterface>[];
}

/**
 * The one way a service declares its data (in `src/persistence.ts`), passed as it is to
 * `PersistenceModule.forService` and `createServiceDataSource` (the CLI). The shared
 * messaging tables (outbox, inbox, dead letters) come first; the list names only the
 * service's own migrations.
 */
export function serviceSchema(def: {
  schema: string;
  entities?: (Constructor | EntitySchema)[];
  migrations: Constructor<MigrationInterface>[];
}): ServiceSchema {
  return {
    schema: assertSchemaName(def.schema),
    entities: def.entities ?? [],
    migrations: [MessagingTables1795305600000, ...def.migrations],
  };
}
