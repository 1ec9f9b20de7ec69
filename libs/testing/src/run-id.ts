import { randomBytes } from 'node:crypto';

let fallback: string | undefined;

/**
 * Identifies one `npm test` run. The runner sets TEST_RUN_ID so every project in
 * the run shares it (and the runner can clean up after it); a lone `jest` call
 * gets its own.
 */
export function testRunId(): string {
  const fromEnv = process.env.TEST_RUN_ID;
  if (fromEnv && /^[a-z0-9]{1,20}$/.test(fromEnv)) return fromEnv;
  fallback ??= 'r' + Date.now().toString(36) + randomBytes(2).toString('hex');
  return fallback;
}

/** A short unique token for one resource inside this run (a database, a stream, a task queue). */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}
