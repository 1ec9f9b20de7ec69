import { Module } from '@nestjs/common';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { PersistenceModule, runServiceCli } from '@tatalaman/persistence';
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

runServiceCli({
  service: 'sop-registry',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      const outcome = await cli.withApp(RegistryDataModule, (app) =>
        seedDemo(app.get(DefinitionsService), app.get(ActivationsService)),
      );
      for (const o of outcome) {
        cli.logger.log(
          `${o.key}@${o.version}: platform definition, active in ${o.office} for ${o.contentTypes.join(', ')}`,
          'SeedDemo',
        );
      }
      return 0;
    },
  },
});
