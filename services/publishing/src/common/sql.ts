import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a raw statement. TypeORM's Postgres driver answers UPDATE and DELETE with
 * `[rows, rowCount]` and everything else with the rows; this always gives the rows.
 */
export async function rows<R>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as R[];
  return result as R[];
}

export async function one<R>(db: DataSource | EntityManager, sql: string, params: unknown[] = []) {
  return (await rows<R>(db, sql, params))[0];
}
