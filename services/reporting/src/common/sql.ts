import { type DataSource, type EntityManager } from 'typeorm';

/** Where raw SQL runs: the DataSource (own connection) or a transaction's manager. */
export type Db = DataSource | EntityManager;

/**
 * Rows of any statement, including UPDATE/DELETE … RETURNING (TypeORM returns those as
 * `[rows, count]`). All SQL of this service is raw and names the office explicitly
 * (`office = $1`): the tenancy rule for raw SQL.
 */
export async function rows<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await db.query(text, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return (raw ?? []) as T[];
}

export async function one<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, text, params))[0];
}

/** ISO string of a timestamp column (pg returns Date), or undefined. */
export function iso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** A bigint/numeric column (pg returns strings) as a number; null stays null. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Drops undefined and null fields, so views carry only what is known. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
