import { type INestApplication } from '@nestjs/common';
import { type Actor, natsPrefix, streamNamesForPrefix } from '@tatalaman/contracts';
import {
  closeNats,
  CommandClient,
  connectNats,
  natsMicroserviceOptions,
  RemoteError,
} from '@tatalaman/messaging';
import { createService } from '@tatalaman/service-host';
import { createIsolatedDatabase, type IsolatedDatabase, stackEnv } from '@tatalaman/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { SopRegistryModule } from '../src/sop-registry.module';

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export const admin = (office: string) => ({
  office,
  actor: { kind: 'user', id: `admin-${office}`, name: `Admin ${office}` } as Actor,
  officeAdmin: true,
});

export const platformAdmin = (office: string) => ({
  office,
  actor: { kind: 'user', id: 'platform-admin-1', name: 'Admin Platform' } as Actor,
  officeAdmin: true,
  platformAdmin: true,
});

let keys = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${++keys}`;

/** The registry service in-process (its real module, NATS transport, database) and a client. */
export class RegistryHarness {
  db!: IsolatedDatabase;
  app!: INestApplication;
  nc!: NatsConnection;
  client!: CommandClient;
  ds!: DataSource;

  async start(): Promise<void> {
    const env = stackEnv();
    this.db = await createIsolatedDatabase('registry');
    process.env.DATABASE_URL = this.db.url;
    process.env.LOG_LEVEL = 'warn';
    this.app = await createService({
      name: 'sop-registry',
      module: SopRegistryModule,
      configure: (app) => {
        app.connectMicroservice(natsMicroserviceOptions('sop-registry', { gracePeriod: 100 }), {
          inheritAppConfig: true,
        });
      },
    });
    await this.app.startAllMicroservices();
    await this.app.listen(0, '127.0.0.1');
    this.ds = this.app.get(DataSource);
    this.nc = await connectNats({ url: env.natsUrl, name: 'registry-test', logger: quiet });
    this.client = new CommandClient(this.nc, { timeoutMs: 15_000 });
  }

  async stop(): Promise<void> {
    await this.app?.close();
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc);
      for (const name of streamNamesForPrefix(natsPrefix()))
        await jsm.streams.delete(name).catch(() => false);
      await closeNats(this.nc);
    }
    await this.db?.drop();
  }

  /** The events written to the outbox, oldest first. */
  async outbox(
    type?: string,
  ): Promise<{ type: string; office: string; data: Record<string, unknown>; actor?: Actor }[]> {
    const rows: { payload: { type: string; office: string; data: unknown; actor?: Actor } }[] =
      await this.ds.query(
        `SELECT payload FROM registry.outbox ${type ? 'WHERE type = $1' : ''} ORDER BY seq`,
        type ? [type] : [],
      );
    return rows.map((r) => r.payload as never);
  }
}

/** The error a command answered with (fails the test when it succeeded). */
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
  timeoutMs = 10_000,
  what = 'condition',
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A small valid definition; `extra` is appended to the item flow's last step list. */
export function definitionYaml(
  office: string,
  version: number,
  options: { reviewTime?: string; extraRole?: boolean; contentTypes?: string[]; schedule?: boolean } = {},
): string {
  return [
    `key: ${office}.contoh`,
    `version: ${version}`,
    'title: Pengelolaan Berita Contoh',
    'timeZone: Asia/Jakarta',
    'roles:',
    '  - code: penulis',
    '    name: Penulis',
    '  - code: redaktur',
    '    name: Redaktur',
    ...(options.extraRole ? ['  - code: sekretaris', '    name: Sekretaris'] : []),
    ...(options.contentTypes ? ['contentTypes:', ...options.contentTypes.map((t) => `  - ${t}`)] : []),
    'flows:',
    '  item:',
    '    steps:',
    '      - id: tulis',
    '        description: Menulis berita',
    '        actors: penulis',
    '        time: 1 jam',
    '      - id: periksa',
    '        kind: review',
    '        description: Memeriksa draf',
    '        actors: redaktur',
    `        time: ${options.reviewTime ?? '30 menit'}`,
    '        outcomes:',
    '          sendBack: { to: tulis }',
    '      - id: unggah',
    '        kind: publish',
    '        description: Mengunggah berita',
    '        actors: redaktur',
    '        channels: [website]',
    ...(options.schedule
      ? [
          '  rekap:',
          '    title: Rekap bulanan',
          '    schedule: { every: month, day: 1, at: "08:00" }',
          '    steps:',
          '      - id: rekap-kerja',
          '        description: Menyusun rekap',
          '        actors: redaktur',
        ]
      : []),
    '',
  ].join('\n');
}
