import { randomUUID } from 'node:crypto';
import { auditEvent } from '@tatalaman/audit';
import { domainStreamName, subjectOf } from '@tatalaman/contracts';
import { replayFrom } from '@tatalaman/messaging';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { Client } from 'pg';
import type { Schemas } from '@tatalaman/api-client';
import { table } from '../src/db';
import { call, eventually, expectStatus, PASSWORD, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

describe('audit log', () => {
  let gw: TestGateway;
  let w: World;

  beforeAll(async () => {
    gw = await startGateway('audit');
    w = await buildWorld(gw);
  });
  afterAll(() => gw?.close());

  const audit = async (office: string, query = '', token = w.a.admin.token) => {
    const res = await call(gw, 'GET', `/api/v1/offices/${office}/audit${query}`, { token });
    expectStatus(res, 200);
    return res.body as { entries: Schemas['AuditEntry'][]; nextCursor?: string };
  };

  it("records the gateway's own changes with old and new values, secrets hidden", async () => {
    const created = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/users`, {
      token: w.a.admin.token,
      body: { email: 'baru@kantor-a.test', name: 'Pegawai Baru', password: PASSWORD },
      headers: { 'x-request-id': 'req-audit-create-0001' },
    });
    expectStatus(created, 201);
    expectStatus(
      await call(gw, 'PATCH', `/api/v1/offices/${w.a.office}/users/${created.body.id}`, {
        token: w.a.admin.token,
        body: { name: 'Pegawai Lama', password: 'Sandi-Baru-Sekali-1' },
      }),
      200,
    );
    const page = await eventually(
      async () => {
        const p = await audit(w.a.office, `?entity=user&entityId=${created.body.id}`);
        return p.entries.length === 2 && p;
      },
      15_000,
      'two audit entries',
    );
    const [update, create] = page.entries;
    expect(create).toMatchObject({
      service: 'gateway',
      entity: 'user',
      action: 'create',
      actor: { kind: 'user', id: w.a.admin.id },
      requestId: 'req-audit-create-0001',
    });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', old: null, new: 'baru@kantor-a.test' },
        { field: 'passwordHash', old: null, new: '***' },
      ]),
    );
    expect(update.changes).toEqual([
      { field: 'name', old: 'Pegawai Baru', new: 'Pegawai Lama' },
      { field: 'passwordHash', old: '***', new: '***' },
    ]);
    expect(JSON.stringify(page)).not.toMatch(/argon2/);
  });

  it('takes in the audit events of every service, each in its own office', async () => {
    const event = auditEvent({
      office: w.a.office,
      actor: { kind: 'api-key', id: randomUUID(), name: 'Sistem Agensi' },
      service: 'content',
      entity: 'content-item',
      entityId: 'item-42',
      action: 'update',
      before: { title: 'Lama' },
      after: { title: 'Baru' },
      requestId: 'req-content-77',
    });
    const h = headers();
    h.set('Nats-Msg-Id', event.id);
    await jetstream(gw.nc).publish(subjectOf(event), JSON.stringify(event), { headers: h });
    const entry = await eventually(
      async () => (await audit(w.a.office, '?service=content')).entries[0],
      15_000,
      'content entry',
    );
    expect(entry).toMatchObject({
      id: event.id,
      actor: { kind: 'api-key', name: 'Sistem Agensi' },
      entity: 'content-item',
      entityId: 'item-42',
      changes: [{ field: 'title', old: 'Lama', new: 'Baru' }],
    });
    expect((await audit(w.b.office, '?service=content', w.b.admin.token)).entries).toEqual([]);
    // Redelivered or replayed: stored once.
    await jetstream(gw.nc).publish(subjectOf(event), JSON.stringify(event));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await audit(w.a.office, '?service=content')).entries).toHaveLength(1);
  });

  it('filters by actor, action and time, and pages newest first', async () => {
    for (const role of ['satu', 'dua', 'tiga']) {
      expectStatus(
        await call(gw, 'POST', `/api/v1/offices/${w.a.office}/role-bindings`, {
          token: w.root.token,
          body: { userId: w.a.other.id, role },
        }),
        201,
      );
    }
    const byRoot = await eventually(
      async () => {
        const p = await audit(w.a.office, `?actor=${w.root.id}&entity=role-binding&action=create`);
        return p.entries.length === 3 && p;
      },
      15_000,
      'three bindings by root',
    );
    expect(byRoot.entries.map((e) => e.changes.find((c) => c.field === 'role')?.new)).toEqual([
      'tiga',
      'dua',
      'satu',
    ]);
    const first = await audit(w.a.office, `?actor=${w.root.id}&entity=role-binding&limit=2`);
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await audit(
      w.a.office,
      `?actor=${w.root.id}&entity=role-binding&limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.entries.map((e) => e.id)).toEqual([byRoot.entries[2].id]);
    expect(second.nextCursor).toBeUndefined();
    const future = await audit(
      w.a.office,
      `?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(future.entries).toEqual([]);
    const past = await audit(w.a.office, `?to=${encodeURIComponent('2020-01-01T00:00:00Z')}`);
    expect(past.entries).toEqual([]);
  });

  it('keeps platform-wide changes in the platform log', async () => {
    expectStatus(
      await call(gw, 'POST', '/api/v1/platform-admins', {
        token: w.root.token,
        body: { email: 'kedua@tatalaman.test', name: 'Admin Kedua', password: PASSWORD },
      }),
      200,
    );
    const res = await eventually(
      async () => {
        const r = await call(gw, 'GET', '/api/v1/platform-audit?action=grant-platform-admin', {
          token: w.root.token,
        });
        return r.body.entries.length === 1 && r;
      },
      15_000,
      'platform entry',
    );
    expect(res.body.entries[0].changes).toEqual(
      expect.arrayContaining([{ field: 'platformAdmin', old: false, new: true }]),
    );
  });

  it('publishes the identity events of the changes on the identity stream', async () => {
    const js = jetstream(gw.nc);
    const jsm = await jetstreamManager(gw.nc);
    const events = await eventually(
      async () => {
        const seen: {
          type: string;
          office: string;
          actor?: { id: string };
          data: Record<string, unknown>;
        }[] = [];
        for await (const { event } of replayFrom(js, jsm, domainStreamName('identity'), { startSeq: 1 }))
          seen.push(event);
        return seen.some((e) => e.type === 'identity.role-binding-granted' && e.data.role === 'tiga') && seen;
      },
      15_000,
      'identity events',
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'identity.office-created',
        office: w.a.office,
        actor: expect.objectContaining({ id: w.root.id }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'identity.user-created',
        office: w.b.office,
        data: expect.objectContaining({ userId: w.b.staff.id, email: w.b.staff.email }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'identity.role-binding-granted',
        office: w.a.office,
        data: expect.objectContaining({ userId: w.a.staff.id, role: 'kabag', validFrom: '2020-01-01' }),
      }),
    );
    // Secrets never travel: not the hashes, not the passwords.
    const text = JSON.stringify(events);
    for (const secret of ['$argon2', PASSWORD, 'Sandi-Baru-Sekali-1']) expect(text).not.toContain(secret);
  });

  it('is append-only in the database itself', async () => {
    await eventually(async () => (await audit(w.a.office)).entries.length > 0);
    const client = new Client({ connectionString: gw.db.url });
    await client.connect();
    try {
      await expect(client.query(`UPDATE ${table('audit_log')} SET action = 'tampered'`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(client.query(`DELETE FROM ${table('audit_log')}`)).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(client.query(`TRUNCATE ${table('audit_log')}`)).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
      const [{ n }] = (
        await client.query(`SELECT count(*)::int AS n FROM ${table('audit_log')} WHERE action = 'tampered'`)
      ).rows;
      expect(n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
