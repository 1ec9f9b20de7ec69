import { localDate } from '@tatalaman/working-time';
import { call, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

describe('role bindings and delegations: effective roles by date', () => {
  let gw: TestGateway;
  let w: World;
  let office: string;

  beforeAll(async () => {
    gw = await startGateway('delegations');
    w = await buildWorld(gw);
    office = w.a.office; // Asia/Jakarta (UTC+7)
  });
  afterAll(() => gw?.close());

  const post = (path: string, body: unknown) =>
    call(gw, 'POST', `/api/v1/offices/${office}${path}`, { token: w.a.admin.token, body });
  const rolesAt = async (userId: string, at: string) => {
    const res = await call(
      gw,
      'GET',
      `/api/v1/offices/${office}/users/${userId}/roles?at=${encodeURIComponent(at)}`,
      { token: w.a.admin.token },
    );
    expectStatus(res, 200);
    return res.body as {
      date: string;
      roles: { role: string; source: string; onBehalfOf?: { id: string } }[];
    };
  };
  const summary = (r: { roles: { role: string; onBehalfOf?: { id: string } }[] }) =>
    r.roles
      .map((x) =>
        x.onBehalfOf ? `${x.role}@${x.onBehalfOf.id === w.a.staff.id ? 'staff' : x.onBehalfOf.id}` : x.role,
      )
      .sort();

  it('resolves bindings and delegations on the office-local date of the moment', async () => {
    const { staff, other, admin } = w.a;
    expectStatus(
      await post('/role-bindings', {
        userId: staff.id,
        role: 'sekretaris',
        validFrom: '2026-03-01',
        validTo: '2026-03-31',
      }),
      201,
    );
    const all = await post('/delegations', {
      fromUserId: staff.id,
      toUserId: other.id,
      validFrom: '2026-03-10',
      validTo: '2026-03-20',
      reason: 'Cuti tahunan',
    });
    expectStatus(all, 201);
    expect(all.body).toMatchObject({ role: null, from: { userId: staff.id }, to: { userId: other.id } });
    expectStatus(
      await post('/delegations', {
        fromUserId: staff.id,
        toUserId: admin.id,
        role: 'sekretaris',
        validFrom: '2026-03-15',
        validTo: '2026-03-16',
        reason: 'Dinas luar',
      }),
      201,
    );

    // 2026-03-09T17:30Z is already 10 March in Jakarta.
    expect(summary(await rolesAt(other.id, '2026-03-09T16:59:00Z'))).toEqual([]);
    const first = await rolesAt(other.id, '2026-03-09T17:30:00Z');
    expect(first.date).toBe('2026-03-10');
    expect(summary(first)).toEqual(['kabag@staff', 'sekretaris@staff']);
    expect(first.roles.every((r) => r.source === 'delegation')).toBe(true);
    expect(summary(await rolesAt(other.id, '2026-03-20T16:59:59Z'))).toEqual([
      'kabag@staff',
      'sekretaris@staff',
    ]);
    expect(summary(await rolesAt(other.id, '2026-03-20T17:00:00Z'))).toEqual([]);
    // One role only, for its two days; the absent person keeps their own roles.
    expect(summary(await rolesAt(admin.id, '2026-03-15T05:00:00Z'))).toEqual(['sekretaris@staff']);
    expect(summary(await rolesAt(admin.id, '2026-03-17T05:00:00Z'))).toEqual([]);
    expect(summary(await rolesAt(staff.id, '2026-03-15T05:00:00Z'))).toEqual(['kabag', 'sekretaris']);
    // After the binding ends, only the still-valid role passes by delegation.
    expect(summary(await rolesAt(staff.id, '2026-04-01T05:00:00Z'))).toEqual(['kabag']);

    // Revoking ends it at once, and the record stays.
    const revoked = await call(gw, 'DELETE', `/api/v1/offices/${office}/delegations/${all.body.id}`, {
      token: w.a.admin.token,
    });
    expectStatus(revoked, 200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(revoked.body.revokedBy).toMatchObject({ kind: 'user', id: w.a.admin.id });
    expect(summary(await rolesAt(other.id, '2026-03-12T05:00:00Z'))).toEqual([]);
  });

  it('shows delegated roles, marked onBehalfOf, in /me now', async () => {
    const today = localDate(Date.now(), 'Asia/Jakarta');
    const day = (offset: number) =>
      new Date(Date.parse(today) + offset * 86_400_000).toISOString().slice(0, 10);
    expectStatus(
      await post('/delegations', {
        fromUserId: w.a.staff.id,
        toUserId: w.a.other.id,
        role: 'kabag',
        validFrom: day(-1),
        validTo: day(1),
        reason: 'Sakit',
      }),
      201,
    );
    const me = await call(gw, 'GET', '/api/v1/me', { token: w.a.other.token });
    expect(me.body.offices[0].roles).toEqual([
      expect.objectContaining({
        role: 'kabag',
        source: 'delegation',
        onBehalfOf: { kind: 'user', id: w.a.staff.id, name: `staf ${office}` },
      }),
    ]);
    const current = await call(gw, 'GET', `/api/v1/offices/${office}/delegations?current=true`, {
      token: w.a.admin.token,
    });
    expect(current.body.delegations).toHaveLength(1);
  });

  it('refuses delegations that cannot hold', async () => {
    const { staff, other } = w.a;
    // Nothing to delegate in that period.
    const early = await post('/delegations', {
      fromUserId: other.id,
      toUserId: staff.id,
      validFrom: '2026-05-01',
      validTo: '2026-05-02',
      reason: 'x',
    });
    expectStatus(early, 422);
    expect(early.body.errors[0].pointer).toBe('#/fromUserId');
    const wrongRole = await post('/delegations', {
      fromUserId: staff.id,
      toUserId: other.id,
      role: 'ketua',
      validFrom: '2026-05-01',
      validTo: '2026-05-02',
      reason: 'x',
    });
    expectStatus(wrongRole, 422);
    // People of another office are not members here.
    const outsider = await post('/delegations', {
      fromUserId: staff.id,
      toUserId: w.b.staff.id,
      validFrom: '2026-05-01',
      validTo: '2026-05-02',
      reason: 'x',
    });
    expectStatus(outsider, 422);
    expect(outsider.body.errors[0].pointer).toBe('#/toUserId');
    const self = await post('/delegations', {
      fromUserId: staff.id,
      toUserId: staff.id,
      validFrom: '2026-05-02',
      validTo: '2026-05-01',
      reason: 'x',
    });
    expectStatus(self, 400);
    expect(self.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '#/toUserId',
      '#/validTo',
    ]);
  });

  it('ends role bindings by date or by revocation, keeping them for the record', async () => {
    const { other } = w.a;
    const b = await post('/role-bindings', { userId: other.id, role: 'operator', validFrom: '2026-01-01' });
    expectStatus(b, 201);
    expect(b.body).toMatchObject({
      validTo: null,
      current: true,
      createdBy: { kind: 'user', id: w.a.admin.id },
    });
    const ended = await call(gw, 'PATCH', `/api/v1/offices/${office}/role-bindings/${b.body.id}`, {
      token: w.a.admin.token,
      body: { validTo: '2026-02-28' },
    });
    expectStatus(ended, 200);
    expect(summary(await rolesAt(other.id, '2026-02-28T10:00:00Z'))).toContain('operator');
    expect(summary(await rolesAt(other.id, '2026-03-01T10:00:00Z'))).not.toContain('operator');
    const before = await call(gw, 'PATCH', `/api/v1/offices/${office}/role-bindings/${b.body.id}`, {
      token: w.a.admin.token,
      body: { validTo: '2025-12-31' },
    });
    expectStatus(before, 400);
    const revoked = await call(gw, 'DELETE', `/api/v1/offices/${office}/role-bindings/${b.body.id}`, {
      token: w.a.admin.token,
    });
    expect(revoked.body).toMatchObject({ current: false, revokedBy: { id: w.a.admin.id } });
    const list = await call(
      gw,
      'GET',
      `/api/v1/offices/${office}/role-bindings?userId=${other.id}&role=operator`,
      { token: w.a.admin.token },
    );
    expect(list.body.roleBindings).toHaveLength(1);
    const badRole = await post('/role-bindings', { userId: other.id, role: 'Kabag HTH' });
    expectStatus(badRole, 400);
    expect(badRole.body.errors[0].pointer).toBe('#/role');
  });

  it('removing a member ends their bindings and delegations in the office', async () => {
    const { staff } = w.a;
    expectStatus(
      await call(gw, 'DELETE', `/api/v1/offices/${office}/users/${staff.id}`, { token: w.a.admin.token }),
      204,
    );
    const bindings = await call(
      gw,
      'GET',
      `/api/v1/offices/${office}/role-bindings?userId=${staff.id}&current=true`,
      { token: w.a.admin.token },
    );
    expect(bindings.body.roleBindings).toEqual([]);
    const delegations = await call(
      gw,
      'GET',
      `/api/v1/offices/${office}/delegations?userId=${staff.id}&current=true`,
      { token: w.a.admin.token },
    );
    expect(delegations.body.delegations).toEqual([]);
    expectStatus(
      await call(gw, 'GET', `/api/v1/offices/${office}/users/${staff.id}`, { token: w.a.admin.token }),
      404,
    );
  });
});
