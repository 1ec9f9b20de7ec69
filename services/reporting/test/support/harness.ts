import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tatalaman/config';
import {
  type AnyEvent,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type EventEnvelope,
  makeEvent,
  natsPrefix,
  type OfficeView,
  streamNamesForPrefix,
  subjectOf,
} from '@tatalaman/contracts';
import { nationalHolidays } from '@tatalaman/holidays';
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
import { defaultOfficeCalendar, type OfficeCalendar } from '@tatalaman/working-time';
import { jetstream, type JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { ReportingModule } from '../../src/reporting.module';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestOffice {
  code: string;
  name: string;
  timeZone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  kind: string;
}

export const OFFICES: Record<string, TestOffice> = {
  palu: { code: 'kpu-kota-palu', name: 'KPU Kota Palu', timeZone: 'Asia/Makassar', kind: 'kpu-kota' },
  jateng: {
    code: 'kpu-prov-jateng',
    name: 'KPU Provinsi Jawa Tengah',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-provinsi',
  },
  babar: {
    code: 'kpu-kab-bangka-barat',
    name: 'KPU Kabupaten Bangka Barat',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  mentawai: {
    code: 'kpu-kab-kepulauan-mentawai',
    name: 'KPU Kabupaten Kepulauan Mentawai',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  ketapang: {
    code: 'diskominfo-kab-ketapang',
    name: 'Diskominfo Kabupaten Ketapang',
    timeZone: 'Asia/Jakarta',
    kind: 'other',
  },
  other: {
    code: 'kpu-kab-lain',
    name: 'KPU Kabupaten Lain',
    timeZone: 'Asia/Jayapura',
    kind: 'kpu-kabupaten',
  },
};

/** office → its calendar's versions (index 0 is version 1). */
const calendars = new Map<string, OfficeCalendar[]>();

function versionsOf(office: TestOffice): OfficeCalendar[] {
  let versions = calendars.get(office.code);
  if (!versions) {
    versions = [
      defaultOfficeCalendar(office.timeZone, [
        ...nationalHolidays(2025),
        ...nationalHolidays(2026),
        ...nationalHolidays(2027),
      ]),
    ];
    calendars.set(office.code, versions);
  }
  return versions;
}

/** The office's working calendar, as the gateway serves it: the standard week and national holidays. */
export function calendarOf(office: TestOffice, version?: number): OfficeCalendar {
  const versions = versionsOf(office);
  return versions[(version ?? versions.length) - 1]!;
}

/** A new version of the office's calendar (an admin's edit at the gateway); returns its number. */
export function changeCalendar(office: TestOffice, change: (c: OfficeCalendar) => OfficeCalendar): number {
  const versions = versionsOf(office);
  versions.push(change(versions[versions.length - 1]!));
  return versions.length;
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
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
 * The reporting service in this process (Nest app, NATS transport, consumers) on a fresh
 * database, and a NATS connection for the test: it publishes events exactly as the
 * producers do (subject per office, message id = event id) and answers the gateway's
 * `gateway.office.get` at the contract boundary with the offices above.
 */
export class Harness {
  db!: IsolatedDatabase;
  app!: INestApplication;
  nc!: NatsConnection;
  js!: JetStreamClient;
  client!: CommandClient;
  ds!: DataSource;
  officeCalls = 0;
  private served: ServedCommand<never>[] = [];

  async start(): Promise<this> {
    const env = stackEnv();
    this.db = await createIsolatedDatabase('reporting');
    this.nc = await connectNats({ url: env.natsUrl, name: 'reporting-test', logger: quiet });
    this.js = jetstream(this.nc);
    this.client = new CommandClient(this.nc, { timeoutMs: 30_000 });
    this.serveOffices();
    await this.startApp();
    return this;
  }

  async startApp(): Promise<void> {
    this.app = await createService(
      {
        name: 'reporting',
        module: ReportingModule.register({ databaseUrl: this.db.url }),
        configure: (app) => {
          app.connectMicroservice(natsMicroserviceOptions('reporting'), { inheritAppConfig: true });
        },
      },
      { ...loadConfig(), LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'debug' | undefined) ?? 'error' },
    );
    await this.app.startAllMicroservices();
    await this.app.listen(0, '127.0.0.1');
    this.ds = this.app.get(DataSource);
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

  private serveOffices(): void {
    const served = serveCommand(this.nc, 'gateway.office.get', (req): OfficeView => {
      this.officeCalls++;
      const office = Object.values(OFFICES).find((o) => o.code === req.office);
      if (!office) {
        throw {
          error: {
            status: 404,
            code: 'office-not-found',
            message: { id: 'Kantor tidak ditemukan.', en: 'Office not found.' },
          },
        };
      }
      const versions = versionsOf(office);
      const version = req.calendarVersion ?? versions.length;
      if (!versions[version - 1]) {
        throw {
          error: {
            status: 404,
            code: 'calendar-version-not-found',
            message: { id: 'Versi kalender tidak ada.', en: 'No such calendar version.' },
          },
        };
      }
      return {
        code: office.code,
        name: office.name,
        timeZone: office.timeZone,
        kind: office.kind,
        calendar: calendarOf(office, version) as unknown as OfficeView['calendar'],
        calendarVersion: version,
        calendarUntil: '2027-12-31',
      };
    });
    this.served.push(served as unknown as ServedCommand<never>);
  }

  /** `identity.office-created` for each office, as the gateway publishes it. */
  officeEvents(): AnyEvent[] {
    return Object.values(OFFICES).map((o) =>
      makeEvent('identity.office-created', {
        office: o.code,
        occurredAt: new Date('2025-12-01T00:00:00Z'),
        data: { name: o.name, timeZone: o.timeZone, kind: o.kind },
      }),
    );
  }

  send<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
    return this.client.send(name, request);
  }

  async refusal<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<RemoteError> {
    try {
      await this.client.send(name, request);
    } catch (error) {
      if (error instanceof RemoteError) return error;
      throw error;
    }
    throw new Error(`${name} was expected to fail`);
  }

  async publish(...events: EventEnvelope[]): Promise<void> {
    for (const event of events) await this.publishAs(event, event.id);
  }

  /** Publishes under another message id: a copy JetStream cannot recognise as a duplicate. */
  async publishAs(event: EventEnvelope, msgId: string): Promise<void> {
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    await this.js.publish(subjectOf(event), JSON.stringify(event), { msgID: msgId, headers: h });
  }

  /** Waits until the projection consumers have taken these events (applied, or recognised as applied). */
  async applied(...events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    await waitFor(
      async () => {
        const [{ n }] = await this.ds.query(
          `SELECT count(*)::int AS n FROM reporting.inbox WHERE event_id = ANY($1::uuid[])`,
          [ids],
        );
        return n === ids.length;
      },
      `${ids.length} event(s) applied`,
      60_000,
    );
  }

  async apply(...events: EventEnvelope[]): Promise<void> {
    await this.publish(...events);
    await this.applied(...events);
  }

  consumerStats() {
    return this.app
      .get(MessagingLifecycle)
      .status()
      .consumers.map((c) => ({ durable: c.durable, stream: c.stream, ...c.stats }));
  }

  /** Waits until every consumer has nothing left in flight (duplicates included). */
  async settled(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await waitFor(
      async () => {
        for (const c of this.app.get(MessagingLifecycle).status().consumers) {
          const info = await jsm.consumers.info(c.stream, c.durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
        }
        return true;
      },
      'consumers settled',
      60_000,
    );
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.ds.query(sql, params);
  }
}
