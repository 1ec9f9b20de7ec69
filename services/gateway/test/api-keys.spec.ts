import { createHash } from 'node:crypto';
import { table } from '../src/db';
import { call, eventually, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

describe('API keys', () => {
  let gw: TestGateway;
  let w: World;

  beforeAll(async () => {
    gw = await startGateway('apikeys');
    w = await buildWorld(gw);
  });
  afterAll(() => gw?.close());

  const create = async (body: Record<string, unknown>) => {
    const res = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/api-keys`, {
      token: w.a.admin.token,
      body,
    });
    expectStatus(res, 201);
    return res.body as { secret: string; apiKey: { id: string; prefix: string; lastUsedAt: string | null } };
  };

  it('shows the secret once and keeps only its SHA-256 with a visible prefix', async () => {
    const { secret, apiKey } = await create({ name: 'SIRUP', scopes: ['office:read', 'content:read'] });
    expect(secret).toMatch(/^tlk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const [row] = await gw.dataSource.query(
      `SELECT key_hash, prefix FROM ${table('api_keys')} WHERE id = $1`,
      [apiKey.id],
    );
    expect(row.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const listed = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/api-keys`, {
      token: w.a.admin.token,
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const one = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/api-keys/${apiKey.id}`, {
      token: w.a.admin.token,
    });
    expect(one.body).not.toHaveProperty('secret');
  });

  it('acts within its scopes, in its own office, as an api-key actor', async () => {
    const { secret, apiKey } = await create({ name: 'Portal', scopes: ['office:read'] });
    const me = await call(gw, 'GET', '/api/v1/me', { token: secret });
    expectStatus(me, 200);
    expect(me.body).toMatchObject({ kind: 'api-key', id: apiKey.id, email: null, scopes: ['office:read'] });
    expect(me.body.offices).toEqual([
      expect.objectContaining({ code: w.a.office, permissions: ['office:read'], roles: [] }),
    ]);
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}/calendar`, { token: secret }), 200);
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.b.office}/calendar`, { token: secret }), 404);
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}/audit`, { token: secret }), 403);
  });

  it('records when it was last used, at most once a minute', async () => {
    const { secret, apiKey } = await create({ name: 'Pemakaian', scopes: ['office:read'] });
    expect(apiKey.lastUsedAt).toBeNull();
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: secret }), 200);
    const first = await eventually(async () => {
      const res = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/api-keys/${apiKey.id}`, {
        token: w.a.admin.token,
      });
      return res.body.lastUsedAt as string | null;
    });
    for (let i = 0; i < 5; i++)
      expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: secret }), 200);
    const later = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/api-keys/${apiKey.id}`, {
      token: w.a.admin.token,
    });
    expect(later.body.lastUsedAt).toBe(first);
  });

  it('stops working once revoked or expired', async () => {
    const { secret, apiKey } = await create({ name: 'Dicabut', scopes: ['office:read'] });
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: secret }), 200);
    const revoked = await call(gw, 'DELETE', `/api/v1/offices/${w.a.office}/api-keys/${apiKey.id}`, {
      token: w.a.admin.token,
    });
    expectStatus(revoked, 200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: secret }), 401);

    const soon = await create({
      name: 'Sebentar',
      scopes: ['office:read'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: soon.secret }), 200);
    await new Promise((r) => setTimeout(r, 1700));
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${w.a.office}`, { token: soon.secret }), 401);
  });

  it('refuses unknown scopes and a past expiry', async () => {
    const res = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/api-keys`, {
      token: w.a.admin.token,
      body: { name: 'Salah', scopes: ['office:admin', 'everything'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expectStatus(res, 400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/scopes/0', '#/scopes/1']);
    const past = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/api-keys`, {
      token: w.a.admin.token,
      body: { name: 'Lama', scopes: ['content:read'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expectStatus(past, 400);
    expect(past.body.errors[0].pointer).toBe('#/expiresAt');
  });
});
