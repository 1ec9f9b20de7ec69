import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import { type DataSource, In, type Repository } from 'typeorm';
import { createServiceDataSource, runMigrations, scoped, TenancyViolation } from '../src';
import { CreateNotes1795305700000, Note, Setting } from './fixtures';

describe('scoped()', () => {
  let db: IsolatedDatabase;
  let ds: DataSource;
  let notes: Repository<Note>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await createIsolatedDatabase('tenancy');
    ds = await createServiceDataSource({
      url: db.url,
      schema: 'content',
      entities: [Note, Setting],
      migrations: [CreateNotes1795305700000],
    }).initialize();
    await runMigrations(ds, { log: () => undefined });
    notes = ds.getRepository(Note);
  });

  beforeEach(async () => {
    await notes.clear();
    const saved = await notes.save([
      { office: 'kpu-jabar', title: 'a1' },
      { office: 'kpu-jabar', title: 'a2' },
      { office: 'kpu-dki', title: 'b1' },
    ]);
    ids = Object.fromEntries(saved.map((n) => [n.title, n.id]));
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  const titles = (rows: Note[]) => rows.map((r) => r.title).sort();

  it('reads only the office it is scoped to', async () => {
    const jabar = scoped(notes, 'kpu-jabar');
    expect(titles(await jabar.find())).toEqual(['a1', 'a2']);
    expect(titles(await jabar.find({ where: { title: 'b1' } }))).toEqual([]);
    expect(await jabar.findOneBy({ id: ids.b1 })).toBeNull();
    expect((await jabar.findOneBy({ id: ids.a1 }))?.title).toBe('a1');
    expect(await jabar.count()).toBe(2);
    expect(await jabar.exists({ where: { title: 'b1' } })).toBe(false);
    const [rows, n] = await jabar.findAndCount({ order: { title: 'DESC' }, take: 1 });
    expect([rows.map((r) => r.title), n]).toEqual([['a2'], 2]);
    await expect(jabar.findOneOrFail({ where: { id: ids.b1 } })).rejects.toThrow();
  });

  it('scopes every branch of an OR list', async () => {
    const dki = scoped(notes, 'kpu-dki');
    expect(titles(await dki.findBy([{ title: 'a1' }, { title: 'b1' }]))).toEqual(['b1']);
    expect(titles(await dki.find({ where: [{ id: ids.a2 }, { title: 'a1' }] }))).toEqual([]);
  });

  it('refuses conditions that name another office or widen the scope', async () => {
    const jabar = scoped(notes, 'kpu-jabar');
    await expect(async () => jabar.find({ where: { office: 'kpu-dki' } })).rejects.toThrow(TenancyViolation);
    await expect(async () => jabar.find({ where: { office: In(['kpu-jabar', 'kpu-dki']) } })).rejects.toThrow(
      TenancyViolation,
    );
    await expect(async () => jabar.findBy([])).rejects.toThrow(/every office/);
    // Naming the same office is fine.
    expect(await jabar.count({ where: { office: 'kpu-jabar' } })).toBe(2);
  });

  it('refuses a missing or malformed office and entities without one', () => {
    expect(() => scoped(notes, '')).toThrow(TenancyViolation);
    expect(() => scoped(notes, undefined as unknown as string)).toThrow(TenancyViolation);
    expect(() => scoped(notes, 'KPU Jabar')).toThrow(TenancyViolation);
    // @ts-expect-error Setting has no office: the compiler refuses it too
    expect(() => scoped(ds.getRepository(Setting), 'kpu-jabar')).toThrow(/no "office" column/);
  });

  it('writes new rows into its office and refuses rows of another', async () => {
    const dki = scoped(notes, 'kpu-dki');
    await dki.insert({ title: 'b2' });
    const created = await dki.save(dki.create({ title: 'b3' }));
    expect(created.office).toBe('kpu-dki');
    expect(created.id).toBeDefined();
    expect(titles(await dki.find())).toEqual(['b1', 'b2', 'b3']);
    await expect(async () => dki.insert({ title: 'x', office: 'kpu-jabar' })).rejects.toThrow(
      TenancyViolation,
    );
    await expect(async () => dki.save({ title: 'x', office: 'kpu-jabar' })).rejects.toThrow(TenancyViolation);
    expect(await scoped(notes, 'kpu-jabar').count()).toBe(2);
  });

  it('does not let save() take over another office’s row by its key', async () => {
    const dki = scoped(notes, 'kpu-dki');
    await expect(dki.save({ id: ids.a1, title: 'hijacked' })).rejects.toThrow(TenancyViolation);
    const a1 = await notes.findOneByOrFail({ id: ids.a1 });
    expect([a1.office, a1.title]).toEqual(['kpu-jabar', 'a1']);
    // Its own rows it may update through save().
    await dki.save({ id: ids.b1, title: 'b1-edited' });
    expect((await notes.findOneByOrFail({ id: ids.b1 })).title).toBe('b1-edited');
  });

  it('updates and deletes only within its office', async () => {
    const jabar = scoped(notes, 'kpu-jabar');
    const u = await jabar.update({ id: ids.b1 }, { title: 'nope' });
    expect(u.affected).toBe(0);
    expect((await jabar.update({ title: 'a1' }, { title: 'a1-edited' })).affected).toBe(1);
    await expect(async () => jabar.update({ id: ids.a2 }, { office: 'kpu-dki' })).rejects.toThrow(
      TenancyViolation,
    );
    expect((await jabar.delete({ id: ids.b1 })).affected).toBe(0);
    expect((await jabar.delete({ id: ids.a2 })).affected).toBe(1);
    await expect(async () => jabar.delete({})).rejects.toThrow(/condition besides the office/);
    expect(titles(await notes.find())).toEqual(['a1-edited', 'b1']);
  });

  it('works on a transaction’s manager', async () => {
    await ds.transaction(async (manager) => {
      const jabar = scoped(manager.getRepository(Note), 'kpu-jabar');
      await jabar.insert({ title: 'in-tx' });
      expect(await jabar.count()).toBe(3);
    });
    expect(await scoped(notes, 'kpu-jabar').count()).toBe(3);
  });
});
