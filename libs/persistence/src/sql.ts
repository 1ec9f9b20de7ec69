import { type DataSource, type EntityManager } from 'typeorm';

/** Where raw SQL runs: the DataSource (own connection) or a transaction's manager. */
export type Db = DataSource | EntityManager;

/**
 * Rows of any raw statement. TypeORM's Postgres driver answers UPDATE and DELETE with
 * `[rows, rowCount]` and everything else with the rows; this always gives the rows. Raw
 * SQL names the office explicitly (`office = $1`): the tenancy rule for raw SQL.
 */
export async function rows<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await db.query(text, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return (raw ?? []) as T[];
}

/** The first row of a raw statement, if any. */
export async function one<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, text, params))[0];
}

/**
 * Takes the transaction-scoped advisory lock named `key`, held until the transaction ends:
 * transactions under one key take turns.
 */
export async function lockUntilCommit(db: Db, key: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** ISO string of a timestamp column (pg returns Date), or undefined. */
export function iso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** Drops undefined and null fields of a row's view, so views carry only what is known. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** Postgres unique violation (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
