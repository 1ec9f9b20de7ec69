import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import type { PlatformInfo } from './platform-info';

/** Stops the platform like Ctrl-C does (services first), then drops its database. */
export default async function globalTeardown(): Promise<void> {
  const file = process.env.E2E_PLATFORM_INFO;
  if (!file || !existsSync(file)) return;
  const info = JSON.parse(readFileSync(file, 'utf8')) as PlatformInfo;
  if (info.external) {
    // E2E_TARGET=cluster: the cluster keeps running; only this run's links go.
    rmSync(info.pidDir, { recursive: true, force: true });
    rmSync(file, { force: true });
    return;
  }
  try {
    process.kill(info.supervisorPid, 'SIGINT');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        process.kill(info.supervisorPid, 0);
        await new Promise((r) => setTimeout(r, 250));
      } catch {
        break;
      }
    }
  } catch {
    // already gone
  }
  const url = new URL(info.databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  rmSync(file, { force: true });
}
