import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { table } from '../src/db';
import { buildOpenApiDocument } from '../src/openapi/document';
import { call, expectStatus, PASSWORD, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

describe('Idempotency-Key on mutating requests', () => {
  let gw: TestGateway;
  let w: World;

  beforeAll(async () => {
    gw = await startGateway('idempotency');
    w = await buildWorld(gw);
  });
  afterAll(() => gw?.close());

  const outboxCount = async (type: string) =>
    Number(
      (await gw.dataSource.query(`SELECT count(*) AS n FROM ${table('outbox')} WHERE type = $1`, [type]))[0]
        .n,
    );

  it('is required on every mutating route except sign-in and sign-out', async () => {
    const doc = buildOpenApiDocument(gw.app) as {
      paths: Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
    };
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method === 'get') continue;
        const declared = (op.parameters ?? []).some(
          (p) => p.$ref === '#/components/parameters/IdempotencyKey',
        );
        if (path.startsWith('/api/v1/auth/')) {
          expect(declared).toBe(false);
          continue;
        }
        expect(declared).toBe(true);
        const url = path.replace('{office}', w.a.office).replace(/\{\w+\}/g, w.a.staff.id);
        const res = await call(gw, method.toUpperCase(), url, { token: w.root.token, body: {}, key: null });
        expect([res.status, res.body.code, `${method} ${path}`]).toEqual([
          400,
          'idempotency-key-required',
          `${method} ${path}`,
        ]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('replays the first answer and does the work once', async () => {
    const key = randomUUID();
    const body = { email: 'sekali@kantor-a.test', name: 'Sekali Saja', password: PASSWORD };
    const path = `/api/v1/offices/${w.a.office}/users`;
    const first = await call(gw, 'POST', path, { token: w.a.admin.token, body, key });
    expectStatus(first, 201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const events = await outboxCount('identity.user-created');
    const again = await call(gw, 'POST', path, { token: w.a.admin.token, body: { ...body }, key });
    expectStatus(again, 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await outboxCount('identity.user-created')).toBe(events);
    const [{ n }] = await gw.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table('users')} WHERE email = $1`,
      [body.email],
    );
    expect(n).toBe(1);
  });

  it('refuses the same key for a different request (422), and keys are per principal', async () => {
    const key = randomUUID();
    const path = `/api/v1/offices/${w.a.office}/role-bindings`;
    expectStatus(
      await call(gw, 'POST', path, {
        token: w.a.admin.token,
        key,
        body: { userId: w.a.other.id, role: 'sekretaris' },
      }),
      201,
    );
    const other = await call(gw, 'POST', path, {
      token: w.a.admin.token,
      key,
      body: { userId: w.a.other.id, role: 'ketua' },
      lang: 'en',
    });
    expectStatus(other, 422);
    expect(other.body).toMatchObject({ code: 'idempotency-key-reused' });
    // Another path with the same key is a different request too.
    expectStatus(
      await call(gw, 'POST', `/api/v1/offices/${w.a.office}/delegations`, {
        token: w.a.admin.token,
        key,
        body: {},
      }),
      422,
    );
    // The same key from someone else is their own key.
    expectStatus(
      await call(gw, 'POST', path, {
        token: w.root.token,
        key,
        body: { userId: w.a.other.id, role: 'ketua' },
      }),
      201,
    );
  });

  it('answers 409 while the first request is still running, then replays its answer', async () => {
    const key = randomUUID();
    const path = `/api/v1/offices/${w.a.office}/role-bindings`;
    const body = { userId: w.a.other.id, role: 'bendahara' };
    const blocker = new Client({ connectionString: gw.db.url });
    await blocker.connect();
    try {
      // SHARE mode lets the guard read role bindings but makes the first request's INSERT wait.
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table('role_bindings')} IN SHARE MODE`);
      const first = call(gw, 'POST', path, { token: w.a.admin.token, key, body });
      await new Promise((r) => setTimeout(r, 500));
      const second = await call(gw, 'POST', path, { token: w.a.admin.token, key, body, lang: 'en' });
      expectStatus(second, 409);
      expect(second.body.code).toBe('idempotency-in-progress');
      expect(second.headers.get('retry-after')).toBe('1');
      await blocker.query('COMMIT');
      const done = await first;
      expectStatus(done, 201);
      const third = await call(gw, 'POST', path, { token: w.a.admin.token, key, body });
      expectStatus(third, 201);
      expect(third.body).toEqual(done.body);
      const rows = await gw.dataSource.query(
        `SELECT id FROM ${table('role_bindings')} WHERE role = 'bendahara'`,
      );
      expect(rows).toHaveLength(1);
    } finally {
      await blocker.end();
    }
  });

  it('lets the key go when the request failed, so a corrected retry can use it', async () => {
    const key = randomUUID();
    const path = `/api/v1/offices/${w.a.office}/users`;
    expectStatus(await call(gw, 'POST', path, { token: w.a.admin.token, key, body: { email: 'x' } }), 400);
    expectStatus(
      await call(gw, 'POST', path, {
        token: w.a.admin.token,
        key,
        body: { email: 'betul@kantor-a.test', name: 'Betul', password: PASSWORD },
      }),
      201,
    );
  });

  it('replays PUT, PATCH and DELETE answers without repeating them', async () => {
    const a = w.a;
    const calendar = {
      workingHours: {
        '1': [{ start: '08:00', end: '16:00' }],
        '2': [],
        '3': [],
        '4': [],
        '5': [],
        '6': [],
        '7': [],
      },
      holidayOverrides: [],
      extraWorkingDays: [],
    };
    for (const [method, path, body] of [
      ['PUT', `/api/v1/offices/${a.office}/calendar`, calendar],
      ['PATCH', `/api/v1/offices/${a.office}/users/${a.other.id}`, { officeAdmin: true }],
      ['DELETE', `/api/v1/offices/${a.office}/users/${a.other.id}`, undefined],
    ] as const) {
      const key = randomUUID();
      const before = Number((await gw.dataSource.query(`SELECT count(*) AS n FROM ${table('outbox')}`))[0].n);
      const first = await call(gw, method, path, { token: a.admin.token, key, body });
      expect(first.status).toBeLessThan(300);
      const middle = Number((await gw.dataSource.query(`SELECT count(*) AS n FROM ${table('outbox')}`))[0].n);
      expect(middle).toBeGreaterThan(before);
      const again = await call(gw, method, path, { token: a.admin.token, key, body });
      expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([first.status, 'true']);
      expect(again.body).toEqual(first.body);
      const after = Number((await gw.dataSource.query(`SELECT count(*) AS n FROM ${table('outbox')}`))[0].n);
      expect(after).toBe(middle);
    }
  });

  it('keeps a replayed secret encrypted at rest and returns it unchanged', async () => {
    const key = randomUUID();
    const path = `/api/v1/offices/${w.a.office}/api-keys`;
    const body = { name: 'Sistem Ulang', scopes: ['content:read'] };
    const first = await call(gw, 'POST', path, { token: w.a.admin.token, key, body });
    expectStatus(first, 201);
    const again = await call(gw, 'POST', path, { token: w.a.admin.token, key, body });
    expect(again.body).toEqual(first.body);
    const [row] = await gw.dataSource.query(
      `SELECT response_body, response_sealed FROM ${table('idempotency_keys')} WHERE key = $1`,
      [key],
    );
    expect(row.response_body).toBeNull();
    expect(row.response_sealed).toMatch(/^v1\./);
    expect(row.response_sealed).not.toContain(first.body.secret);
    const keys = await call(gw, 'GET', path, { token: w.a.admin.token });
    expect(keys.body.apiKeys.filter((k: { name: string }) => k.name === 'Sistem Ulang')).toHaveLength(1);
  });
});
