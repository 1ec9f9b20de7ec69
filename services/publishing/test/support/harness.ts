import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import {
  type Actor,
  type AttachmentView,
  commandErrorReply,
  type ContentItemView,
  type ContentTypeView,
  natsPrefix,
  type RevisionView,
  streamNamesForPrefix,
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
  type ServedCommand,
  stackEnv,
} from '@tatalaman/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm, StorageType } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { PublicMediaStore } from '../../src/content/public-media';
import { type PublishingOptionsInput } from '../../src/options';
import { mountPublicSite, PublishingModule } from '../../src/publishing.module';
import { Schedules } from '../../src/publications/schedules.service';
import { ViewCounter } from '../../src/views/view-counter';
import { Webhooks } from '../../src/webhooks/webhooks.service';

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** An office admin, as the gateway sends one. */
export const admin = (office: string): { office: string; actor: Actor; officeAdmin: true } => ({
  office,
  actor: { kind: 'user', id: `${office}-admin`, name: 'Admin Web' },
  officeAdmin: true,
});

/** A member who is not an office admin, holding the given SOP roles. */
export const member = (
  office: string,
  roles: { role: string; onBehalfOf?: Actor }[],
  name = 'Staf',
): { office: string; actor: Actor; officeAdmin: false; roles: typeof roles } => ({
  office,
  actor: { kind: 'user', id: `${office}-${name.toLowerCase().replace(/\W+/g, '-')}`, name },
  officeAdmin: false,
  roles,
});

let keys = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${++keys}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const OFFICES: Record<string, { name: string; timeZone: string; kind: string }> = {
  'kpu-kota-palu': { name: 'KPU Kota Palu', timeZone: 'Asia/Makassar', kind: 'kpu-kota' },
  'kpu-prov-jateng': { name: 'KPU Provinsi Jawa Tengah', timeZone: 'Asia/Jakarta', kind: 'kpu-provinsi' },
  'kpu-kab-bangka-barat': {
    name: 'KPU Kabupaten Bangka Barat',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  'kpu-kab-kepulauan-mentawai': {
    name: 'KPU Kabupaten Kepulauan Mentawai',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  'diskominfo-kab-ketapang': {
    name: 'Diskominfo Kabupaten Ketapang',
    timeZone: 'Asia/Jakarta',
    kind: 'other',
  },
};

export interface ItemInput {
  type: string;
  title: string;
  summary?: string | null;
  body?: string;
  tags?: string[];
  fields?: Record<string, unknown>;
  note?: string | null;
}

interface StoredItem {
  office: string;
  item: ContentItemView;
  revisions: RevisionView[];
}

/**
 * Content's side of the contract (`content.item.get`, `content.revision.get`,
 * `content.attachment.download`), scoped per office like the real service, with real
 * attachment bytes in content's NATS object store bucket.
 */
export class FakeContent {
  readonly items = new Map<string, StoredItem>();
  private served: ServedCommand<never>[] = [];
  private store?: Promise<ObjectStore>;
  readonly bucket = `${natsPrefix()}-media`;

  constructor(private readonly nc: NatsConnection) {}

  private os(): Promise<ObjectStore> {
    this.store ??= new Objm(this.nc).create(this.bucket, { storage: StorageType.File });
    return this.store;
  }

  serve(): void {
    const missing = (what: string) =>
      commandErrorReply(404, `${what}-not-found`, { id: `${what} tidak ditemukan`, en: `${what} not found` });
    this.served.push(
      serveCommand(this.nc, 'content.item.get', (req) => {
        const s = this.items.get(req.itemId);
        if (!s || s.office !== req.office) throw missing('item');
        return structuredClone(s.item);
      }) as ServedCommand<never>,
      serveCommand(this.nc, 'content.revision.get', (req) => {
        const s = this.items.get(req.itemId);
        const r = s?.office === req.office ? s.revisions.find((x) => x.number === req.revision) : undefined;
        if (!r) throw missing('revision');
        return structuredClone(r);
      }) as ServedCommand<never>,
      serveCommand(this.nc, 'content.attachment.download', (req) => {
        for (const s of this.items.values()) {
          const a =
            s.office === req.office && s.item.attachments.find((x) => x.attachmentId === req.attachmentId);
          if (a)
            return { attachment: a, store: { bucket: this.bucket, name: `${req.office}/${a.attachmentId}` } };
        }
        throw missing('attachment');
      }) as ServedCommand<never>,
    );
  }

  stop(): void {
    for (const s of this.served) s.stop();
  }

  create(office: string, input: ItemInput): string {
    const itemId = randomUUID();
    const now = new Date().toISOString();
    const author: Actor = { kind: 'user', id: 'penulis', name: 'Rina Penulis' };
    const revision: RevisionView = {
      revisionId: randomUUID(),
      itemId,
      number: 1,
      title: input.title,
      author,
      createdAt: now,
      note: input.note ?? null,
      basedOn: null,
      summary: input.summary ?? null,
      body: input.body ?? '<p>Isi.</p>',
      tags: input.tags ?? [],
      fields: input.fields ?? {},
    };
    const item: ContentItemView = {
      office,
      itemId,
      type: input.type,
      language: 'id',
      title: input.title,
      status: 'in-review',
      tags: revision.tags,
      author,
      createdAt: now,
      updatedAt: now,
      currentRevision: { revisionId: revision.revisionId, number: 1 },
      workflowId: null,
      summary: revision.summary,
      body: revision.body,
      fields: revision.fields,
      review: null,
      lastOutcome: null,
      published: null,
      attachments: [],
    };
    this.items.set(itemId, { office, item, revisions: [revision] });
    return itemId;
  }

  /** A new revision with some fields changed; returns its number. */
  revise(itemId: string, changes: Partial<ItemInput>): number {
    const s = this.items.get(itemId)!;
    const last = s.revisions[s.revisions.length - 1]!;
    const next: RevisionView = {
      ...last,
      revisionId: randomUUID(),
      number: last.number + 1,
      basedOn: last.number,
      createdAt: new Date().toISOString(),
      title: changes.title ?? last.title,
      summary: changes.summary === undefined ? last.summary : changes.summary,
      body: changes.body ?? last.body,
      fields: changes.fields ?? last.fields,
      note: changes.note ?? null,
    };
    s.revisions.push(next);
    s.item.currentRevision = { revisionId: next.revisionId, number: next.number };
    s.item.title = next.title;
    return next.number;
  }

  /** What content records when a review of run `workflowId` approves `revision`. */
  approve(itemId: string, workflowId: string, revision: number): void {
    const s = this.items.get(itemId)!;
    s.item.workflowId = workflowId;
    s.item.review = {
      submissionId: randomUUID(),
      workflowId,
      definition: { key: `${s.office}.pengelolaan-website`, version: 1 },
      submittedRevision: 1,
      submittedBy: s.item.author,
      submittedAt: new Date().toISOString(),
      approvedRevision: revision,
    };
  }

  revisionId(itemId: string, number: number): string {
    return this.items.get(itemId)!.revisions.find((r) => r.number === number)!.revisionId;
  }

  async attach(
    itemId: string,
    file: {
      fileName: string;
      mediaType: string;
      kind: AttachmentView['kind'];
      bytes: Buffer;
      alt?: string;
      caption?: string;
    },
  ): Promise<string> {
    const s = this.items.get(itemId)!;
    const attachmentId = randomUUID();
    const os = await this.os();
    await os.put(
      { name: `${s.office}/${attachmentId}` },
      new ReadableStream({
        start(c) {
          c.enqueue(file.bytes);
          c.close();
        },
      }),
    );
    s.item.attachments.push({
      attachmentId,
      itemId,
      status: 'ready',
      fileName: file.fileName,
      mediaType: file.mediaType,
      kind: file.kind,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      alt: file.alt ?? null,
      caption: file.caption ?? null,
      uploadedBy: s.item.author,
      createdAt: new Date().toISOString(),
      reference: `attachment:${attachmentId}`,
    });
    return attachmentId;
  }

  async destroy(): Promise<void> {
    if (this.store) await (await this.store).destroy().catch(() => undefined);
  }
}

/** The publishing service in-process (real module, NATS transport, database), content and gateway at the contract boundary. */
export class PublishingHarness {
  db!: IsolatedDatabase;
  app!: INestApplication;
  nc!: NatsConnection;
  client!: CommandClient;
  ds!: DataSource;
  content!: FakeContent;
  base!: string;
  port!: number;
  offices = { ...OFFICES };
  officeCalls = 0;
  private gateway?: ServedCommand<'gateway.office.get'>;
  private registry?: ServedCommand<'sop-registry.definition.resolve'>;
  private types?: ServedCommand<'sop-registry.content-type.list'>;
  /**
   * The registry's content types per office, with their declared fields (an office not
   * listed declares none: standard types' built-in fields public, custom ones internal).
   */
  contentTypes: Record<string, ContentTypeView[]> = {};
  /**
   * The registry's answer: per office, the roles of the publish step of its active SOP
   * (any content type); an office not listed has no active SOP (404).
   */
  publishRoles: Record<string, Record<string, string>> = {
    'kpu-prov-jateng': { 'web-admin': 'Web Admin' },
    'kpu-kab-bangka-barat': { 'operator-sosmed-web': 'Operator Sosmed dan Web' },
    'kpu-kota-palu': { 'admin-website': 'Admin Website' },
  };

  constructor(private readonly options: PublishingOptionsInput = {}) {}

  async start(label = 'publishing'): Promise<void> {
    const env = stackEnv();
    this.db = await createIsolatedDatabase(label);
    process.env.DATABASE_URL = this.db.url;
    process.env.LOG_LEVEL = process.env.PUBLISHING_TEST_LOG ?? 'error';
    this.nc = await connectNats({ url: env.natsUrl, name: `${label}-test`, logger: quiet });
    this.client = new CommandClient(this.nc, { timeoutMs: 30_000 });
    this.content = new FakeContent(this.nc);
    this.content.serve();
    this.gateway = serveCommand(this.nc, 'gateway.office.get', (req) => {
      this.officeCalls++;
      const o = this.offices[req.office];
      if (!o)
        throw commandErrorReply(404, 'office-not-found', {
          id: 'Kantor tidak ditemukan',
          en: 'Office not found',
        });
      return {
        code: req.office,
        name: o.name,
        timeZone: o.timeZone,
        kind: o.kind,
        calendar: { timeZone: o.timeZone, workingHours: {} as never, holidays: [] },
      };
    });
    this.registry = serveCommand(this.nc, 'sop-registry.definition.resolve', (req) => {
      const roles = this.publishRoles[req.office];
      if (!roles)
        throw commandErrorReply(404, 'no-active-definition', {
          id: 'Belum ada definisi SOP aktif',
          en: 'No SOP definition is active',
        });
      const step = (id: string, kind: string, actors: string[]) => ({ id, kind, actors });
      return {
        key: `${req.office}.sop`,
        version: 1,
        compiled: {
          roles: Object.fromEntries(Object.entries(roles).map(([code, name]) => [code, { code, name }])),
          flows: {
            item: {
              trigger: 'item',
              steps: {
                konsep: step('konsep', 'work', ['pengampu-konsep']),
                unggah: step('unggah', 'publish', Object.keys(roles)),
              },
            },
            'rekap-bulanan': {
              trigger: 'schedule',
              steps: { tayang: step('tayang', 'publish', ['kepala-bagian']) },
            },
          },
        } as never,
      };
    });
    this.types = serveCommand(this.nc, 'sop-registry.content-type.list', (req) => ({
      contentTypes: this.contentTypes[req.office] ?? [],
    }));
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    await this.startApp();
  }

  /** Stops the service and starts it again on the same database and port (durability tests). */
  async restart(): Promise<void> {
    await this.app.close();
    await this.startApp();
  }

  private async startApp(): Promise<void> {
    const port = this.port;
    this.app = await createService({
      name: 'publishing',
      module: PublishingModule.forRoot({
        publicBaseUrl: this.base,
        viewFlushMs: 3_600_000,
        schedulePollMs: 200,
        siteVersionPollMs: 500,
        ...this.options,
        webhook: { pollMs: 100, baseDelayMs: 200, maxAttempts: 3, timeoutMs: 3_000, ...this.options.webhook },
        // The test receivers listen on loopback (ssrf.spec.ts proves the default refuses them).
        outbound: { allowPrivateNetworks: ['127.0.0.1/32'], ...this.options.outbound },
      }),
      configure: (app) => {
        app.connectMicroservice(natsMicroserviceOptions('publishing', { gracePeriod: 100 }), {
          inheritAppConfig: true,
        });
        mountPublicSite(app);
      },
    });
    await this.app.startAllMicroservices();
    await this.app.listen(port, '127.0.0.1');
    this.ds = this.app.get(DataSource);
  }

  async stop(): Promise<void> {
    this.gateway?.stop();
    this.registry?.stop();
    this.types?.stop();
    this.content?.stop();
    const media = this.app?.get(PublicMediaStore);
    await media?.destroy().catch(() => undefined);
    await this.content?.destroy();
    await this.app?.close();
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc);
      for (const name of streamNamesForPrefix(natsPrefix()))
        await jsm.streams.delete(name).catch(() => false);
      await closeNats(this.nc);
    }
    await this.db?.drop();
  }

  get schedules(): Schedules {
    return this.app.get(Schedules);
  }
  get webhooks(): Webhooks {
    return this.app.get(Webhooks);
  }
  get views(): ViewCounter {
    return this.app.get(ViewCounter);
  }

  /** A run's publish step, as the worker sends it. */
  publish(office: string, itemId: string, channels = ['website'], runKey = key('run'), revision?: number) {
    return this.client.send(
      'publishing.step.publish',
      {
        office,
        idempotencyKey: runKey,
        itemId,
        ...(revision ? { revision } : {}),
        channels,
        run: {
          workflowId: `run-${itemId}`,
          stepId: 'unggah',
          definitionKey: `${office}.pengelolaan-website`,
        },
      },
      { idempotencyKey: runKey },
    );
  }

  /** Creates an item approved in its run and publishes it. */
  async publishNew(office: string, input: ItemInput, channels = ['website']) {
    const itemId = this.content.create(office, input);
    this.content.approve(itemId, `run-${itemId}`, 1);
    const answer = await this.publish(office, itemId, channels);
    return { itemId, answer };
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, { headers, redirect: 'manual' });
    const body = await res.text();
    return { status: res.status, headers: res.headers, body };
  }

  async json(path: string) {
    const r = await this.get(path);
    return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> & { [k: string]: never } };
  }

  async outbox(
    type?: string,
  ): Promise<{ id: string; type: string; office: string; data: Record<string, unknown> }[]> {
    const rows: { payload: never }[] = await this.ds.query(
      `SELECT payload FROM publishing.outbox ${type ? 'WHERE type = $1' : ''} ORDER BY seq`,
      type ? [type] : [],
    );
    return rows.map((r) => r.payload);
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

/** Small but real files. */
export const files = {
  png: () =>
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    ),
  pdf: () => Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'),
};
