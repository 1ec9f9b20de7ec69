import { type INestApplication } from '@nestjs/common';
import {
  type Actor,
  type EventEnvelope,
  natsPrefix,
  streamNamesForPrefix,
  subjectOf,
} from '@tatalaman/contracts';
import {
  closeNats,
  CommandClient,
  connectNats,
  natsMicroserviceOptions,
  RemoteError,
} from '@tatalaman/messaging';
import { createService } from '@tatalaman/service-host';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  serveCommand,
  type ServedCall,
  type ServedCommand,
  stackEnv,
} from '@tatalaman/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { MediaStore, type NatsMediaStore } from '../src/attachments/media-store';
import { ContentModule } from '../src/content.module';

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export const author = (
  office: string,
  id = 'penulis-1',
): { office: string; actor: Actor; roles: { role: string }[] } => ({
  office,
  actor: { kind: 'user', id: `${office}-${id}`, name: 'Rina Penulis' },
  roles: [{ role: 'penulis' }],
});

let keys = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${++keys}`;

/** The content service in-process (real module, NATS transport, database) and the other services' sides of the contracts. */
export class ContentHarness {
  db!: IsolatedDatabase;
  app!: INestApplication;
  nc!: NatsConnection;
  client!: CommandClient;
  ds!: DataSource;
  /** Every `worker.run.start` the service made, across restarts of the stub. */
  startCalls: ServedCall<'worker.run.start'>[] = [];
  cancel!: ServedCommand<'worker.run.cancel'>;
  /** The runtime answers the next start calls with this error. */
  workerRefuse?: { status: number; code: string };
  workerDelayMs = 0;
  private runs = new Map<string, string>();
  private starter?: ServedCommand<'worker.run.start'>;
  customTypes = new Map<string, string[]>();
  private registry?: ServedCommand<'sop-registry.content-type.list'>;

  async start(): Promise<void> {
    const env = stackEnv();
    this.db = await createIsolatedDatabase('content');
    process.env.DATABASE_URL = this.db.url;
    process.env.LOG_LEVEL = 'warn';
    this.app = await createService({
      name: 'content',
      module: ContentModule,
      configure: (app) => {
        app.connectMicroservice(natsMicroserviceOptions('content', { gracePeriod: 100 }), {
          inheritAppConfig: true,
        });
      },
    });
    await this.app.startAllMicroservices();
    await this.app.listen(0, '127.0.0.1');
    this.ds = this.app.get(DataSource);
    this.nc = await connectNats({ url: env.natsUrl, name: 'content-test', logger: quiet });
    this.client = new CommandClient(this.nc, { timeoutMs: 20_000 });
    this.workerUp();
    this.cancel = serveCommand(
      this.nc,
      'worker.run.cancel',
      (req) => ({ workflowId: req.workflowId }) as never,
    );
    this.registry = serveCommand(this.nc, 'sop-registry.content-type.list', (req) => ({
      contentTypes: (this.customTypes.get(req.office) ?? []).map((code) => ({
        code,
        name: { id: code, en: code },
        custom: true,
        fields: [],
      })),
    }));
  }

  /**
   * The runtime's side of `worker.run.start`: idempotent per key like the real worker
   * (same key, same run); every call is recorded so tests can count them.
   */
  workerUp(): void {
    this.starter = serveCommand(this.nc, 'worker.run.start', async (req, call) => {
      this.startCalls.push(call);
      if (this.workerDelayMs) await new Promise((r) => setTimeout(r, this.workerDelayMs));
      if (this.workerRefuse) {
        throw { error: { ...this.workerRefuse, message: { id: 'Ditolak', en: 'Refused' } } };
      }
      const known = this.runs.get(req.idempotencyKey);
      const workflowId = known ?? `run-${req.office}-${req.item.id}-${this.runs.size + 1}`;
      this.runs.set(req.idempotencyKey, workflowId);
      return {
        workflowId,
        definition: { key: `${req.office}.pengelolaan-website`, version: 1 },
        started: !known,
      };
    });
  }

  /** Nobody answers `worker.run.start` until `workerUp()`. */
  workerDown(): void {
    this.starter?.stop();
  }

  async stop(): Promise<void> {
    this.starter?.stop();
    this.cancel?.stop();
    this.registry?.stop();
    const store = this.app?.get(MediaStore) as NatsMediaStore | undefined;
    await store?.destroy().catch(() => undefined);
    await this.app?.close();
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc);
      for (const name of streamNamesForPrefix(natsPrefix()))
        await jsm.streams.delete(name).catch(() => false);
      await closeNats(this.nc);
    }
    await this.db?.drop();
  }

  async outbox(
    type?: string,
  ): Promise<{ id: string; type: string; office: string; data: Record<string, unknown>; actor?: Actor }[]> {
    const rows: { payload: never }[] = await this.ds.query(
      `SELECT payload FROM content.outbox ${type ? 'WHERE type = $1' : ''} ORDER BY seq`,
      type ? [type] : [],
    );
    return rows.map((r) => r.payload);
  }

  /** Publishes an event on JetStream as its producer would, without a message id (JetStream keeps every copy). */
  async publish<E extends EventEnvelope>(envelope: E): Promise<E> {
    const js = jetstream(this.nc);
    await js.publish(subjectOf(envelope), new TextEncoder().encode(JSON.stringify(envelope)));
    return envelope;
  }

  /** Number of events the content service's consumers have taken in (handled or skipped). */
  async inboxed(eventId: string): Promise<number> {
    return (
      await this.ds.query('SELECT count(*)::int AS n FROM content.inbox WHERE event_id = $1', [eventId])
    )[0].n;
  }
}

export async function failure(promise: Promise<unknown>): Promise<RemoteError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof RemoteError) return e;
    throw e;
  }
  throw new Error('expected the command to fail');
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  what = 'condition',
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
