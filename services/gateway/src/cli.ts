import { ConfigError, loadConfig } from '@tatalaman/config';
import { createServiceDataSource, resolveDatabaseUrl, runMigrations } from '@tatalaman/persistence';
import { formatAccounts, seedDemo } from './seed/demo';
import { persistence } from './persistence';

const USAGE = 'Usage: node dist/services/gateway/src/cli.js <migrate|seed-demo>';

/** `migrate`: the gateway schema's migrations. `seed-demo`: the demo offices and accounts (idempotent). */
export async function main(argv: string[]): Promise<number> {
  const verb = argv[0];
  if (verb !== 'migrate' && verb !== 'seed-demo') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (verb === 'seed-demo' && config.NODE_ENV === 'production') {
    process.stdout.write('seed-demo dilewati di produksi / skipped in production.\n');
    return 0;
  }
  const dataSource = await createServiceDataSource({
    url: resolveDatabaseUrl(config),
    ...persistence,
    poolSize: 4,
    applicationName: 'gateway-cli',
  }).initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (verb === 'migrate') {
      process.stdout.write(
        applied.length ? `gateway: applied ${applied.join(', ')}\n` : 'gateway: schema is up to date\n',
      );
      return 0;
    }
    const result = await seedDemo(dataSource, config);
    process.stdout.write(formatAccounts(result) + '\n');
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `gateway ${process.argv[2] ?? ''} failed: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
