import type { CommandErrorReply, PublicationView, ScheduleView, WebhookView } from '@tatalaman/contracts';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import { call, expectStatus, startGateway, type TestGateway } from '../../../test/support/harness';
import { buildWorld, type World } from '../../../test/support/world';

// The publishing API against the publishing service's contract: office access,
// permissions, validation, idempotency keys and secrets at the edge, with the commands
// answered at the contract boundary. The service itself is tested in services/publishing.

let gw: TestGateway;
let world: World;
const served: ServedCommand<never>[] = [];
const itemId = '5d0c3b1e-7a2f-4c8e-9b1d-2e3f4a5b6c7d';

function serve<K extends Parameters<typeof serveCommand>[1]>(
  name: K,
  handler: Parameters<typeof serveCommand<K>>[2],
) {
  const s = serveCommand(gw.nc, name, handler);
  served.push(s as unknown as ServedCommand<never>);
  return s;
}

const notPublished: CommandErrorReply = {
  error: {
    status: 409,
    code: 'not-published',
    message: {
      id: 'Konten ini tidak sedang tayang di website.',
      en: 'This item is not live on the website.',
    },
  },
};

function publication(office: string): PublicationView {
  return {
    publicationId: '0f1e2d3c-4b5a-4968-8776-655443322110',
    office,
    itemId,
    type: 'berita',
    slug: 'rapat-pleno',
    title: 'Rapat Pleno',
    summary: null,
    url: `http://localhost:3100/${office}/berita/rapat-pleno`,
    path: `/${office}/berita/rapat-pleno`,
    status: 'published',
    revision: 2,
    revisionId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    publicationRevision: 2,
    firstPublishedAt: '2026-02-10T01:00:00.000Z',
    publishedAt: '2026-02-10T01:00:00.000Z',
    correctedAt: '2026-02-11T01:00:00.000Z',
    corrections: [{ at: '2026-02-11T01:00:00.000Z', note: 'Tanggal diperbaiki', revision: 2 }],
    retractedAt: null,
    retractionReason: null,
    media: [],
    receipts: [
      {
        receiptId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        itemId,
        kind: 'correct',
        channel: 'website',
        target: null,
        url: `http://localhost:3100/${office}/berita/rapat-pleno`,
        status: 'published',
        error: null,
        revision: 2,
        publishedAt: '2026-02-11T01:00:00.000Z',
        run: null,
        actor: { kind: 'user', id: 'u1', name: 'Admin' },
        authority: { as: 'office-admin' },
        note: 'Tanggal diperbaiki',
        createdAt: '2026-02-11T01:00:00.000Z',
      },
    ],
    schedule: null,
  };
}

beforeAll(async () => {
  gw = await startGateway('publishingapi');
  world = await buildWorld(gw);
}, 120_000);

afterAll(async () => {
  for (const s of served) s.stop();
  await gw?.close();
});

describe('publishing API', () => {
  it('lists publications with receipts to members and API keys with content:read, nobody else', async () => {
    const list = serve('publishing.publication.list', (req) => ({ publications: [publication(req.office)] }));
    const res = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/publications?status=published&limit=5`,
      {
        token: world.a.other.token,
      },
    );
    expectStatus(res, 200);
    expect(res.body.publications[0]).toEqual(publication(world.a.office));
    expect(list.calls.at(-1)!.request).toMatchObject({
      office: world.a.office,
      status: 'published',
      limit: 5,
    });
    const other = await call(gw, 'GET', `/api/v1/offices/${world.a.office}/publications`, {
      token: world.b.staff.token,
    });
    expect(other.status).toBe(404);
    expect(list.calls).toHaveLength(1);
  });

  it('forwards corrections and retractions with the actor and Idempotency-Key, and passes refusals on', async () => {
    const correct = serve('publishing.publication.correct', (req) => publication(req.office));
    const key = 'koreksi-001';
    const res = await call(
      gw,
      'POST',
      `/api/v1/offices/${world.a.office}/publications/${itemId}/correction`,
      {
        token: world.a.staff.token,
        key,
        body: { note: 'Tanggal diperbaiki' },
      },
    );
    expectStatus(res, 200);
    expect(correct.calls[0]!.request).toMatchObject({
      office: world.a.office,
      itemId,
      note: 'Tanggal diperbaiki',
      idempotencyKey: key,
      actor: { kind: 'user' },
    });
    expect(correct.calls[0]!.idempotencyKey).toBe(key);
    const empty = await call(
      gw,
      'POST',
      `/api/v1/offices/${world.a.office}/publications/${itemId}/correction`,
      {
        token: world.a.staff.token,
        body: { note: '  ' },
      },
    );
    expect(empty.status).toBe(400);
    serve('publishing.publication.retract', () => {
      throw notPublished;
    });
    const refused = await call(
      gw,
      'POST',
      `/api/v1/offices/${world.a.office}/publications/${itemId}/retraction`,
      {
        token: world.a.staff.token,
        body: { reason: 'Salah unggah' },
      },
    );
    expect([refused.status, refused.body.code]).toEqual([409, 'not-published']);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('sets and cancels a publication time through one route', async () => {
    const view = (state: ScheduleView['state']): ScheduleView => ({
      scheduleId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
      itemId,
      publishAt: '2026-03-01T00:00:00.000Z',
      publishAtLocal: '2026-03-01T08:00',
      timeZone: 'Asia/Makassar',
      zoneLabel: 'WITA',
      state,
      revision: null,
      channels: [],
      createdBy: null,
      createdAt: '2026-02-20T00:00:00.000Z',
      firedAt: null,
      lastError: null,
    });
    const set = serve('publishing.schedule.set', () => view('waiting-for-run'));
    const cancel = serve('publishing.schedule.cancel', () => view('cancelled'));
    const path = `/api/v1/offices/${world.b.office}/publications/${itemId}/schedule`;
    const a = await call(gw, 'PUT', path, {
      token: world.b.staff.token,
      body: { publishAt: '2026-03-01T08:00' },
    });
    expectStatus(a, 200);
    expect(a.body.zoneLabel).toBe('WITA');
    expect(set.calls[0]!.request).toMatchObject({
      office: world.b.office,
      itemId,
      publishAt: '2026-03-01T08:00',
    });
    const b = await call(gw, 'PUT', path, { token: world.b.staff.token, body: { publishAt: null } });
    expect(b.body.state).toBe('cancelled');
    expect(cancel.calls).toHaveLength(1);
    expect((await call(gw, 'PUT', path, { token: world.b.staff.token, body: {} })).status).toBe(400);
  });

  it('keeps webhooks and social channels to office admins, the secret in the creation answer only', async () => {
    const webhook: WebhookView = {
      webhookId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      url: 'https://arsip.example.go.id/hook',
      description: null,
      events: ['publishing.publication-published'],
      active: true,
      secretPrefix: 'whsec_abcd…',
      createdBy: null,
      createdAt: '2026-02-20T00:00:00.000Z',
      disabledAt: null,
    };
    const created = serve('publishing.webhook.create', () => ({ webhook, secret: 'whsec_abcdefghijklmnop' }));
    const denied = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/webhooks`, {
      token: world.a.staff.token,
      body: { url: 'https://arsip.example.go.id/hook' },
    });
    expect(denied.status).toBe(403);
    const key = 'webhook-001';
    const res = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/webhooks`, {
      token: world.a.admin.token,
      key,
      body: { url: 'https://arsip.example.go.id/hook', events: ['publishing.publication-published'] },
    });
    expectStatus(res, 201);
    expect(res.body).toEqual({ webhook, secret: 'whsec_abcdefghijklmnop' });
    // A retry with the same key replays the stored (encrypted) answer without calling the service.
    const again = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/webhooks`, {
      token: world.a.admin.token,
      key,
      body: { url: 'https://arsip.example.go.id/hook', events: ['publishing.publication-published'] },
    });
    expect(again.body.secret).toBe('whsec_abcdefghijklmnop');
    expect(created.calls).toHaveLength(1);
    const bad = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/webhooks`, {
      token: world.a.admin.token,
      body: { url: 'bukan-url' },
    });
    expect(bad.status).toBe(400);

    const dead = serve('publishing.webhook.deliveries', () => ({ deliveries: [] }));
    const letters = await call(gw, 'GET', `/api/v1/offices/${world.a.office}/webhook-dead-letters`, {
      token: world.a.admin.token,
    });
    expectStatus(letters, 200);
    expect(dead.calls[0]!.request).toMatchObject({ office: world.a.office, status: 'dead' });

    const channels = serve('publishing.social-channel.list', () => ({ channels: [], posts: [] }));
    expect(
      (
        await call(gw, 'GET', `/api/v1/offices/${world.a.office}/social-channels`, {
          token: world.a.staff.token,
        })
      ).status,
    ).toBe(403);
    expectStatus(
      await call(gw, 'GET', `/api/v1/offices/${world.a.office}/social-channels`, {
        token: world.a.admin.token,
      }),
      200,
    );
    expect(channels.calls).toHaveLength(1);
  });

  it('answers readers per item and day to holders of reports:read', async () => {
    const views = serve('publishing.views.list', () => ({
      days: [{ day: '2026-02-10', itemId, views: 42 }],
      items: [{ itemId, title: 'Rapat Pleno', type: 'berita', url: null, views: 42 }],
      total: 42,
    }));
    const res = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/page-views?from=2026-02-01&to=2026-02-28`,
      {
        token: world.a.other.token,
      },
    );
    expectStatus(res, 200);
    expect(res.body.total).toBe(42);
    expect(views.calls[0]!.request).toMatchObject({
      office: world.a.office,
      from: '2026-02-01',
      to: '2026-02-28',
    });
    const bad = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/page-views?from=kemarin&to=2026-02-28`,
      {
        token: world.a.other.token,
      },
    );
    expect(bad.status).toBe(400);
  });
});
