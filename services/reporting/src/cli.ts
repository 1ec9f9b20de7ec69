import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { auditEvent } from '@tatalaman/audit';
import { loadConfig } from '@tatalaman/config';
import { type Actor } from '@tatalaman/contracts';
import { closeNats, CommandClient, connectNats, natsUrlFromEnv, OutboxWriter } from '@tatalaman/messaging';
import { createServiceDataSource, resolveDatabaseUrl, runMigrations } from '@tatalaman/persistence';
import { ServiceLogger } from '@tatalaman/service-host';
import { type DataSource } from 'typeorm';
import { OfficeDirectory } from './offices/office-directory';
import { RebuildRunning, Rebuilder } from './rebuild/rebuilder';
import { persistence } from './persistence';

const SEED_ACTOR: Actor = { kind: 'system', id: 'seed-demo', name: 'Data demo' };

/** Palu's SOP requires an inventory of website problems: a few entries to show it. */
const DEMO_PROBLEMS = [
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0001',
    number: 1,
    title: 'Sertifikat SSL website kedaluwarsa',
    description: 'Peramban menampilkan peringatan keamanan saat membuka website kantor.',
    category: 'security',
    severity: 'high',
    status: 'resolved',
    resolution: 'Sertifikat diperbarui melalui panel hosting dan pembaruan otomatis diaktifkan.',
  },
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0002',
    number: 2,
    title: 'Halaman arsip berita lambat dimuat',
    description: 'Halaman arsip memerlukan lebih dari 10 detik untuk tampil pada jam kerja.',
    category: 'server',
    severity: 'medium',
    status: 'in-progress',
    resolution: null,
  },
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0003',
    number: 3,
    title: 'Tautan dokumen PPID tidak dapat dibuka',
    description: 'Beberapa tautan unduhan pada menu PPID mengarah ke berkas yang sudah dipindahkan.',
    category: 'content',
    severity: 'low',
    status: 'open',
    resolution: null,
  },
] as const;

async function seedDemo(ds: DataSource, log: (m: string) => void): Promise<void> {
  const office = 'kpu-kota-palu';
  const outbox = new OutboxWriter();
  let added = 0;
  await ds.transaction(async (manager) => {
    for (const p of DEMO_PROBLEMS) {
      const inserted = (await manager.query(
        `INSERT INTO reporting.problems (id, office, number, title, description, category, severity, status,
           resolution, reported_by, reported_at, updated_by, updated_at, resolved_by, resolved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $10, now(),
           CASE WHEN $8 = 'resolved' THEN $10::jsonb END, CASE WHEN $8 = 'resolved' THEN now() END)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          p.id,
          office,
          p.number,
          p.title,
          p.description,
          p.category,
          p.severity,
          p.status,
          p.resolution,
          JSON.stringify(SEED_ACTOR),
        ],
      )) as unknown[];
      if (!inserted.length) continue;
      added++;
      await outbox.add(
        manager,
        auditEvent({
          office,
          actor: SEED_ACTOR,
          service: 'reporting',
          entity: 'problem',
          entityId: p.id,
          action: 'create',
          before: null,
          after: { ...p },
        }),
      );
    }
  });
  log(
    added
      ? `reporting: ${added} demo problem(s) logged for ${office}`
      : 'reporting: demo problems already there, nothing to seed',
  );
}

async function rebuild(ds: DataSource, log: (m: string) => void): Promise<number> {
  const nc = await connectNats({ url: natsUrlFromEnv(), name: 'reporting-rebuild' });
  try {
    const rebuilder = new Rebuilder({
      ds,
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
      directory: new OfficeDirectory(ds, new CommandClient(nc)),
      log,
    });
    const status = await rebuilder.run('cli');
    if (status.state !== 'done') {
      log(`reporting: rebuild failed: ${status.error ?? 'unknown error'}`);
      return 1;
    }
    log(
      `reporting: projections rebuilt (${status.streams.map((s) => `${s.stream} ${s.applied}/${s.lastSeq}`).join(', ')})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RebuildRunning) {
      log('reporting: a rebuild is already running; try again when it has finished');
      return 1;
    }
    throw error;
  } finally {
    await closeNats(nc);
  }
}

/**
 * `migrate`: brings the reporting schema up to date. `seed-demo`: a few entries of Palu's
 * website problem inventory (idempotent). `rebuild`: drops the projections and rebuilds
 * them from the streams, printing progress (the service may keep running meanwhile).
 */
async function main(verb: string | undefined): Promise<number> {
  if (verb !== 'migrate' && verb !== 'seed-demo' && verb !== 'rebuild') {
    process.stderr.write('usage: cli.js migrate | seed-demo | rebuild\n');
    return 2;
  }
  const config = loadConfig();
  const logger = new ServiceLogger('reporting', config.LOG_LEVEL, config.LOG_FORMAT);
  const log = (m: string) => logger.log(m, verb);
  const ds = await createServiceDataSource({
    url: resolveDatabaseUrl(config),
    ...persistence,
    poolSize: 4,
    applicationName: 'reporting-cli',
  }).initialize();
  try {
    if (verb === 'migrate') {
      const applied = await runMigrations(ds, { log: (m) => logger.log(m, 'Migrations') });
      log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
      return 0;
    }
    if (await ds.showMigrations()) {
      process.stderr.write('reporting: the schema is not migrated; run `cli.js migrate` first\n');
      return 1;
    }
    if (verb === 'seed-demo') {
      await seedDemo(ds, log);
      return 0;
    }
    return await rebuild(ds, log);
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `reporting ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
