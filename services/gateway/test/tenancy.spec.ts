import { buildOpenApiDocument } from '../src/openapi/document';
import { DomainServices } from './support/domains';
import { call, expectStatus, type Reply, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

type Operation = { method: string; path: string; requires: string };

/** Every office-scoped operation of the API, from the OpenAPI document (new endpoints are covered by themselves). */
function officeOperations(gw: TestGateway): Operation[] {
  const doc = buildOpenApiDocument(gw.app) as {
    paths: Record<string, Record<string, { 'x-requires': string }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.includes('{office}')) continue;
    for (const [method, op] of Object.entries(methods))
      ops.push({ method: method.toUpperCase(), path, requires: op['x-requires'] });
  }
  return ops;
}

describe('tenancy: another office sees 404 or 403, never data', () => {
  let gw: TestGateway;
  let w: World;
  const ids: Record<string, string> = {};
  let keyA: string;
  let secretsOfB: string[];
  let domains: DomainServices;

  beforeAll(async () => {
    gw = await startGateway('tenancy');
    w = await buildWorld(gw);
    const { b } = w;
    // The content, registry, approvals and runtime services, holding records of office B.
    domains = new DomainServices(gw.nc);
    const domainIds = domains.seed(b.office);
    Object.assign(ids, domainIds);
    const binding = await call(gw, 'GET', `/api/v1/offices/${b.office}/role-bindings`, {
      token: b.admin.token,
    });
    ids.bindingId = binding.body.roleBindings[0].id;
    const delegation = await call(gw, 'POST', `/api/v1/offices/${b.office}/delegations`, {
      token: b.admin.token,
      body: {
        fromUserId: b.staff.id,
        toUserId: b.other.id,
        validFrom: '2026-01-01',
        validTo: '2030-12-31',
        reason: 'Cuti',
      },
    });
    expectStatus(delegation, 201);
    ids.delegationId = delegation.body.id;
    const key = await call(gw, 'POST', `/api/v1/offices/${b.office}/api-keys`, {
      token: b.admin.token,
      body: { name: 'Sistem B', scopes: ['office:read', 'content:read'] },
    });
    ids.apiKeyId = key.body.apiKey.id;
    ids.userId = b.staff.id;
    const keyOfA = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/api-keys`, {
      token: w.a.admin.token,
      body: {
        name: 'Sistem A',
        scopes: [
          'office:read',
          'content:read',
          'content:write',
          'runs:read',
          'decisions:write',
          'reports:read',
        ],
      },
    });
    keyA = keyOfA.body.secret;
    secretsOfB = [
      b.office,
      b.staff.email,
      b.other.email,
      b.admin.email,
      ids.bindingId,
      ids.delegationId,
      ids.apiKeyId,
      b.staff.id,
      ...Object.values(domainIds).filter((v) => v.length > 1),
    ];
  });
  afterAll(async () => {
    domains?.stop();
    await gw?.close();
  });

  // Real ids of office B's records: the gateway's own, and those the domain services hold.
  const fill = (path: string, office: string) =>
    path
      .replace('{office}', office)
      .replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');

  function expectNothingOf(res: Reply, allowed: number[], label: string) {
    if (!allowed.includes(res.status)) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = JSON.stringify(res.body);
    for (const secret of secretsOfB) {
      if (text.includes(secret) && !res.body.instance?.includes(secret))
        throw new Error(`${label} leaked ${secret}: ${text}`);
    }
  }

  it('covers every office-scoped route', () => {
    const ops = officeOperations(gw);
    expect(ops.length).toBeGreaterThanOrEqual(25);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/offices/{office}/audit',
        'DELETE /api/v1/offices/{office}/api-keys/{apiKeyId}',
        'PUT /api/v1/offices/{office}/attachments/{attachmentId}/content',
        'GET /api/v1/offices/{office}/attachments/{attachmentId}/content',
        'POST /api/v1/offices/{office}/sop-definitions',
        'POST /api/v1/offices/{office}/tasks/{taskId}/decision',
        'GET /api/v1/offices/{office}/runs/{workflowId}',
      ]),
    );
    // Every path parameter that names a record gets a real id of office B (`Id` parameters,
    // definition keys, content types, revisions and versions; others are names like `chart`).
    for (const op of ops)
      for (const [, name] of op.path.matchAll(/\{(\w+)\}/g))
        if (/Id$|^(key|contentType|revision|version)$/.test(name!))
          expect([op.path, ids[name!]]).toEqual([op.path, expect.any(String)]);
  });

  it("answers 404 to an admin, a member and an API key of another office on every route of the office's URL", async () => {
    const callers = [
      { label: 'office admin of A', token: w.a.admin.token },
      { label: 'member of A', token: w.a.staff.token },
      { label: 'API key of A', token: keyA },
    ];
    for (const op of officeOperations(gw)) {
      for (const caller of callers) {
        const res = await call(gw, op.method, fill(op.path, w.b.office), {
          token: caller.token,
          body: op.method === 'GET' ? undefined : {},
        });
        expectNothingOf(res, [404], `${caller.label}: ${op.method} ${op.path}`);
        expect(res.body.code).toBe('not-found');
      }
    }
  });

  it("answers an office that does not exist exactly like another's", async () => {
    for (const op of officeOperations(gw)) {
      const body = op.method === 'GET' ? undefined : {};
      const theirs = await call(gw, op.method, fill(op.path, w.b.office), { token: w.a.admin.token, body });
      const none = await call(gw, op.method, fill(op.path, 'kantor-tidak-ada'), {
        token: w.a.admin.token,
        body,
      });
      expect([none.status, none.body.code, none.body.title]).toEqual([
        theirs.status,
        theirs.body.code,
        theirs.body.title,
      ]);
    }
  });

  it("answers 404 or 403 when another office's ids are used under one's own office", async () => {
    for (const op of officeOperations(gw).filter((o) => /\{(?!office)\w+\}/.test(o.path))) {
      const res = await call(gw, op.method, fill(op.path, w.a.office), {
        token: w.a.admin.token,
        body: op.method === 'GET' ? undefined : {},
      });
      // 400 only where the body is checked before the id is looked up: still nothing of B.
      expectNothingOf(res, [400, 403, 404], `own office, B's ids: ${op.method} ${op.path}`);
    }
    // The services were asked about B's records, always as office A (they answered 404).
    expect(domains.calls.length).toBeGreaterThanOrEqual(20);
    expect(domains.calls.filter((c) => c.office !== w.a.office)).toEqual([]);
    expect(domains.calls.flatMap((c) => c.names)).toEqual(
      expect.arrayContaining([
        ids.itemId,
        ids.attachmentId,
        ids.key,
        ids.activationId,
        ids.contentType,
        ids.taskId,
        ids.workflowId,
      ]),
    );
  });

  it('changed nothing of the other office', async () => {
    const b = w.b;
    const bindings = await call(gw, 'GET', `/api/v1/offices/${b.office}/role-bindings`, {
      token: b.admin.token,
    });
    expect(bindings.body.roleBindings.every((r: { revokedAt: unknown }) => r.revokedAt === null)).toBe(true);
    const key = await call(gw, 'GET', `/api/v1/offices/${b.office}/api-keys/${ids.apiKeyId}`, {
      token: b.admin.token,
    });
    expect(key.body.revokedAt).toBeNull();
    const members = await call(gw, 'GET', `/api/v1/offices/${b.office}/users`, { token: b.admin.token });
    expect(members.body.members).toHaveLength(3);
    const delegation = await call(gw, 'GET', `/api/v1/offices/${b.office}/delegations/${ids.delegationId}`, {
      token: b.admin.token,
    });
    expect(delegation.body.revokedAt).toBeNull();
  });

  it('answers 403 to members without the permission', async () => {
    const { a } = w;
    for (const op of officeOperations(gw).filter(
      (o) => o.requires === 'office:admin' || o.requires === 'audit:read',
    )) {
      const res = await call(gw, op.method, fill(op.path, a.office).replace(/[0-9a-f-]{36}/g, a.staff.id), {
        token: a.staff.token,
        body: op.method === 'GET' ? undefined : {},
      });
      expectNothingOf(res, [403], `member: ${op.method} ${op.path}`);
      expect(res.body.code).toBe('forbidden');
    }
    // An API key never administers, whatever its scopes.
    const keyed = await call(gw, 'GET', `/api/v1/offices/${a.office}/users`, { token: keyA });
    expectStatus(keyed, 403);
    // A key lacking a scope.
    const narrow = await call(gw, 'POST', `/api/v1/offices/${a.office}/api-keys`, {
      token: a.admin.token,
      body: { name: 'Hanya konten', scopes: ['content:read'] },
    });
    expectStatus(await call(gw, 'GET', `/api/v1/offices/${a.office}`, { token: narrow.body.secret }), 403);
  });

  it('keeps platform routes to platform admins, and people-only routes to people', async () => {
    const { a } = w;
    for (const [method, path] of [
      ['POST', '/api/v1/offices'],
      ['GET', '/api/v1/platform-admins'],
      ['POST', '/api/v1/platform-admins'],
      ['GET', '/api/v1/platform-audit'],
    ] as const) {
      expectStatus(
        await call(gw, method, path, { token: a.admin.token, body: method === 'GET' ? undefined : {} }),
        403,
      );
      expectStatus(
        await call(gw, method, path, { token: keyA, body: method === 'GET' ? undefined : {} }),
        403,
      );
    }
    // Office admins do not change the office profile nor add other offices' people.
    expectStatus(
      await call(gw, 'PATCH', `/api/v1/offices/${a.office}`, {
        token: a.admin.token,
        body: { name: 'Baru' },
      }),
      403,
    );
    expectStatus(
      await call(gw, 'POST', `/api/v1/offices/${a.office}/members`, {
        token: a.admin.token,
        body: { email: w.b.staff.email },
      }),
      403,
    );
    expectStatus(
      await call(gw, 'POST', '/api/v1/me/password', {
        token: keyA,
        body: { currentPassword: 'x', newPassword: 'y' },
      }),
      403,
    );
  });

  it("lists only one's own offices", async () => {
    const mine = await call(gw, 'GET', '/api/v1/offices', { token: w.a.admin.token });
    expect(mine.body.offices.map((o: { code: string }) => o.code)).toEqual([w.a.office]);
    const keyed = await call(gw, 'GET', '/api/v1/offices', { token: keyA });
    expect(keyed.body.offices.map((o: { code: string }) => o.code)).toEqual([w.a.office]);
    const all = await call(gw, 'GET', '/api/v1/offices', { token: w.root.token });
    expect(all.body.offices.map((o: { code: string }) => o.code)).toEqual([w.a.office, w.b.office]);
  });
});
