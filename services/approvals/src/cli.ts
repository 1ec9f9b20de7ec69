import { runServiceCli } from '@tatalaman/persistence';
import { persistence } from './persistence';

/**
 * `migrate`: brings the approvals schema up to date. `seed-demo`: approvals has
 * no demo data of its own (tasks come from the demo runs' events); it checks
 * the schema is migrated and says so, so a second `npm start` changes nothing.
 */
runServiceCli({
  service: 'approvals',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      if (!(await cli.migrated())) return 1;
      const [{ n }] = await (await cli.dataSource()).query('SELECT count(*)::int AS n FROM approvals.tasks');
      process.stdout.write(
        `approvals: no demo data to seed (tasks come from run events; ${n} task(s) now)\n`,
      );
      return 0;
    },
  },
});
