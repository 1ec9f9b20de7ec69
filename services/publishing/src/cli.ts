import { loadConfig } from '@tatalaman/config';
import { createServiceDataSource, resolveDatabaseUrl, runMigrations } from '@tatalaman/persistence';
import { ServiceLogger } from '@tatalaman/service-host';
import { persistence } from './persistence';
import { seedDemo } from './seed/seed-demo';

/** `migrate` and `seed-demo`: Postgres only (no NATS needed). */
async function main(verb: string | undefined): Promise<number> {
  if (verb !== 'migrate' && verb !== 'seed-demo') {
    process.stderr.write('usage: cli.js migrate | seed-demo\n');
    return 2;
  }
  const config = loadConfig();
  const logger = new ServiceLogger('publishing', config.LOG_LEVEL, config.LOG_FORMAT);
  const ds = await createServiceDataSource({
    url: resolveDatabaseUrl(config),
    ...persistence,
  }).initialize();
  try {
    const applied = await runMigrations(ds, { log: (m) => logger.log(m, 'Migrations') });
    if (verb === 'migrate') {
      logger.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date', 'Migrate');
      return 0;
    }
    const { created, existing } = await seedDemo(ds);
    logger.log(
      `demo websites: ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}, ${existing.length} already there`,
      'SeedDemo',
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `publishing ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
