import { loadConfig } from '@tatalaman/config';
import { createServiceDataSource, runMigrations } from '@tatalaman/persistence';
import { createIsolatedDatabase, type IsolatedDatabase } from '@tatalaman/testing';
import type { DataSource } from 'typeorm';
import { verifyPassword } from '../src/identity/auth/passwords';
import { table } from '../src/db';
import { persistence } from '../src/persistence';
import { DEMO_OFFICES, demoRoles, formatAccounts, seedDemo } from '../src/seed/demo';
import { AUTH_SECRET } from './support/harness';

describe('seed-demo', () => {
  let db: IsolatedDatabase;
  let ds: DataSource;
  const config = loadConfig({
    ...process.env,
    AUTH_SECRET,
    NODE_ENV: 'development',
    DEMO_PASSWORD: 'Demo-Uji-Seed-2026',
  });

  beforeAll(async () => {
    db = await createIsolatedDatabase('seed');
    ds = await createServiceDataSource({
      url: db.url,
      ...persistence,
    }).initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const snapshot = async () => ({
    offices: await ds.query(`SELECT code, name, kind, time_zone FROM ${table('offices')} ORDER BY code`),
    users: await ds.query(`SELECT email, name, active, platform_admin FROM ${table('users')} ORDER BY email`),
    memberships: await ds.query(
      `SELECT m.office, u.email, m.office_admin FROM ${table('memberships')} m JOIN ${table('users')} u ON u.id = m.user_id ORDER BY 1, 2`,
    ),
    bindings: await ds.query(
      `SELECT b.office, u.email, b.role, b.valid_from::text, b.valid_to, b.revoked_at FROM ${table('role_bindings')} b
         JOIN ${table('users')} u ON u.id = b.user_id ORDER BY 1, 2, 3`,
    ),
    outbox: (await ds.query(`SELECT count(*)::int AS n FROM ${table('outbox')}`))[0].n,
  });

  it('creates the offices, admins and one person per SOP role, then changes nothing on a second run', async () => {
    const first = await seedDemo(ds, config);
    expect(first.created.length).toBeGreaterThan(50);
    const after1 = await snapshot();

    expect(after1.offices.map((o: { code: string }) => o.code)).toEqual(
      DEMO_OFFICES.map((o) => o.code).sort(),
    );
    expect(after1.offices.find((o: { code: string }) => o.code === 'kpu-kota-palu').time_zone).toBe(
      'Asia/Makassar',
    );
    expect(after1.users.find((u: { email: string }) => u.email === 'admin@tatalaman.id')).toMatchObject({
      platform_admin: true,
    });
    const roles = demoRoles();
    for (const office of DEMO_OFFICES) {
      expect(after1.memberships).toContainEqual({
        office: office.code,
        email: `admin@${office.code}.demo.tatalaman.id`,
        office_admin: true,
      });
      const expected = roles
        .get(office.code)!
        .map((r) => r.code)
        .sort();
      expect(expected.length).toBeGreaterThanOrEqual(3);
      const bound = after1.bindings.filter((b: { office: string }) => b.office === office.code);
      expect(bound.map((b: { role: string }) => b.role).sort()).toEqual(expected);
      for (const b of bound) expect(b.email).toBe(`${b.role}@${office.code}.demo.tatalaman.id`);
    }
    expect(
      after1.bindings.find(
        (b: { email: string }) => b.email === 'web-admin@kpu-prov-jateng.demo.tatalaman.id',
      ),
    ).toBeDefined();
    const [hash] = await ds.query(
      `SELECT password_hash FROM ${table('users')} WHERE email = 'kabag-hth@kpu-prov-jateng.demo.tatalaman.id'`,
    );
    expect(await verifyPassword(hash.password_hash, 'Demo-Uji-Seed-2026')).toBe(true);

    const second = await seedDemo(ds, config);
    expect(second.created).toEqual([]);
    expect(await snapshot()).toEqual(after1);

    const table_ = formatAccounts(second);
    expect(table_).toContain('Demo-Uji-Seed-2026');
    expect(table_).toContain('Tidak ada perubahan');
    expect(table_).toMatch(/kpu-prov-jateng\s+web-admin\s+web-admin@kpu-prov-jateng\.demo\.tatalaman\.id/);
  });

  it('sets a changed demo password back, so the printed table stays true', async () => {
    await ds.query(
      `UPDATE ${table('users')} SET password_hash = 'x' WHERE email = 'editor@diskominfo-kab-ketapang.demo.tatalaman.id'`,
    );
    const again = await seedDemo(ds, config);
    expect(again.created).toEqual(['password editor@diskominfo-kab-ketapang.demo.tatalaman.id']);
  });
});
