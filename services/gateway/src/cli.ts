import { runServiceCli } from '@tatalaman/persistence';
import { formatAccounts, seedDemo } from './seed/demo';
import { persistence } from './persistence';

/** `migrate`: the gateway schema's migrations. `seed-demo`: migrates, then the demo offices and accounts (idempotent). */
runServiceCli({
  service: 'gateway',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      if (cli.config.NODE_ENV === 'production') {
        process.stdout.write('seed-demo dilewati di produksi / skipped in production.\n');
        return 0;
      }
      await cli.migrate();
      const result = await seedDemo(await cli.dataSource(), cli.config);
      process.stdout.write(formatAccounts(result) + '\n');
      return 0;
    },
  },
});
