import { loadConfig } from '@tatalaman/config';
import { createServiceDataSource, resolveDatabaseUrl, runMigrations } from '@tatalaman/persistence';
import { persistence } from './persistence';

/**
 * `migrate`: brings the approvals schema up to date. `seed-demo`: approvals has
 * no demo data of its own (tasks come from the demo runs' events); it checks
 * the schema is migrated and says so, so a second `npm start` changes nothing.
 */
async function main(verb: string | undefined): Promise<number> {
  if (verb !== 'migrate' && verb !== 'seed-demo') {
    process.stderr.write('usage: cli.js migrate | seed-demo\n');
    return 2;
  }
  const config = loadConfig();
  const ds = await createServiceDataSource({
    url: resolveDatabaseUrl(config),
    ...persistence,
    poolSize: 2,
    applicationName: 'approvals-cli',
  }).initialize();
  const log = (message: string) => process.stdout.write(`${message}\n`);
  try {
    if (verb === 'migrate') {
      // runMigrations says what it applied (or that nothing was pending).
      await runMigrations(ds, { log });
    } else {
      const pending = await ds.showMigrations();
      if (pending) {
        process.stderr.write('approvals: the schema is not migrated; run `cli.js migrate` first\n');
        return 1;
      }
      const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM approvals.tasks');
      log(`approvals: no demo data to seed (tasks come from run events; ${n} task(s) now)`);
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `approvals ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
