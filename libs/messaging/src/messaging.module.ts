import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthRegistry } from '@tatalaman/service-host';
import { type Domain, eventDefinition, type EventType, type Service } from '@tatalaman/contracts';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { consumerDurableName, EventConsumer, type EventConsumerOptions, type EventHandler } from './consumer';
import { closeNats, connectNats, natsUrlFromEnv } from './nats';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { CommandClient } from './rpc/client';
import { ensureStreams } from './streams';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

type ConsumerTuning = Pick<
  EventConsumerOptions,
  | 'maxDeliver'
  | 'retryDelaysMs'
  | 'ackWaitMs'
  | 'batchSize'
  | 'fetchExpiresMs'
  | 'strictOrder'
  | 'deliverPolicy'
>;

export interface ConsumerSpec<K extends EventType = EventType> {
  /** With the service, names the durable consumer and its inbox: `<service>-<purpose>`. */
  purpose: string;
  /** Event types to handle; one durable per domain they belong to. */
  events: readonly K[];
  /** A provider of the service's module (listed in its `providers`). */
  handler: Type<EventHandler<K>>;
  options?: ConsumerTuning;
}

export interface MessagingModuleOptions {
  service: Service;
  /** Domains whose events this service writes to its outbox; their streams are ensured. */
  produces?: readonly Domain[];
  consumes?: readonly ConsumerSpec[];
  /** Relay settings, or false for a service that never writes events (default: on when `produces` is set). */
  relay?: false | Omit<OutboxRelayOptions, 'dataSource' | 'js'>;
  /** Default NATS_URL. */
  natsUrl?: string;
}

/** Starts the relay and consumers after bootstrap; stops them and drains NATS on shutdown. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger: Logger;
  private relay?: OutboxRelay;
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly health?: HealthRegistry,
  ) {
    this.logger = new Logger(`Messaging:${options.service}`);
    // Reports NATS (and JetStream) on the service's /health.
    this.health?.register('nats', async () => {
      await this.jsm.getAccountInfo();
      return this.nc.getServer();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumed = (this.options.consumes ?? []).flatMap((c) =>
      c.events.map((e) => eventDefinition(e).domain),
    );
    await ensureStreams(this.jsm, [...(this.options.produces ?? []), ...consumed]);

    const wantsRelay = this.options.relay !== false && (this.options.produces?.length ?? 0) > 0;
    if ((wantsRelay || consumed.length) && !this.dataSource) {
      throw new Error(
        `MessagingModule (${this.options.service}): the outbox relay and consumers need a DataSource; ` +
          'import PersistenceModule.forService() in the same application.',
      );
    }
    if (wantsRelay) {
      this.relay = new OutboxRelay({
        ...(this.options.relay || {}),
        dataSource: this.dataSource!,
        js: this.js,
      });
      await this.relay.start();
    }
    for (const spec of this.options.consumes ?? []) {
      const handler = this.moduleRef.get(spec.handler, { strict: false });
      const byDomain = new Map<Domain, EventType[]>();
      for (const type of spec.events) {
        const d = eventDefinition(type).domain;
        byDomain.set(d, [...(byDomain.get(d) ?? []), type]);
      }
      for (const [domain, types] of byDomain) {
        const consumer = new EventConsumer({
          ...spec.options,
          nc: this.nc,
          js: this.js,
          jsm: this.jsm,
          dataSource: this.dataSource!,
          durable: consumerDurableName(this.options.service, spec.purpose),
          domain,
          types,
          handler: handler as EventHandler,
        });
        await consumer.start();
        this.consumers.push(consumer);
      }
    }
    this.logger.log(
      `started: relay ${this.relay ? 'on' : 'off'}, ${this.consumers.length} consumer(s)` +
        (this.consumers.length
          ? ` (${this.consumers.map((c) => `${c.durable}@${c.stream}`).join(', ')})`
          : ''),
    );
  }

  /** Before the DataSource closes: both the relay and the consumers still need it to finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers = [];
    await this.relay?.stop();
    this.relay = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await closeNats(this.nc);
  }

  /** For health checks and tests. */
  status(): { relay?: OutboxRelay; consumers: readonly EventConsumer[] } {
    return { relay: this.relay, consumers: this.consumers };
  }
}

export { MessagingLifecycle };

@Module({})
export class MessagingModule {
  /**
   * NATS, JetStream, the OutboxWriter, a CommandClient, and (after bootstrap)
   * the outbox relay and the listed consumers. Call `app.enableShutdownHooks()`
   * so SIGTERM stops them and drains the connection.
   */
  static forService(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          useFactory: () => connectNats({ url: options.natsUrl ?? natsUrlFromEnv(), name: options.service }),
        },
        { provide: JETSTREAM, useFactory: (nc: NatsConnection) => jetstream(nc), inject: [NATS_CONNECTION] },
        {
          provide: JETSTREAM_MANAGER,
          useFactory: (nc: NatsConnection) => jetstreamManager(nc),
          inject: [NATS_CONNECTION],
        },
        { provide: OutboxWriter, useValue: new OutboxWriter() },
        {
          provide: CommandClient,
          useFactory: (nc: NatsConnection) => new CommandClient(nc),
          inject: [NATS_CONNECTION],
        },
        MessagingLifecycle,
      ],
      exports: [
        NATS_CONNECTION,
        JETSTREAM,
        JETSTREAM_MANAGER,
        OutboxWriter,
        CommandClient,
        MessagingLifecycle,
      ],
    };
  }
}
