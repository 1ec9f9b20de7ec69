import { Module } from '@nestjs/common';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { PersistenceModule, runServiceCli } from '@tatalaman/persistence';
import { ContentTypeCatalog, StandardContentTypes } from './items/content-types';
import { ItemsService } from './items/items.service';
import { persistence } from './persistence';
import { DEMO_CUSTOM_TYPES, seedDemo } from './seed/seed-demo';

/** The item code on the database alone: seeding needs no NATS (events wait in the outbox for the relay). */
@Module({
  imports: [PersistenceModule.forService(persistence)],
  providers: [
    IdempotencyStore,
    ItemsService,
    { provide: OutboxWriter, useValue: new OutboxWriter() },
    { provide: ContentTypeCatalog, useValue: new StandardContentTypes(DEMO_CUSTOM_TYPES) },
  ],
})
class ContentDataModule {}

runServiceCli({
  service: 'content',
  persistence,
  verbs: {
    'seed-demo': async (cli) => {
      const items = await cli.withApp(ContentDataModule, (app) => seedDemo(app.get(ItemsService)));
      const offices = new Set(items.map((i) => i.office));
      cli.logger.log(
        `${items.length} demo drafts in ${offices.size} offices (${[...offices].join(', ')})`,
        'SeedDemo',
      );
      return 0;
    },
  },
});
