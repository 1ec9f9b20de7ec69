/** The gateway's Postgres schema; raw SQL names its tables through `table()`. */
export const SCHEMA = 'gateway';

export function table(name: string): string {
  return `"${SCHEMA}"."${name}"`;
}

/** Postgres unique violation. */
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

/** Rows of an UPDATE/DELETE … RETURNING through EntityManager.query (TypeORM gives [rows, count]). */
export function returning<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
