import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectRepository } from '@nestjs/typeorm';
import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { DataSource, type Repository } from 'typeorm';
import { MessagingTables1795305600000, PersistenceModule, scoped } from '../src';
import { CreateNotes1795305700000, Note } from './fixtures';

@Injectable()
class NotesService {
  constructor(@InjectRepository(Note) private readonly notes: Repository<Note>) {}
  list(office: string) {
    return scoped(this.notes, office).find();
  }
  add(office: string, title: string) {
    return scoped(this.notes, office).insert({ title });
  }
}

describe('PersistenceModule.forService', () => {
  let db: IsolatedDatabase;

  beforeAll(async () => {
    db = await createIsolatedDatabase('module');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('connects and migrates before the application is ready, then closes on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forService({
          schema: 'approvals',
          entities: [Note],
          migrations: [MessagingTables1795305600000, CreateNotes1795305700000],
          url: db.url,
        }),
      ],
      providers: [NotesService],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    const ds = app.get(DataSource);
    expect(ds.isInitialized).toBe(true);
    const applied = await ds.query('SELECT name FROM approvals.approvals_migrations ORDER BY timestamp');
    expect(applied.map((r: { name: string }) => r.name)).toEqual([
      'MessagingTables1795305600000',
      'CreateNotes1795305700000',
    ]);

    const notes = app.get(NotesService);
    await notes.add('kpu-jabar', 'hello');
    await notes.add('kpu-dki', 'other');
    expect((await notes.list('kpu-jabar')).map((n) => n.title)).toEqual(['hello']);

    await app.close();
    expect(ds.isInitialized).toBe(false);
  });

  it('reads the database from DATABASE_URL and DATABASE_NAME', async () => {
    const saved = { url: process.env.DATABASE_URL, name: process.env.DATABASE_NAME };
    const u = new URL(db.url);
    u.pathname = '/';
    process.env.DATABASE_URL = u.toString();
    process.env.DATABASE_NAME = db.name;
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [PersistenceModule.forService({ schema: 'reporting', entities: [], migrations: [] })],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const [{ current_database }] = await app.get(DataSource).query('SELECT current_database()');
      expect(current_database).toBe(db.name);
      const schemas = await app
        .get(DataSource)
        .query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'reporting'`);
      expect(schemas).toHaveLength(1);
      await app.close();
    } finally {
      process.env.DATABASE_URL = saved.url;
      if (saved.name === undefined) delete process.env.DATABASE_NAME;
      else process.env.DATABASE_NAME = saved.name;
    }
  });
});
