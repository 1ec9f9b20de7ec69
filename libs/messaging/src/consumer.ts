import { Logger } from '@nestjs/common';
import {
  type AnyEvent,
  type Domain,
  domainStreamName,
  eventDefinition,
  eventFilterSubject,
  EventContractError,
  type EventType,
  parseEvent,
  type EventOf,
} from '@tatalaman/contracts';
import { qualified } from '@tatalaman/persistence';
import { requestIdFrom, runWithContext } from '@tatalaman/service-host';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { type DataSource, type EntityManager } from 'typeorm';
import { serverAtLeast } from './nats';

/** What a handler gets besides the event: the transaction the inbox insert runs in. */
export interface EventContext {
  /** Write through this manager: the handler's changes and the inbox row commit together. */
  manager: EntityManager;
  stream: string;
  streamSeq: number;
  subject: string;
  /** 1 on the first delivery. */
  deliveryCount: number;
}

export interface EventHandler<K extends EventType = EventType> {
  handle(event: EventOf<K>, context: EventContext): Promise<void>;
}

export type EventHandlerFn<K extends EventType = EventType> = (
  event: EventOf<K>,
  context: EventContext,
) => Promise<void>;

export interface EventConsumerOptions<K extends EventType = EventType> {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  dataSource: DataSource;
  /** Durable consumer name, also the inbox's consumer key: `<service>-<purpose>`. */
  durable: string;
  /** The stream (domain) to read. */
  domain: Domain;
  /** Event types to handle, all of `domain`; omitted: every event of the domain. */
  types?: readonly K[];
  handler: EventHandler<K> | EventHandlerFn<K>;
  /** Deliveries before an event goes to dead_letters (default 5). */
  maxDeliver?: number;
  /** Delay before each retry after a handler error, by attempt; the last repeats (default 1 s, 5 s, 30 s, 2 min). */
  retryDelaysMs?: readonly number[];
  /** Unacknowledged for this long, a message is redelivered (default 30 s): keep handlers well below it. */
  ackWaitMs?: number;
  /** Messages buffered per pull request (default 50). */
  batchSize?: number;
  /** How long one pull request stays open on the server (default 5 s). */
  fetchExpiresMs?: number;
  /**
   * One message in flight across all instances (`max_ack_pending: 1`): strict
   * stream order even with several replicas and retries, at the cost of
   * throughput and head-of-line blocking while an event is retried.
   */
  strictOrder?: boolean;
  /**
   * Inbox rows older than this are deleted (default 30 days; 0 keeps them). They
   * only need to outlive redeliveries and relay retries, which take minutes.
   */
  retainInboxMs?: number;
  /** Where a new durable starts: every stored event (default) or only new ones. */
  deliverPolicy?: 'all' | 'new';
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  retried: number;
  deadLettered: number;
  skipped: number;
}

const NAME = /^[A-Za-z0-9_-]{1,200}$/;

/** Durable name for a service's consumer with a purpose, e.g. `reporting-projection`. */
export function consumerDurableName(service: string, purpose: string): string {
  const name = `${service}-${purpose}`;
  if (!NAME.test(name))
    throw new Error(`Invalid consumer name ${JSON.stringify(name)}: letters, digits, - and _.`);
  return name;
}

/**
 * A durable JetStream pull consumer whose handler runs in a database
 * transaction together with its inbox insert:
 *
 * - event id already in the inbox → ack without calling the handler (a redelivery);
 * - handler throws → rollback, `nak` with a growing delay;
 * - still failing after `maxDeliver` deliveries, or unreadable → a row in
 *   `dead_letters`, then ack: nothing is dropped silently.
 *
 * The server-side `max_deliver` is unlimited on purpose: the consumer itself
 * decides when to dead-letter, so a message the server would stop delivering
 * (e.g. the database was down during its last attempts) is never lost. Retry
 * delays are `nak(delay)`, not the consumer's BackOff: on NATS 2.9 BackOff
 * replaces ack_wait with its first value and overrides nak delays.
 */
export class EventConsumer<K extends EventType = EventType> {
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, retried: 0, deadLettered: 0, skipped: 0 };
  readonly durable: string;
  readonly stream: string;

  private readonly opts: EventConsumerOptions<K>;
  private readonly handle: EventHandlerFn<K>;
  private readonly maxDeliver: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>;
  private readonly inbox: string;
  private readonly deadLetters: string;
  /** Types handled when the server cannot filter them (NATS < 2.10 with several types). */
  private clientFilter?: Set<string>;
  private running?: Promise<void>;
  private stopping = false;
  private current?: ConsumerMessages;
  private lastPrune = 0;

  constructor(opts: EventConsumerOptions<K>) {
    if (!NAME.test(opts.durable)) throw new Error(`Invalid durable name ${JSON.stringify(opts.durable)}.`);
    for (const t of opts.types ?? []) {
      if (eventDefinition(t)?.domain !== opts.domain) {
        throw new Error(`Event type ${t} is not in domain ${opts.domain}; use one consumer per domain.`);
      }
    }
    this.opts = opts;
    this.durable = opts.durable;
    this.stream = domainStreamName(opts.domain);
    const h = opts.handler;
    this.handle = typeof h === 'function' ? h : (e, c) => h.handle(e, c);
    this.maxDeliver = opts.maxDeliver ?? 5;
    this.retryDelaysMs = opts.retryDelaysMs?.length ? opts.retryDelaysMs : [1000, 5000, 30_000, 120_000];
    this.logger = opts.logger ?? new Logger(`EventConsumer:${opts.durable}`);
    this.inbox = qualified(opts.dataSource, 'inbox');
    this.deadLetters = qualified(opts.dataSource, 'dead_letters');
  }

  /** The durable's configuration (created or updated by `start()`). */
  consumerConfig(): Partial<ConsumerConfig> {
    const types = [...new Set(this.opts.types ?? [])];
    const filters = types.length
      ? types.map((t) => eventFilterSubject({ domain: this.opts.domain, name: eventDefinition(t).name }))
      : [eventFilterSubject({ domain: this.opts.domain })];
    const config: Partial<ConsumerConfig> = {
      durable_name: this.durable,
      description: `${this.durable} on ${this.opts.domain}`,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_deliver: -1,
      deliver_policy: this.opts.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      max_ack_pending: this.opts.strictOrder ? 1 : 1000,
    };
    this.clientFilter = undefined;
    if (filters.length === 1) config.filter_subject = filters[0];
    else if (serverAtLeast(this.opts.nc, '2.10.0')) config.filter_subjects = filters;
    else {
      // NATS 2.9 has one filter per consumer: take the whole domain, skip the rest here.
      config.filter_subject = eventFilterSubject({ domain: this.opts.domain });
      this.clientFilter = new Set(types);
    }
    return config;
  }

  /** Creates or updates the durable, then consumes in the background until `stop()`. */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    await this.ensureDurable();
    this.running = this.loop();
  }

  /** Stops pulling, lets the message in hand finish, returns unprocessed ones for redelivery. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.stop();
    await this.running;
    this.running = undefined;
  }

  private async ensureDurable(): Promise<void> {
    const wanted = this.consumerConfig();
    try {
      const info = await this.opts.jsm.consumers.info(this.stream, this.durable);
      const changed = (
        ['filter_subject', 'filter_subjects', 'ack_wait', 'max_ack_pending', 'description'] as const
      ).some((k) => JSON.stringify(info.config[k] ?? null) !== JSON.stringify(wanted[k] ?? null));
      if (changed) {
        try {
          const update: Partial<ConsumerConfig> = {
            description: wanted.description,
            ack_wait: wanted.ack_wait,
            max_deliver: wanted.max_deliver,
            max_ack_pending: wanted.max_ack_pending,
          };
          if (wanted.filter_subject) update.filter_subject = wanted.filter_subject;
          if (wanted.filter_subjects) update.filter_subjects = wanted.filter_subjects;
          await this.opts.jsm.consumers.update(this.stream, this.durable, update);
        } catch (e) {
          this.logger.warn(
            `could not update consumer ${this.durable} on ${this.stream} (${(e as Error).message}); ` +
              'delete it to apply the new configuration',
          );
        }
      }
    } catch (e) {
      if (!/consumer not found|10014/i.test(String((e as Error).message) + JSON.stringify(e))) throw e;
      await this.opts.jsm.consumers.add(this.stream, wanted);
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    const batch = this.opts.batchSize ?? 50;
    const expires = this.opts.fetchExpiresMs ?? 5000;
    while (!this.stopping) {
      try {
        const consumer = await this.opts.js.consumers.get(this.stream, this.durable);
        // consume() keeps pull requests open and refills them as the batch drains; a deleted
        // durable or stream ends it with an error, so the catch below recreates the durable.
        const messages = await consumer.consume({
          max_messages: batch,
          expires,
          abort_on_missing_resource: true,
        });
        this.current = messages;
        // stop() may have run while the pull was being set up.
        if (this.stopping) messages.stop();
        for await (const m of messages) {
          if (this.stopping) {
            // Give it back now rather than after ack_wait.
            m.nak();
            continue;
          }
          await this.process(m);
          failures = 0;
          await this.maybePruneInbox();
        }
        const ended = await messages.closed();
        if (ended instanceof Error) throw ended;
        if (!this.stopping) throw new Error('the pull subscription ended');
      } catch (e) {
        if (this.stopping) break;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.logger.error(
          `pulling from ${this.stream} failed (${(e as Error).message}); retrying in ${delay} ms`,
        );
        if (/consumer not found|consumer deleted/i.test((e as Error).message)) {
          await this.ensureDurable().catch(() => undefined);
        }
        await new Promise((r) => setTimeout(r, delay));
      } finally {
        this.current = undefined;
      }
    }
  }

  /** Handles one message; never throws (every outcome ends in ack or nak). */
  async process(m: JsMsg): Promise<void> {
    let event: AnyEvent;
    try {
      event = parseEvent(JSON.parse(Buffer.from(m.data).toString('utf8')));
    } catch (e) {
      // Retrying cannot make an unreadable message readable.
      await this.deadLetter(m, undefined, e);
      return;
    }
    if (this.clientFilter && !this.clientFilter.has(event.type)) {
      this.stats.skipped++;
      m.ack();
      return;
    }
    // Log lines of the handling carry the id of the request that started the chain.
    const context = { requestId: requestIdFrom(event.correlationId ?? event.id), office: event.office };
    await runWithContext(context, () => this.processEvent(m, event));
  }

  private async processEvent(m: JsMsg, event: AnyEvent): Promise<void> {
    if (m.info.deliveryCount > this.maxDeliver) {
      // Earlier deliveries never reported back: the handler crashed its process or ran
      // past ack_wait. Do not feed it again (a crash loop); record it instead.
      await this.deadLetter(
        m,
        event,
        new Error(
          `not completed within ${this.maxDeliver} deliveries (handler crashed or exceeded ack_wait)`,
        ),
      );
      return;
    }
    try {
      let duplicate = false;
      await this.opts.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO ${this.inbox} ("consumer", "event_id") VALUES ($1, $2::uuid)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [this.durable, event.id],
        );
        if (!inserted.length) {
          duplicate = true;
          return;
        }
        await this.handle(event as EventOf<K>, {
          manager,
          stream: m.info.stream,
          streamSeq: m.seq,
          subject: m.subject,
          deliveryCount: m.info.deliveryCount,
        });
      });
      if (duplicate) this.stats.duplicates++;
      else this.stats.handled++;
      m.ack();
    } catch (e) {
      const deliveries = m.info.deliveryCount;
      if (deliveries >= this.maxDeliver) {
        await this.deadLetter(m, event, e);
        return;
      }
      const delay = this.retryDelaysMs[Math.min(deliveries - 1, this.retryDelaysMs.length - 1)]!;
      this.stats.retried++;
      this.logger.warn(
        `${event.type} ${event.id} failed on delivery ${deliveries}/${this.maxDeliver} ` +
          `(${(e as Error)?.message ?? e}); retrying in ${delay} ms`,
      );
      m.nak(delay);
    }
  }

  private async maybePruneInbox(): Promise<void> {
    const retain = this.opts.retainInboxMs ?? 30 * 86_400_000;
    if (!retain || Date.now() - this.lastPrune < 600_000) return;
    this.lastPrune = Date.now();
    await this.opts.dataSource.query(
      `DELETE FROM ${this.inbox} WHERE ("consumer", "event_id") IN (
         SELECT "consumer", "event_id" FROM ${this.inbox}
         WHERE "consumer" = $1 AND "processed_at" < now() - $2 * interval '1 millisecond' LIMIT 10000)`,
      [this.durable, retain],
    );
  }

  private async deadLetter(m: JsMsg, event: AnyEvent | undefined, error: unknown): Promise<void> {
    const raw = Buffer.from(m.data).toString('utf8');
    let payload: string | null = null;
    try {
      JSON.parse(raw);
      payload = raw;
    } catch {
      // Not JSON: kept as text in "raw".
    }
    const reason =
      error instanceof EventContractError
        ? `invalid event: ${error.message}`
        : String((error as Error)?.stack ?? (error as Error)?.message ?? error);
    try {
      await this.opts.dataSource.query(
        `INSERT INTO ${this.deadLetters}
           ("consumer", "stream", "stream_seq", "subject", "event_id", "type", "office", "deliveries", "payload", "raw", "error")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
         ON CONFLICT ("consumer", "stream", "stream_seq") DO NOTHING`,
        [
          this.durable,
          m.info.stream,
          m.seq,
          m.subject,
          event?.id ?? m.headers?.get('Nats-Msg-Id') ?? null,
          event?.type ?? null,
          event?.office ?? null,
          m.info.deliveryCount,
          payload,
          payload === null ? raw : null,
          reason.slice(0, 8000),
        ],
      );
    } catch (e) {
      // Could not record it: keep the message in JetStream and try again later.
      this.logger.error(`could not dead-letter ${m.info.stream}#${m.seq}: ${(e as Error).message}`);
      m.nak(this.retryDelaysMs[this.retryDelaysMs.length - 1]);
      return;
    }
    this.stats.deadLettered++;
    this.logger.error(
      `dead-lettered ${event ? `${event.type} ${event.id}` : `${m.info.stream}#${m.seq}`} ` +
        `after ${m.info.deliveryCount} deliveries: ${reason.split('\n')[0]}`,
    );
    m.ack();
  }
}
