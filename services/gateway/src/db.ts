/** The gateway's Postgres schema; raw SQL names its tables through `table()`. */
export const SCHEMA = 'gateway';

export function table(name: string): string {
  return `"${SCHEMA}"."${name}"`;
}
