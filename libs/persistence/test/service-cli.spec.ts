import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { type CliContext, runServiceCli, type ServiceCli, serviceCliMain, serviceSchema } from '../src';
import { CreateNotes1795305700000, Note, Setting } from './fixtures';

describe('service CLI', () => {
  let db: IsolatedDatabase;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, LOG_FORMAT: process.env.LOG_FORMAT };
  let out: string[];
  let err: string[];
  let used: DataSource | undefined;

  const cli: ServiceCli = {
    service: 'content',
    persistence: serviceSchema({
      schema: 'content',
      entities: [Note, Setting],
      migrations: [CreateNotes1795305700000],
    }),
    verbs: {
      'seed-demo': async (c: CliContext) => {
        if (!(await c.migrated())) return 1;
        used = await c.dataSource();
        await used.query(`INSERT INTO content.notes (office, title) VALUES ('kpu-dki', 'seeded')`);
        c.logger.log('seeded', 'SeedDemo');
        return 0;
      },
      broken: async () => {
        throw new Error('no such table');
      },
    },
  };

  beforeAll(async () => {
    db = await createIsolatedDatabase('cli');
    process.env.DATABASE_URL = db.url;
    process.env.LOG_FORMAT = 'pretty';
  });

  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await db?.drop();
  });

  it('answers 2 and the usage for anything but its verbs', async () => {
    expect(await serviceCliMain(cli, 'drop-everything')).toBe(2);
    expect(await serviceCliMain(cli, 'toString')).toBe(2);
    expect(await serviceCliMain(cli, undefined)).toBe(2);
    expect(err).toEqual(Array(3).fill('usage: cli.js migrate | seed-demo | broken\n'));
  });

  it('refuses its own verbs until the schema is migrated, then migrates once', async () => {
    // A schema whose migrations have not run (a database with no schema at all fails outright).
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE SCHEMA content');
    await admin.end();
    expect(await serviceCliMain(cli, 'seed-demo')).toBe(1);
    expect(err).toEqual(['content: the schema is not migrated; run `cli.js migrate` first\n']);

    expect(await serviceCliMain(cli, 'migrate')).toBe(0);
    expect(out.join('')).toMatch(/INFO {2}\[Migrations\] content: applied CreateNotes1795305700000\n/);
    expect(out.join('')).toMatch(
      /INFO {2}\[Migrate\] applied MessagingTables1795305600000, CreateNotes1795305700000\n/,
    );
    out = [];
    expect(await serviceCliMain(cli, 'migrate')).toBe(0);
    expect(out.join('')).toMatch(
      /\[Migrations\] content: no pending migrations\n.*\[Migrate\] schema up to date\n/s,
    );
  });

  it('runs a verb on its own connection and closes it after', async () => {
    expect(await serviceCliMain(cli, 'seed-demo')).toBe(0);
    expect(out.join('')).toMatch(/\[SeedDemo\] seeded\n/);
    expect(used?.isInitialized).toBe(false);
  });

  it('exits 1 with one line naming the service and verb when a verb fails', async () => {
    const exited = new Promise<number | undefined>((resolve) => {
      jest.spyOn(process, 'exit').mockImplementation(((code?: number) => resolve(code)) as never);
    });
    const argv = process.argv;
    process.argv = [argv[0]!, 'cli.js', 'broken'];
    try {
      runServiceCli(cli);
      expect(await exited).toBe(1);
    } finally {
      process.argv = argv;
    }
    expect(err).toEqual(['content broken failed: no such table\n']);
  });
});
