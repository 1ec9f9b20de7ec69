import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { closeNats, CommandClient, connectNats, natsUrlFromEnv } from '@tatalaman/messaging';
import { runServiceCli } from '@tatalaman/persistence';
import { type DataSource } from 'typeorm';
import { OfficeDirectory } from './offices/office-directory';
import { RebuildRunning, Rebuilder } from './rebuild/rebuilder';
import { persistence } from './persistence';
import { seedDemo } from './seed/seed-demo';

async function rebuild(ds: DataSource, log: (m: string) => void): Promise<number> {
  const nc = await connectNats({ url: natsUrlFromEnv(), name: 'reporting-rebuild' });
  try {
    const rebuilder = new Rebuilder({
      ds,
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
      directory: new OfficeDirectory(ds, new CommandClient(nc)),
      log,
    });
    const status = await rebuilder.run('cli');
    if (status.state !== 'done') {
      log(`reporting: rebuild failed: ${status.error ?? 'unknown error'}`);
      return 1;
    }
    log(
      `reporting: projections rebuilt (${status.streams.map((s) => `${s.stream} ${s.applied}/${s.lastSeq}`).join(', ')})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RebuildRunning) {
      log('reporting: a rebuild is already running; try again when it has finished');
      return 1;
    }
    throw error;
  } finally {
    await closeNats(nc);
  }
}

/**
 * `migrate`: brings the reporting schema up to date. `seed-demo`: a few entries of Palu's
 * website problem inventory (idempotent). `rebuild`: drops the projections and rebuilds
 * them from the streams, printing progress (the service may keep running meanwhile).
 */
runServiceCli({
  service: 'reporting',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      if (!(await cli.migrated())) return 1;
      await seedDemo(await cli.dataSource(), (m) => cli.logger.log(m, 'seed-demo'));
      return 0;
    },
    rebuild: async (cli) => {
      if (!(await cli.migrated())) return 1;
      return rebuild(await cli.dataSource(), (m) => cli.logger.log(m, 'rebuild'));
    },
  },
});
