import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { type DataSource } from 'typeorm';
import {
  compact,
  createServiceDataSource,
  isUniqueViolation,
  iso,
  lockUntilCommit,
  one,
  qualified,
  rows,
  runMigrations,
} from '../src';
import { CreateNotes1795305700000, Note, Setting } from './fixtures';

describe('sql helpers', () => {
  let db: IsolatedDatabase;
  let ds: DataSource;
  let notes: string;

  beforeAll(async () => {
    db = await createIsolatedDatabase('sql');
    ds = await createServiceDataSource({
      url: db.url,
      schema: 'content',
      entities: [Note, Setting],
      migrations: [CreateNotes1795305700000],
    }).initialize();
    await runMigrations(ds, { log: () => undefined });
    notes = qualified(ds, 'notes');
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('gives the rows of INSERT, SELECT, UPDATE and DELETE … RETURNING alike', async () => {
    const inserted = await rows<{ title: string }>(
      ds,
      `INSERT INTO ${notes} (office, title) VALUES ('kpu-dki', 'a'), ('kpu-dki', 'b') RETURNING title`,
    );
    expect(inserted.map((r) => r.title).sort()).toEqual(['a', 'b']);
    const updated = await ds.transaction((manager) =>
      rows<{ title: string }>(
        manager,
        `UPDATE ${notes} SET title = title || '!' WHERE office = $1 RETURNING title`,
        ['kpu-dki'],
      ),
    );
    expect(updated.map((r) => r.title).sort()).toEqual(['a!', 'b!']);
    expect(await rows(ds, `UPDATE ${notes} SET title = 'x' WHERE office = $1`, ['nowhere'])).toEqual([]);
    expect(
      await one<{ n: string }>(ds, `SELECT count(*) AS n FROM ${notes} WHERE office = $1`, ['kpu-dki']),
    ).toEqual({
      n: '2',
    });
    const deleted = await rows(ds, `DELETE FROM ${notes} WHERE office = $1 RETURNING id`, ['kpu-dki']);
    expect(deleted).toHaveLength(2);
    expect(await one(ds, `SELECT * FROM ${notes} WHERE office = $1`, ['kpu-dki'])).toBeUndefined();
  });

  it('recognises a unique violation, by constraint when named', async () => {
    await ds.query(`CREATE UNIQUE INDEX notes_title ON ${notes} (office, title)`);
    await ds.query(`INSERT INTO ${notes} (office, title) VALUES ('kpu-dki', 'same')`);
    const error = await ds
      .query(`INSERT INTO ${notes} (office, title) VALUES ('kpu-dki', 'same')`)
      .catch((e) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'notes_title')).toBe(true);
    expect(isUniqueViolation(error, 'other')).toBe(false);
    expect(isUniqueViolation(new Error('not SQL'))).toBe(false);
  });

  it('makes transactions under one lock key take turns until the holder ends', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const first = ds.transaction(async (m) => {
      await lockUntilCommit(m, 'kpu-dki:numbers');
      locked();
      await held;
      order.push('first done');
    });
    await holding;
    const second = ds.transaction(async (m) => {
      await lockUntilCommit(m, 'kpu-dki:numbers');
      order.push('second locked');
    });
    // Another key does not wait.
    await ds.transaction((m) => lockUntilCommit(m, 'kpu-jabar:numbers'));
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'second locked']);
  });

  it('converts column values for views', () => {
    expect(iso(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(iso('2026-01-02 03:04:05+00')).toBe('2026-01-02T03:04:05.000Z');
    expect(iso(null)).toBeUndefined();
    expect(compact({ a: 1, b: undefined, c: null, d: '' })).toEqual({ a: 1, d: '' });
  });
});
