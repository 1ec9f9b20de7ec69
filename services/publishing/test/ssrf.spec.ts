import { createServer, type Server } from 'node:http';
import { type LookupFunction } from 'node:net';
import { OutboundErrors1796100000000 } from '../src/migrations/1796100000000-outbound-errors';
import { OutboundHttp, outcomeText as describeOutcome } from '../src/outbound/outbound-http';
import { admin, failure, key, PublishingHarness, waitFor } from './support/harness';

/**
 * A service inside the platform's network that no office may reach: it counts every
 * connection, so a refused call is proven to have never left.
 */
class InternalService {
  server!: Server;
  port!: number;
  connections = 0;
  requests: string[] = [];

  async start(handler?: (url: string) => { status: number; headers?: Record<string, string> }) {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      req.resume();
      const a = handler?.(req.url ?? '') ?? { status: 200 };
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers }).end('rahasia-internal');
    });
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  stop() {
    return new Promise((r) => this.server.close(r));
  }
}

/** DNS as the tests need it: names answer what `answers` says at the moment of the lookup. */
const answers = new Map<string, string[]>();
const lookup = ((
  host: string,
  options: { all?: boolean },
  cb: (e: Error | null, a: unknown, f?: number) => void,
) => {
  const found = answers.get(host);
  if (!found) {
    const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return cb(e, options.all ? [] : undefined);
  }
  const list = found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  if (options.all) cb(null, list);
  else cb(null, list[0]!.address, list[0]!.family);
}) as unknown as LookupFunction;

describe('webhooks and social channels reach only public addresses (default configuration)', () => {
  // No private network allowed: the production default.
  const h = new PublishingHarness({ outbound: { allowPrivateNetworks: [], lookup } });
  const office = 'kpu-prov-jateng';
  const internal = new InternalService();

  beforeAll(async () => {
    await h.start('pubssrf');
    await internal.start();
  }, 60_000);
  afterAll(async () => {
    await internal.stop();
    await h.stop();
  });

  it('refuses every loopback, private, link-local, CGNAT, multicast, metadata target when it is registered', async () => {
    const port = internal.port;
    answers.set('intranet.example.go.id', ['10.20.30.40']);
    answers.set('mixed.example.go.id', ['203.0.113.9', '93.184.215.14', '127.0.0.1']);
    answers.set('v6only.example.go.id', ['::1']);
    const targets = [
      `http://127.0.0.1:${port}/hook`,
      `http://127.1:${port}/hook`,
      `http://2130706433:${port}/hook`,
      `http://0x7f000001:${port}/hook`,
      `http://0177.0.0.1:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::ffff:7f00:1]:${port}/hook`,
      `http://[64:ff9b::7f00:1]:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://metadata/computeMetadata/v1/',
      `http://localhost:${port}/`,
      `http://admin.localhost:${port}/`,
      'http://printer.local/',
      'http://10.0.0.5/',
      'http://172.16.9.9/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[::]/',
      'http://224.0.0.251/',
      'http://255.255.255.255/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'https://intranet.example.go.id/hook',
      'https://mixed.example.go.id/hook',
      'https://v6only.example.go.id/hook',
    ];
    for (const url of targets) {
      const refused = await failure(
        h.client.send('publishing.webhook.create', { ...admin(office), idempotencyKey: key(), url }),
      );
      expect([url, refused.status, refused.code]).toEqual([url, 422, 'target-not-allowed']);
      expect(refused.messages.id).toContain('bukan alamat internet publik');
      expect(refused.messages.en).toContain('is not a public internet address');
      for (const adapter of ['bridge-webhook', 'facebook-page'] as const) {
        const channel = await failure(
          h.client.send('publishing.social-channel.save', {
            ...admin(office),
            idempotencyKey: key(),
            adapter,
            name: 'Kanal uji',
            endpoint: url,
            pageId: '123',
            token: 'token',
          }),
        );
        expect([url, channel.status, channel.code]).toEqual([url, 422, 'target-not-allowed']);
      }
    }
    expect((await h.client.send('publishing.webhook.list', { office })).webhooks).toEqual([]);
    expect((await h.client.send('publishing.social-channel.list', { office })).channels).toEqual([]);
    expect(internal.connections).toBe(0);
  });

  it('checks every call again: a name that turns private after registration (DNS rebinding) is never called, nor on replay', async () => {
    answers.set('hooks.arsip.example.go.id', ['93.184.215.14']);
    const created = await h.client.send('publishing.webhook.create', {
      ...admin(office),
      idempotencyKey: key('hook'),
      url: `http://hooks.arsip.example.go.id:${internal.port}/hook`,
    });
    // The name now answers the platform's own loopback.
    answers.set('hooks.arsip.example.go.id', ['127.0.0.1']);
    await h.publishNew(office, { type: 'berita', title: 'Berita untuk penerima yang berubah alamat' });
    type Deliveries = Awaited<ReturnType<typeof dead>>;
    const dead = async () =>
      (
        await h.client.send('publishing.webhook.deliveries', {
          office,
          webhookId: created.webhook.webhookId,
          status: 'dead',
        })
      ).deliveries;
    let found: Deliveries = [];
    await waitFor(async () => (found = await dead()).length === 1, 15_000, 'a dead letter');
    expect(found[0]).toMatchObject({ attempts: 3, lastStatusCode: null });
    expect(found[0]!.attemptLog!.map((a) => a.error)).toEqual(
      Array(3).fill('not allowed: the address is not a public internet address'),
    );
    await h.client.send('publishing.webhook.replay', {
      ...admin(office),
      idempotencyKey: key('replay'),
      deliveryId: found[0]!.deliveryId,
    });
    await waitFor(async () => (found = await dead()).length === 1 && found[0]!.replays === 1, 15_000);
    expect(internal.connections).toBe(0);
    await h.client.send('publishing.webhook.disable', {
      ...admin(office),
      idempotencyKey: key('off'),
      webhookId: created.webhook.webhookId,
    });
  });

  it('refuses a social post to a target stored before the check, with a failure that names no reply', async () => {
    // A channel saved before targets were checked: straight into the table.
    await h.ds.query(
      `INSERT INTO publishing.social_channels (id, office, adapter, name, endpoint, token, enabled)
       VALUES (gen_random_uuid(), $1, 'bridge-webhook', 'Jembatan lama', $2, 'token', true)`,
      [office, `http://127.0.0.1:${internal.port}/bridge`],
    );
    const itemId = h.content.create(office, { type: 'berita', title: 'Berita ke jembatan lama' });
    h.content.approve(itemId, `run-${itemId}`, 1);
    const refused = await failure(h.publish(office, itemId, ['website', 'social-media']));
    // A person must fix the channel: not retried as if the network were down.
    expect([refused.status, refused.code]).toEqual([422, 'social-post-failed']);
    expect(refused.messages.en).toContain('bridge not allowed: the address is not a public internet address');
    expect(internal.connections).toBe(0);
  });

  it('scrubs replies and port errors stored before the guard existed (migration)', async () => {
    const [delivery] = (await h.ds.query(`SELECT id FROM publishing.webhook_deliveries LIMIT 1`)) as {
      id: string;
    }[];
    await h.ds.query(
      `INSERT INTO publishing.webhook_attempts (office, delivery_id, attempt, error, duration_ms) VALUES
         ($1, $2, 91, 'answered 500: <h1>rahasia-internal</h1>', 1),
         ($1, $2, 92, 'fetch failed (ECONNREFUSED)', 1),
         ($1, $2, 93, 'webhook disabled', 1)`,
      [office, delivery!.id],
    );
    await h.ds.query(
      `UPDATE publishing.social_posts SET error = 'Graph API answered 400: Invalid token rahasia-internal (code 190)'`,
    );
    const runner = h.ds.createQueryRunner();
    await new OutboundErrors1796100000000().up(runner);
    await runner.release();
    const attempts = (await h.ds.query(
      `SELECT error FROM publishing.webhook_attempts WHERE attempt > 90 ORDER BY attempt`,
    )) as { error: string }[];
    expect(attempts.map((a) => a.error)).toEqual([
      'answered 500',
      'gave no answer (no connection, or none in time)',
      'webhook disabled',
    ]);
    const posts = (await h.ds.query(`SELECT DISTINCT error FROM publishing.social_posts`)) as {
      error: string;
    }[];
    expect(posts).toEqual([{ error: 'Graph API answered 400' }]);
  });
});

describe('the outbound client', () => {
  const internal = new InternalService();
  const elsewhere = new InternalService();
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    await elsewhere.start();
    await internal.start((url) =>
      url === '/redirect'
        ? { status: 302, headers: { location: `http://127.0.0.1:${elsewhere.port}/metadata` } }
        : { status: 500 },
    );
    // Accepts connections and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
    await internal.stop();
    await elsewhere.stop();
  });

  it('refuses loopback by default without connecting', async () => {
    const http = new OutboundHttp();
    for (const url of [`http://127.0.0.1:${internal.port}/`, `http://[::ffff:127.0.0.1]:${internal.port}/`])
      expect(await http.call(url, { method: 'GET', timeoutMs: 2_000 })).toEqual({ outcome: 'refused' });
    expect(internal.connections).toBe(0);
  });

  it('does not follow redirects, and gives the status without the reply', async () => {
    const http = new OutboundHttp(['127.0.0.1/32']);
    const moved = await http.call(`http://127.0.0.1:${internal.port}/redirect`, {
      method: 'POST',
      body: '{}',
      timeoutMs: 2_000,
    });
    expect(moved).toMatchObject({ outcome: 'answered', status: 302 });
    expect(elsewhere.connections).toBe(0);
    expect(describeOutcome(moved, 2_000)).toBe('answered 302');
  });

  it('says the same of a closed port and of one that never answers (no port scan)', async () => {
    const http = new OutboundHttp(['127.0.0.1/32']);
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const closed = await http.call(`http://127.0.0.1:${closedPort}/`, { method: 'GET', timeoutMs: 1_000 });
    const hanging = await http.call(`http://127.0.0.1:${silentPort}/`, { method: 'GET', timeoutMs: 1_000 });
    expect(closed).toEqual({ outcome: 'unreachable' });
    expect(hanging).toEqual({ outcome: 'unreachable' });
    expect(describeOutcome(closed, 1_000)).toBe(describeOutcome(hanging, 1_000));
  });
});
