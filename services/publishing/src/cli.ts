import { runServiceCli } from '@tatalaman/persistence';
import { persistence } from './persistence';
import { seedDemo } from './seed/seed-demo';

/** `migrate` and `seed-demo` (which migrates first): Postgres only (no NATS needed). */
runServiceCli({
  service: 'publishing',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      await cli.migrate();
      const { created, existing } = await seedDemo(await cli.dataSource());
      cli.logger.log(
        `demo websites: ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}, ${existing.length} already there`,
        'SeedDemo',
      );
      return 0;
    },
  },
});
