import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tatalaman/config';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import {
  createServiceDataSource,
  PersistenceModule,
  resolveDatabaseUrl,
  runMigrations,
} from '@tatalaman/persistence';
import { ServiceLogger } from '@tatalaman/service-host';
import { ActivationsService } from './activations/activations.service';
import { DefinitionsService } from './definitions/definitions.service';
import { persistence } from './persistence';
import { seedDemo } from './seed/seed-demo';

/**
 * The registry's domain services on the database alone: seeding needs no NATS (its
 * events wait in the outbox for the service's relay; schedule syncs wait for the
 * service's syncer, since the worker is not running yet when `npm start` seeds).
 */
@Module({
  imports: [PersistenceModule.forService(persistence)],
  providers: [
    IdempotencyStore,
    DefinitionsService,
    ActivationsService,
    { provide: OutboxWriter, useValue: new OutboxWriter() },
  ],
})
class RegistryDataModule {}

async function main(verb: string | undefined): Promise<number> {
  const config = loadConfig();
  const logger = new ServiceLogger('sop-registry', config.LOG_LEVEL, config.LOG_FORMAT);
  if (verb === 'migrate') {
    const ds = await createServiceDataSource({
      url: resolveDatabaseUrl(config),
      ...persistence,
    }).initialize();
    try {
      const applied = await runMigrations(ds, { log: (m) => logger.log(m, 'Migrations') });
      logger.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date', 'Migrate');
    } finally {
      await ds.destroy();
    }
    return 0;
  }
  if (verb === 'seed-demo') {
    const app = await NestFactory.createApplicationContext(RegistryDataModule, { logger });
    try {
      const outcome = await seedDemo(app.get(DefinitionsService), app.get(ActivationsService));
      for (const o of outcome) {
        logger.log(
          `${o.key}@${o.version}: platform definition, active in ${o.office} for ${o.contentTypes.join(', ')}`,
          'SeedDemo',
        );
      }
    } finally {
      await app.close();
    }
    return 0;
  }
  process.stderr.write('usage: cli.js migrate | seed-demo\n');
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `sop-registry ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
