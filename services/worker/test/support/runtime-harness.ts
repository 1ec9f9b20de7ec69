import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@tatalaman/config';
import {
  commandErrorReply,
  domainStreamName,
  type Actor,
  type CommandRequest,
  type EventEnvelope,
  type RunSummary,
} from '@tatalaman/contracts';
import {
  CommandClient,
  connectNats,
  ensureStreams,
  natsMicroserviceOptions,
  RemoteError,
} from '@tatalaman/messaging';
import { createService } from '@tatalaman/service-host';
import { parseSopDefinition, type CompiledSop } from '@tatalaman/sop-language';
import { nationalHolidays } from '@tatalaman/holidays';
import { serveCommand, stackEnv, type ServedCommand } from '@tatalaman/testing';
import { defaultOfficeCalendar, localDate, type OfficeCalendar } from '@tatalaman/working-time';
import { WorkerModule } from '../../src/worker.module';

const root = join(__dirname, '..', '..', '..', '..');

export function compileFile(file: string): CompiledSop {
  const result = parseSopDefinition(readFileSync(file, 'utf8'), { fileName: file });
  if (!result.definition) throw new Error(`${file}: ${result.errors.map((e) => e.message.en).join('; ')}`);
  return result.definition;
}

export const seed = (name: string) => compileFile(join(root, 'workflows', 'definitions', `${name}.yaml`));
export const fixture = (name: string) => compileFile(join(__dirname, '..', 'fixtures', `${name}.yaml`));

/** The office of a seed definition: the key's part before the first dot. */
export const officeOf = (definition: CompiledSop) => definition.key.split('.')[0]!;

export const user = (role: string): Actor => ({ kind: 'user', id: `u-${role}`, name: role });

let keys = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${++keys}`;

/**
 * The worker (Nest app with its real Temporal worker and runtime commands) in
 * this process, plus the contract-boundary answers of the services it calls
 * (registry, gateway, publishing, reporting), and a reader of the runs stream.
 */
export class RuntimeHarness {
  nc!: NatsConnection;
  client!: CommandClient;
  app?: INestApplication;
  events: EventEnvelope<Record<string, unknown>>[] = [];
  published!: ServedCommand<'publishing.step.publish'>;
  reports!: ServedCommand<'reporting.report.generate'>;
  notices!: ServedCommand<'approvals.notifications.send'>;
  /** Makes the reporting answer fail for good (4xx) while set. */
  reportRefusal?: string;
  /** Makes the notifications answer fail for good (4xx) while set. */
  noticeRefusal?: string;
  /** office → versions of its calendar (index 0 is version 1). */
  readonly calendars = new Map<string, OfficeCalendar[]>();
  /** office → the last day its calendar's holidays cover in the next answer only (then the usual end of next year). */
  readonly calendarUntilOnce = new Map<string, string>();
  /** office → content type → definition */
  readonly active = new Map<string, Map<string, CompiledSop>>();
  readonly versions = new Map<string, CompiledSop>();
  /** Makes the publishing answer fail for good (4xx) while set. */
  publishRefusal?: string;
  private served: ServedCommand<never>[] = [];
  private readonly recorded = new Map<string, string>();
  private reader?: ConsumerMessages;

  activate(
    office: string,
    definition: CompiledSop,
    contentTypes = definition.contentTypes.map((c) => c.code),
  ) {
    const byType = this.active.get(office) ?? new Map<string, CompiledSop>();
    for (const type of contentTypes.length ? contentTypes : ['berita']) byType.set(type, definition);
    this.active.set(office, byType);
    this.versions.set(`${definition.key}@${definition.version}`, definition);
  }

  async start({ worker = true }: { worker?: boolean } = {}): Promise<this> {
    this.nc = await connectNats({ url: stackEnv().natsUrl, name: 'runtime-test' });
    this.client = new CommandClient(this.nc, { timeoutMs: 20_000 });
    const jsm = await jetstreamManager(this.nc);
    await ensureStreams(jsm, ['runs']);
    this.served.push(
      serveCommand(this.nc, 'sop-registry.definition.resolve', ({ office, contentType }) => {
        const d = this.active.get(office)?.get(contentType);
        if (!d)
          throw commandErrorReply(404, 'no-active-definition', {
            id: 'Tidak ada SOP aktif',
            en: 'No active SOP',
          });
        return { key: d.key, version: d.version, compiled: d };
      }) as never,
      serveCommand(this.nc, 'sop-registry.definition.get', ({ key: k, version }) => {
        const d = this.versions.get(`${k}@${version}`);
        if (!d) throw commandErrorReply(404, 'not-found', { id: 'Tidak ditemukan', en: 'Not found' });
        return { key: k, version: d.version, title: d.title, compiled: d } as never;
      }) as never,
      serveCommand(this.nc, 'gateway.office.get', ({ office, calendarVersion }) => {
        const versions = this.calendarsOf(office);
        const version = calendarVersion ?? versions.length;
        const calendar = versions[version - 1];
        if (!calendar)
          throw commandErrorReply(404, 'calendar-version-not-found', { id: 'Tidak ada', en: 'None' });
        return {
          code: office,
          name: office,
          timeZone: calendar.timeZone,
          calendar: calendar as never,
          calendarVersion: version,
          calendarUntil: this.takeCalendarUntil(office),
        };
      }) as never,
      serveCommand(this.nc, 'sop-registry.activation.list', ({ office, key: k }) => ({
        activations: [...new Set(this.active.get(office)?.values() ?? [])]
          .filter((d) => !k || d.key === k)
          .map((d) => ({ key: d.key, version: d.version, status: 'active' }) as never),
      })) as never,
    );
    this.notices = serveCommand(this.nc, 'approvals.notifications.send', (req) => {
      if (this.noticeRefusal) {
        throw commandErrorReply(422, this.noticeRefusal, { id: 'Ditolak', en: 'Refused' });
      }
      return { notificationJobId: `job-${req.idempotencyKey}`, queued: true };
    });
    this.published = serveCommand(this.nc, 'publishing.step.publish', (req) => {
      if (this.publishRefusal) {
        throw commandErrorReply(422, this.publishRefusal, {
          id: 'Konten belum siap',
          en: 'Content not ready',
        });
      }
      const first = this.published.calls.find((c) => c.request.idempotencyKey === req.idempotencyKey);
      const at = new Date().toISOString();
      return {
        receipts: req.channels.map((channel) => ({
          channel,
          url: `https://example.test/${req.office}/${req.itemId}`,
          publishedAt: first ? at : at,
          status: 'published' as const,
        })),
      };
    });
    this.reports = serveCommand(this.nc, 'reporting.report.generate', (req) => {
      if (this.reportRefusal) {
        throw commandErrorReply(422, this.reportRefusal, { id: 'Laporan gagal', en: 'Report failed' });
      }
      return { reportId: `rep-${req.idempotencyKey}`, title: `Rekap ${req.period?.label ?? ''}` };
    });

    // Everything the runs stream receives, in order, from now on.
    const stream = domainStreamName('runs');
    const consumer = await jetstream(this.nc).consumers.get(stream, {
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.None,
    } as never);
    this.reader = await consumer.consume();
    void (async () => {
      for await (const m of this.reader!) this.events.push(m.json());
    })().catch(() => undefined);

    if (worker) await this.startWorker();
    return this;
  }

  async startWorker(): Promise<void> {
    this.app = await createService(
      {
        name: 'worker',
        module: WorkerModule,
        configure: (app) => {
          app.connectMicroservice(natsMicroserviceOptions('worker'), { inheritAppConfig: true });
        },
      },
      loadConfig({ ...process.env, LOG_LEVEL: 'warn' }),
    );
    await app(this).startAllMicroservices();
    await app(this).init();
  }

  async stopWorker(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  /**
   * Marks a run whose history `RECORD_HISTORIES=1` writes to workflows/test/histories,
   * where the replay test runs it against the current workflow code (the determinism
   * guard). Record again only for an intended, versioned change of the workflow.
   */
  record(name: string, workflowId: string): void {
    this.recorded.set(name, workflowId);
  }

  private async writeHistories(): Promise<void> {
    const connection = await Connection.connect({ address: stackEnv().temporalAddress });
    const client = new Client({ connection, namespace: stackEnv().temporalNamespace });
    const dir = join(root, 'workflows', 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    for (const [name, workflowId] of this.recorded) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(
        join(dir, `${name}.json`),
        // protobufjs' own object form (read back with History.fromObject in the replay test).
        JSON.stringify(
          temporal.api.history.v1.History.toObject(
            temporal.api.history.v1.History.decode(temporal.api.history.v1.History.encode(history).finish()),
            {
              longs: String,
              enums: String,
              bytes: String,
              defaults: false,
            },
          ),
          null,
          1,
        ) + '\n',
      );
    }
    await connection.close();
  }

  /**
   * The office calendar as the gateway would give it: the national holidays of last year,
   * this year and next year, plus two days of cuti bersama right ahead (so runs recorded
   * for the replay tests count their time standards around holidays).
   */
  calendarsOf(office: string): OfficeCalendar[] {
    let versions = this.calendars.get(office);
    if (!versions) {
      const d = [...(this.active.get(office)?.values() ?? [])][0];
      const zone = d?.timeZone ?? 'Asia/Jakarta';
      const year = Number(localDate(Date.now(), zone).slice(0, 4));
      const day = (n: number) => localDate(Date.now() + n * 86_400_000, zone);
      const holidays = [
        ...[year - 1, year, year + 1].flatMap((y) => nationalHolidays(y)),
        { date: day(1), name: 'Cuti bersama (uji)', kind: 'cuti-bersama' as const },
        { date: day(2), name: 'Cuti bersama (uji)', kind: 'cuti-bersama' as const },
      ];
      versions = [defaultOfficeCalendar(zone, holidays)];
      this.calendars.set(office, versions);
    }
    return versions;
  }

  /** Decrees a change of the office calendar (a new version), as an office admin's edit does. */
  changeCalendar(office: string, change: (calendar: OfficeCalendar) => OfficeCalendar): OfficeCalendar {
    const versions = this.calendarsOf(office);
    const next = change(versions[versions.length - 1]!);
    versions.push(next);
    return next;
  }

  private takeCalendarUntil(office: string): string {
    const once = this.calendarUntilOnce.get(office);
    this.calendarUntilOnce.delete(office);
    return once ?? this.calendarUntil;
  }

  get calendarUntil(): string {
    return `${new Date().getUTCFullYear() + 1}-12-31`;
  }

  async stop(): Promise<void> {
    if (process.env.RECORD_HISTORIES && this.recorded.size) await this.writeHistories();
    await this.stopWorker();
    this.reader?.stop();
    for (const s of [...this.served, this.published, this.reports, this.notices]) s?.stop();
    await this.nc?.close();
  }

  // ---- the runtime API, as other services call it -----------------------------

  async startRun(
    office: string,
    item: { id: string; contentType: string; title?: string },
    idempotencyKey = key('start'),
  ) {
    return this.client.send(
      'worker.run.start',
      { office, item: { title: 'Judul', ...item }, startedBy: user('author'), idempotencyKey },
      { idempotencyKey },
    );
  }

  async decide(
    office: string,
    workflowId: string,
    stepId: string,
    role: string,
    decision: CommandRequest<'worker.run.decide'>['decision'],
    extra: Partial<CommandRequest<'worker.run.decide'>> = {},
  ): Promise<RunSummary> {
    const idempotencyKey = extra.idempotencyKey ?? key('d');
    return this.client.send(
      'worker.run.decide',
      { office, workflowId, stepId, role, decision, actor: user(role), idempotencyKey, ...extra },
      { idempotencyKey },
    );
  }

  async get(office: string, workflowId: string): Promise<RunSummary> {
    return this.client.send('worker.run.get', { office, workflowId });
  }

  /** Polls the run until `check` holds (publish steps and handoffs finish asynchronously). */
  async waitFor(office: string, workflowId: string, check: (run: RunSummary) => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let last: RunSummary | undefined;
    while (Date.now() < deadline) {
      last = await this.get(office, workflowId);
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(
      `run ${workflowId} did not reach the expected state; last: ${JSON.stringify(last?.open)} ${last?.status}`,
    );
  }

  eventsOf(workflowId: string, name?: string) {
    return this.events.filter(
      (e) =>
        (e.data as { workflowId?: string }).workflowId === workflowId && (!name || e.type === `runs.${name}`),
    );
  }

  async refusal(promise: Promise<unknown>): Promise<RemoteError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof RemoteError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }
}

function app(h: RuntimeHarness): INestApplication {
  if (!h.app) throw new Error('worker not started');
  return h.app;
}
