import { randomUUID } from 'node:crypto';
import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { makeEvent, natsPrefix, type TypedEvent } from '@tatalaman/contracts';
import { MessagingTables1795305600000, PersistenceModule } from '@tatalaman/persistence';
import { createIsolatedDatabase, type IsolatedDatabase, stackEnv } from '@tatalaman/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  closeNats,
  connectNats,
  type EventContext,
  type EventHandler,
  MessagingLifecycle,
  MessagingModule,
  NATS_CONNECTION,
  OutboxWriter,
} from '../src';
import { CreateWidgets1795305700000, deleteStreams, quiet, waitFor } from './helpers';

@Injectable()
class WidgetService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The pattern every service follows: the change and its event in one transaction. */
  create(office: string, name: string): Promise<string> {
    return this.ds.transaction(async (manager) => {
      const id = randomUUID();
      await manager.query('INSERT INTO svc.widgets (id, office, name) VALUES ($1, $2, $3)', [
        id,
        office,
        name,
      ]);
      await this.outbox.add(
        manager,
        makeEvent('content.item-created', {
          office,
          actor: { kind: 'system', id: 'test' },
          data: { itemId: id, kind: 'news', title: name, language: 'id', revisionId: 'r1' },
        }),
      );
      return id;
    });
  }
}

@Injectable()
class WidgetProjection implements EventHandler<'content.item-created'> {
  async handle(event: TypedEvent<'content.item-created'>, { manager }: EventContext): Promise<void> {
    await manager.query('INSERT INTO svc.applied (event_id, office, n) VALUES ($1, $2, 1)', [
      event.id,
      event.office,
    ]);
  }
}

@Module({
  imports: [
    MessagingModule.forService({
      service: 'content',
      produces: ['content'],
      consumes: [{ purpose: 'projection', events: ['content.item-created'], handler: WidgetProjection }],
      relay: { pollIntervalMs: 200 },
    }),
  ],
  providers: [WidgetService, WidgetProjection],
})
class WidgetsModule {}

describe('MessagingModule.forService', () => {
  let db: IsolatedDatabase;
  let app: INestApplication;
  let admin: NatsConnection;

  beforeAll(async () => {
    db = await createIsolatedDatabase('msgmodule');
    admin = await connectNats({ url: stackEnv().natsUrl, name: 'test-module-admin', logger: quiet });
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forService({
          schema: 'svc',
          entities: [],
          migrations: [MessagingTables1795305600000, CreateWidgets1795305700000],
          url: db.url,
        }),
        WidgetsModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.init();
  });

  afterAll(async () => {
    if (app) await app.close();
    await deleteStreams(await jetstreamManager(admin), natsPrefix());
    await closeNats(admin);
    await db?.drop();
  });

  it('writes, relays and consumes an event end to end', async () => {
    const id = await app.get(WidgetService).create('kpu-jabar', 'Pengumuman DPT');
    const ds = app.get(DataSource);
    await waitFor(
      async () => (await ds.query('SELECT count(*)::int AS n FROM svc.applied'))[0].n === 1,
      10_000,
    );
    const [outbox] = await ds.query('SELECT published_at, payload FROM svc.outbox');
    expect(outbox.published_at).not.toBeNull();
    expect(outbox.payload.data.itemId).toBe(id);
    const [applied] = await ds.query('SELECT event_id, office FROM svc.applied');
    expect(applied).toEqual({ event_id: outbox.payload.id, office: 'kpu-jabar' });
    const status = app.get(MessagingLifecycle).status();
    expect(status.relay?.stats.published).toBe(1);
    expect(status.consumers.map((c) => [c.durable, c.stream])).toEqual([
      ['content-projection', `${natsPrefix().toUpperCase()}_CONTENT`],
    ]);
  });

  it('stops the relay and consumers and drains NATS on shutdown', async () => {
    const nc = app.get<NatsConnection>(NATS_CONNECTION as never);
    const lifecycle = app.get(MessagingLifecycle);
    expect(nc.isClosed()).toBe(false);
    await app.close();
    app = undefined as unknown as INestApplication;
    expect(nc.isClosed()).toBe(true);
    expect(lifecycle.status()).toEqual({ relay: undefined, consumers: [] });
  });
});
