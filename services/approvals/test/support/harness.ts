import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tatalaman/config';
import {
  type Actor,
  type ActorRole,
  type ApprovalsCaller,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type EventEnvelope,
  type EventType,
  type EventTypes,
  makeEvent,
  natsPrefix,
  type RoleHolderView,
  type RunSummary,
  streamNamesForPrefix,
  subjectOf,
  type TypedEvent,
} from '@tatalaman/contracts';
import {
  closeNats,
  CommandClient,
  connectNats,
  MessagingLifecycle,
  natsMicroserviceOptions,
  RemoteError,
} from '@tatalaman/messaging';
import { createService } from '@tatalaman/service-host';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  serveCommand,
  type ServedCommand,
  stackEnv,
} from '@tatalaman/testing';
import { jetstream, type JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { ApprovalsModule } from '../../src/approvals.module';
import { type ApprovalsOptions } from '../../src/common/options';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export const person = (id: string, name = id): Actor => ({ kind: 'user', id, name });

let counter = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${++counter}`;

export function caller(
  office: string,
  actor: Actor,
  roles: (string | ActorRole)[],
  officeAdmin = false,
): ApprovalsCaller {
  return {
    office,
    actor,
    roles: roles.map((r) => (typeof r === 'string' ? { role: r } : r)),
    ...(officeAdmin ? { officeAdmin: true } : {}),
  };
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/**
 * The approvals service in this process (its Nest app with the NATS transport,
 * consumers and background loops) on a fresh database, with a NATS connection
 * for the test: it publishes run events as the worker does and answers the
 * commands approvals calls (worker, gateway) at the contract boundary.
 */
export class Harness {
  db!: IsolatedDatabase;
  app!: INestApplication;
  nc!: NatsConnection;
  js!: JetStreamClient;
  client!: CommandClient;
  ds!: DataSource;
  private served: ServedCommand<never>[] = [];

  async start(options: ApprovalsOptions = {}): Promise<this> {
    const env = stackEnv();
    this.db = await createIsolatedDatabase('approvals');
    this.nc = await connectNats({ url: env.natsUrl, name: 'approvals-test', logger: quiet });
    this.js = jetstream(this.nc);
    this.client = new CommandClient(this.nc, { timeoutMs: 20_000 });
    this.app = await createService(
      {
        name: 'approvals',
        module: ApprovalsModule.register({
          databaseUrl: this.db.url,
          pollIntervalMs: 100,
          smtpUrl: null,
          publicBaseUrl: 'https://laman.example',
          ...options,
        }),
        configure: (app) => {
          app.connectMicroservice(natsMicroserviceOptions('approvals'), { inheritAppConfig: true });
        },
      },
      { ...loadConfig(), LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'debug' | undefined) ?? 'error' },
    );
    await this.app.startAllMicroservices();
    await this.app.listen(0, '127.0.0.1');
    this.ds = this.app.get(DataSource);
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.served) s.stop();
    await this.app?.close();
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc);
      for (const name of streamNamesForPrefix(natsPrefix()))
        await jsm.streams.delete(name).catch(() => false);
      await closeNats(this.nc);
    }
    await this.db?.drop();
  }

  /** Answers a command approvals sends, recording every call. */
  serve<K extends CommandName>(
    name: K,
    handler: (request: CommandRequest<K>) => Promise<CommandResponse<K>> | CommandResponse<K>,
  ): ServedCommand<K> {
    const served = serveCommand(this.nc, name, handler);
    this.served.push(served as unknown as ServedCommand<never>);
    return served;
  }

  /** Sends an approvals command as the gateway will. */
  send<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
    return this.client.send(name, request);
  }

  /** The error reply of a command that must fail. */
  async refusal<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<RemoteError> {
    try {
      await this.client.send(name, request);
    } catch (error) {
      if (error instanceof RemoteError) return error;
      throw error;
    }
    throw new Error(`${name} was expected to fail`);
  }

  /** Publishes run events exactly as the worker does: subject per office, message id = event id. */
  async publish(...events: EventEnvelope[]): Promise<void> {
    for (const event of events) await this.publishAs(event, event.id);
  }

  /** Publishes an event under another message id: a copy JetStream cannot recognise as a duplicate. */
  async publishAs(event: EventEnvelope, msgId: string): Promise<void> {
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    await this.js.publish(subjectOf(event), JSON.stringify(event), { msgID: msgId, headers: h });
  }

  /** Waits until the inbox consumer has applied these events. */
  async applied(...events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    await waitFor(async () => {
      const [{ n }] = await this.ds.query(
        `SELECT count(*)::int AS n FROM approvals.inbox WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      return n === ids.length;
    }, `${ids.length} event(s) applied`);
  }

  /** Publishes and waits until applied. */
  async apply(...events: EventEnvelope[]): Promise<void> {
    await this.publish(...events);
    await this.applied(...events);
  }

  consumerStats() {
    return this.app
      .get(MessagingLifecycle)
      .status()
      .consumers.map((c) => ({ durable: c.durable, ...c.stats }));
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.ds.query(sql, params);
  }

  /** Events approvals wrote to its outbox, of one type, oldest first. */
  async outbox<K extends EventType>(type: K): Promise<TypedEvent<K>[]> {
    const rows = await this.query<{ payload: TypedEvent<K> }>(
      `SELECT payload FROM approvals.outbox WHERE type = $1 ORDER BY seq`,
      [type],
    );
    return rows.map((r) => r.payload);
  }
}

interface OpenStep {
  stepId: string;
  number: number;
  kind: string;
  description: string;
  roles: string[];
  attempt: number;
  openedAt: string;
  dueAt?: string;
  postponed: boolean;
  extensions: number;
}

/**
 * One SOP run as the worker would report it: builds its events in order (the
 * run's `seq`) and the `RunSummary` the runtime answers with.
 */
export class FakeRun {
  readonly workflowId: string;
  seq = 0;
  readonly open: OpenStep[] = [];
  readonly history: RunSummary['history'] = [];
  status: RunSummary['status'] = 'running';
  private attempts = new Map<string, number>();

  constructor(
    readonly office: string,
    readonly options: {
      definitionKey?: string;
      definitionVersion?: number;
      title?: string;
      item?: { id: string; title: string; contentType: string };
      workflowId?: string;
    } = {},
  ) {
    this.workflowId = options.workflowId ?? `sop-${office}-${randomUUID().slice(0, 8)}`;
  }

  get definitionKey() {
    return this.options.definitionKey ?? 'kpu-prov-jateng.pengelolaan-website';
  }

  private ref() {
    return {
      workflowId: this.workflowId,
      definitionKey: this.definitionKey,
      definitionVersion: this.options.definitionVersion ?? 1,
      flowId: 'item',
      ...(this.options.item ? { itemId: this.options.item.id } : {}),
    };
  }

  event<K extends EventType>(
    type: K,
    data: Omit<
      EventTypes[K],
      'workflowId' | 'definitionKey' | 'definitionVersion' | 'flowId' | 'seq' | 'itemId'
    >,
    occurredAt = new Date(),
  ): TypedEvent<K> {
    return makeEvent(type, {
      office: this.office,
      correlationId: this.workflowId,
      occurredAt,
      data: { ...this.ref(), seq: ++this.seq, ...data } as unknown as EventTypes[K],
    });
  }

  started() {
    return this.event('runs.run-started', {
      trigger: 'item',
      startedBy: person('penulis'),
    } as never);
  }

  /** Opens a step (a new attempt each time), as the interpreter does. */
  opened(
    stepId: string,
    roles: string[],
    extra: {
      number?: number;
      kind?: 'work' | 'review' | 'handoff' | 'publish' | 'automatic' | 'parallel';
      description?: string;
      dueAt?: string;
      cause?: { kind: 'start' | 'next' | 'send-back' | 'resume' | 'branch'; from?: string; reason?: string };
      /** The submitter's own first step: its step-completed follows at once. */
      completedAtOpen?: boolean;
    } = {},
  ) {
    const attempt = (this.attempts.get(stepId) ?? 0) + 1;
    this.attempts.set(stepId, attempt);
    const number = extra.number ?? 1;
    const kind = extra.kind ?? 'review';
    const at = new Date().toISOString();
    this.open.push({
      stepId,
      number,
      kind,
      description: extra.description ?? `Langkah ${stepId}`,
      roles,
      attempt,
      openedAt: at,
      dueAt: extra.dueAt,
      postponed: false,
      extensions: 0,
    });
    return this.event('runs.step-opened', {
      stepId,
      number,
      kind,
      attempt,
      roles,
      cause: extra.cause ?? { kind: 'next' },
      ...(extra.dueAt ? { dueAt: extra.dueAt, targetAt: extra.dueAt, timeStandard: '30 menit' } : {}),
      ...(extra.completedAtOpen ? { completedAtOpen: true } : {}),
    } as never);
  }

  private step(stepId: string): OpenStep {
    const open = this.open.find((o) => o.stepId === stepId);
    if (!open) throw new Error(`step ${stepId} is not open in the fake run`);
    return open;
  }

  /** The run accepted a decision (what the runtime answers and later reports). */
  accept(
    stepId: string,
    decision: string,
    by: Actor,
    extra: { role?: string; onBehalfOf?: Actor; reason?: string; note?: string } = {},
  ) {
    const open = this.step(stepId);
    this.history.push({
      seq: this.history.length + 1,
      at: new Date().toISOString(),
      stepId,
      attempt: open.attempt,
      kind: decision,
      actor: by,
      ...extra,
    });
    if (decision === 'postpone') open.postponed = true;
    else if (decision === 'extend') open.extensions += 1;
    else this.open.splice(this.open.indexOf(open), 1);
  }

  completed(
    stepId: string,
    decision: string,
    by?: Actor,
    extra: {
      role?: string;
      onBehalfOf?: Actor;
      reason?: string;
      attempt?: number;
      number?: number;
      kind?: 'work' | 'review' | 'publish';
    } = {},
  ) {
    const open = this.open.find((o) => o.stepId === stepId);
    if (open) this.open.splice(this.open.indexOf(open), 1);
    const attempt = extra.attempt ?? open?.attempt ?? this.attempts.get(stepId) ?? 1;
    return this.event('runs.step-completed', {
      stepId,
      number: extra.number ?? open?.number ?? 1,
      kind: extra.kind ?? (open?.kind as 'review') ?? 'review',
      attempt,
      decision,
      ...(by ? { by } : {}),
      ...(extra.role ? { role: extra.role } : {}),
      ...(extra.onBehalfOf ? { onBehalfOf: extra.onBehalfOf } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
      workingMs: 1000,
    } as never);
  }

  ended(outcome: 'completed' | 'rejected' | 'cancelled', reason?: string) {
    this.status = outcome;
    this.open.splice(0);
    return this.event('runs.run-ended', {
      outcome,
      ...(reason ? { reason } : {}),
      workingMs: 1000,
      elapsedMs: 2000,
    } as never);
  }

  summary(): RunSummary {
    return {
      workflowId: this.workflowId,
      office: this.office,
      definition: {
        key: this.definitionKey,
        version: this.options.definitionVersion ?? 1,
        title: this.options.title ?? 'Pengelolaan Website',
      },
      flowId: 'item',
      ...(this.options.item ? { item: this.options.item } : {}),
      status: this.status,
      startedAt: new Date().toISOString(),
      open: this.open.map((o) => ({
        stepId: o.stepId,
        number: o.number,
        kind: o.kind,
        description: o.description,
        roles: o.roles,
        attempt: o.attempt,
        openedAt: o.openedAt,
        ...(o.dueAt ? { dueAt: o.dueAt } : {}),
        breached: false,
        extensions: o.extensions,
        postponed: o.postponed,
        busy: false,
        allowed: o.postponed ? ['resume'] : o.kind === 'review' ? ['approve', 'send-back'] : ['complete'],
      })),
      history: this.history,
      deadlines: [],
    };
  }
}

/** Answers `worker.run.get` for the fake runs given (404 for others, like the runtime). */
export function serveRuns(h: Harness, runs: Map<string, FakeRun>) {
  return h.serve('worker.run.get', (req) => {
    const run = runs.get(req.workflowId);
    if (!run || run.office !== req.office) {
      throw {
        error: {
          status: 404,
          code: 'run-not-found',
          message: { id: 'Proses SOP tidak ditemukan.', en: 'SOP run not found.' },
        },
      };
    }
    return run.summary();
  });
}

/** Answers `gateway.role-holders.list` from a fixed table of who holds what. */
export function serveHolders(h: Harness, holders: Record<string, RoleHolderView[]>) {
  return h.serve('gateway.role-holders.list', (req) => ({
    holders: req.roles.flatMap((role) => (holders[req.office] ?? []).filter((x) => x.role === role)),
  }));
}

/** An error reply as a service sends it (throw it from a served handler). */
export function errorReply(status: number, code: string, id: string, en: string) {
  return { error: { status, code, message: { id, en } } };
}

/**
 * Answers `worker.run.decide` like the runtime: takes the decision on the fake
 * run once per key (a used key is `duplicate-key`), refuses steps that are not
 * open. `refuse` makes the next calls fail with the given reply.
 */
export function serveDecide(h: Harness, runs: Map<string, FakeRun>) {
  const used = new Set<string>();
  const control: {
    refuse?: ReturnType<typeof errorReply>;
    lose?: boolean;
    /** Runs after the run took the decision, before it answers: its event can arrive first. */
    beforeAnswer?: (run: FakeRun) => Promise<void>;
  } = {};
  const served = h.serve('worker.run.decide', async (req) => {
    if (control.refuse) throw control.refuse;
    const run = runs.get(req.workflowId);
    if (!run || run.office !== req.office) {
      throw errorReply(404, 'run-not-found', 'Proses SOP tidak ditemukan.', 'SOP run not found.');
    }
    if (used.has(req.idempotencyKey)) {
      throw errorReply(
        409,
        'duplicate-key',
        'Keputusan dengan kunci idempoten ini sudah diterima sebelumnya.',
        'A decision with this idempotency key was already accepted.',
      );
    }
    const open = run.open.find((o) => o.stepId === req.stepId);
    if (!open) {
      throw errorReply(
        409,
        'step-not-open',
        `Langkah "${req.stepId}" tidak sedang menunggu keputusan.`,
        `Step "${req.stepId}" is not waiting for a decision.`,
      );
    }
    used.add(req.idempotencyKey);
    run.accept(req.stepId, req.decision, req.actor, {
      role: req.role,
      ...(req.onBehalfOf ? { onBehalfOf: req.onBehalfOf } : {}),
      ...(req.reason ? { reason: req.reason } : {}),
      ...(req.note ? { note: req.note } : {}),
    });
    if (control.lose) {
      // Taken, but the answer never reaches the caller.
      throw errorReply(
        504,
        'timeout',
        'Layanan tujuan tidak menjawab tepat waktu.',
        'The service did not answer in time.',
      );
    }
    await control.beforeAnswer?.(run);
    return run.summary();
  });
  return Object.assign(served, { control });
}
