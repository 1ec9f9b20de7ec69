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

async function main(verb: string | undefined): Promise<number> {
  const config = loadConfig();
  const logger = new ServiceLogger('content', config.LOG_LEVEL, config.LOG_FORMAT);
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
    const app = await NestFactory.createApplicationContext(ContentDataModule, { logger });
    try {
      const items = await seedDemo(app.get(ItemsService));
      const offices = new Set(items.map((i) => i.office));
      logger.log(
        `${items.length} demo drafts in ${offices.size} offices (${[...offices].join(', ')})`,
        'SeedDemo',
      );
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
      `content ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
