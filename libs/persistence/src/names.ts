import { type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** Service schema names: plain lower-case identifiers, so they never need escaping tricks. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `Invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and "_" (max 63, not starting with a digit).`,
    );
  }
  return schema;
}

/** Double-quotes an identifier for raw SQL. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

type HasDataSource = DataSource | EntityManager | QueryRunner;

function dataSourceOf(x: HasDataSource): DataSource {
  if ('dataSource' in x && x.dataSource) return x.dataSource;
  return x as DataSource;
}

/**
 * The service schema a DataSource (or a manager / query runner of it) owns.
 * Raw SQL ignores TypeORM's `schema` option, so code that writes raw SQL asks here.
 */
export function schemaOf(x: HasDataSource): string {
  const schema = (dataSourceOf(x).options as { schema?: string }).schema;
  if (!schema) throw new Error('This DataSource has no schema: create it with createServiceDataSource().');
  return assertSchemaName(schema);
}

/** `"<schema>"."<table>"` for raw SQL in the service's own schema. */
export function qualified(x: HasDataSource, table: string): string {
  return `${quoteIdent(schemaOf(x))}.${quoteIdent(table)}`;
}
