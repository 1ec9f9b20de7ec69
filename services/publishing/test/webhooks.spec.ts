import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { verifySignature } from '../src/webhooks/signature';
import { admin, failure, key, PublishingHarness, waitFor } from './support/harness';

/** An agency system's endpoint: answers with the next scripted status, records what came. */
class Receiver {
  server!: Server;
  url!: string;
  calls: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  script: number[] = [];
  fallback = 200;

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.script.shift() ?? this.fallback;
        this.calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'sedang sibuk');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/tatalaman/hook`;
  }

  stop() {
    return new Promise((r) => this.server.close(r));
  }
}

/** The documented scheme, written out independently of the service's code. */
function receiverVerifies(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const got = Buffer.from(parts.v1 ?? '', 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('signed webhooks with retries, dead letters and replay', () => {
  const h = new PublishingHarness();
  const office = 'kpu-prov-jateng';
  const receiver = new Receiver();
  let secret: string;
  let webhookId: string;

  beforeAll(async () => {
    await h.start('pubhooks');
    await receiver.start();
  }, 60_000);
  afterAll(async () => {
    await receiver.stop();
    await h.stop();
  });

  it('creates a webhook whose secret is shown once', async () => {
    const k = key('hook');
    const created = await h.client.send('publishing.webhook.create', {
      ...admin(office),
      idempotencyKey: k,
      url: receiver.url,
      description: 'Sistem arsip Diskominfo Jateng',
    });
    secret = created.secret;
    webhookId = created.webhook.webhookId;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.webhook.events).toEqual([
      'publishing.publication-published',
      'publishing.publication-corrected',
      'publishing.publication-retracted',
    ]);
    const replayed = await h.client.send('publishing.webhook.create', {
      ...admin(office),
      idempotencyKey: k,
      url: receiver.url,
      description: 'Sistem arsip Diskominfo Jateng',
    });
    expect(replayed).toEqual(created);
    const list = await h.client.send('publishing.webhook.list', { office });
    expect(list.webhooks).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.webhooks[0]!.secretPrefix).toBe(`${secret.slice(0, 10)}…`);
    expect((await h.client.send('publishing.webhook.list', { office: 'kpu-kota-palu' })).webhooks).toEqual(
      [],
    );
    const bad = await failure(
      h.client.send('publishing.webhook.create', { ...admin(office), idempotencyKey: key(), url: 'ftp://x' }),
    );
    expect([bad.status, bad.code]).toEqual([422, 'invalid-webhook-url']);
  });

  it('delivers a publication, signed, retrying with backoff after failures', async () => {
    receiver.script = [500, 503];
    const { itemId, answer } = await h.publishNew(office, {
      type: 'berita',
      title: 'Rapat Pleno Penetapan Calon',
    });
    await waitFor(() => receiver.calls.length >= 3, 15_000, 'three attempts');
    const [first, second, third] = receiver.calls;
    expect([first!.status, second!.status, third!.status]).toEqual([500, 503, 200]);
    for (const call of receiver.calls) {
      const signature = call.headers['tatalaman-signature'] as string;
      expect(receiverVerifies(secret, signature, call.body)).toBe(true);
      expect(verifySignature(secret, signature, call.body)).toBe(true);
      expect(receiverVerifies('whsec_wrong', signature, call.body)).toBe(false);
      expect(receiverVerifies(secret, signature, call.body.replace('Pleno', 'Plen0'))).toBe(false);
    }
    const body = JSON.parse(third!.body);
    expect(body).toMatchObject({
      type: 'publishing.publication-published',
      office,
      data: { itemId, url: answer.receipts[0]!.url, title: 'Rapat Pleno Penetapan Calon', revision: 1 },
    });
    expect(third!.headers['tatalaman-event']).toBe('publishing.publication-published');
    expect(third!.headers['tatalaman-attempt']).toBe('3');
    await waitFor(async () => {
      const { deliveries } = await h.client.send('publishing.webhook.deliveries', { office, webhookId });
      return deliveries[0]?.status === 'delivered';
    });
    const { deliveries } = await h.client.send('publishing.webhook.deliveries', { office, webhookId });
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, itemId });
    const log = deliveries[0]!.attemptLog!;
    expect(log.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    // The receiver's reply ("sedang sibuk") is never stored or shown: its status only.
    expect(log.map((a) => a.error)).toEqual(['answered 500', 'answered 503', null]);
    expect(JSON.stringify(deliveries)).not.toContain('sibuk');
    // Exponential backoff (base 200 ms here, doubling, ±20 % jitter): at least 160 ms, then 320 ms.
    const at = log.map((a) => Date.parse(a.at));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(160);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(320);
    const delivered = await h.outbox('publishing.webhook-delivered');
    expect(delivered[0]?.data).toMatchObject({
      deliveryId: deliveries[0]!.deliveryId,
      attempts: 3,
      statusCode: 200,
    });
  });

  it('dead-letters after the last attempt and replays when an admin asks', async () => {
    receiver.calls = [];
    receiver.fallback = 502;
    const { itemId } = await h.publishNew(office, {
      type: 'berita',
      title: 'Sosialisasi di Kabupaten Klaten',
    });
    let dead: Awaited<ReturnType<typeof deadLetters>> = [];
    async function deadLetters() {
      return (await h.client.send('publishing.webhook.deliveries', { office, status: 'dead' })).deliveries;
    }
    await waitFor(async () => (dead = await deadLetters()).length === 1, 15_000, 'a dead letter');
    expect(receiver.calls).toHaveLength(3);
    expect(dead[0]).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 502, itemId });
    expect((await h.outbox('publishing.webhook-dead-lettered'))[0]?.data).toMatchObject({
      deliveryId: dead[0]!.deliveryId,
      lastStatusCode: 502,
    });
    // Another office sees nothing of it and cannot replay it.
    expect(
      (await h.client.send('publishing.webhook.deliveries', { office: 'kpu-kota-palu' })).deliveries,
    ).toEqual([]);
    const foreign = await failure(
      h.client.send('publishing.webhook.replay', {
        ...admin('kpu-kota-palu'),
        idempotencyKey: key(),
        deliveryId: dead[0]!.deliveryId,
      }),
    );
    expect(foreign.status).toBe(404);

    receiver.fallback = 200;
    const replayed = await h.client.send('publishing.webhook.replay', {
      ...admin(office),
      idempotencyKey: key('replay'),
      deliveryId: dead[0]!.deliveryId,
    });
    expect(replayed).toMatchObject({ status: 'pending', replays: 1 });
    await waitFor(async () => (await deadLetters()).length === 0 && receiver.calls.length === 4);
    const last = receiver.calls[3]!;
    expect(receiverVerifies(secret, last.headers['tatalaman-signature'] as string, last.body)).toBe(true);
    const again = await failure(
      h.client.send('publishing.webhook.replay', {
        ...admin(office),
        idempotencyKey: key('replay'),
        deliveryId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(again.status).toBe(404);
  });

  it('sends retractions too, and nothing once the webhook is disabled', async () => {
    receiver.calls = [];
    const { itemId } = await h.publishNew(office, { type: 'berita', title: 'Berita yang akan ditarik' });
    await waitFor(() => receiver.calls.length === 1);
    await h.client.send('publishing.publication.retract', {
      ...admin(office),
      idempotencyKey: key('r'),
      itemId,
      reason: 'Salah unggah',
    });
    await waitFor(() => receiver.calls.length === 2);
    expect(JSON.parse(receiver.calls[1]!.body)).toMatchObject({
      type: 'publishing.publication-retracted',
      data: { itemId, retractionReason: 'Salah unggah', status: 'retracted' },
    });
    const disabled = await h.client.send('publishing.webhook.disable', {
      ...admin(office),
      idempotencyKey: key('off'),
      webhookId,
    });
    expect(disabled).toMatchObject({ active: false, disabledAt: expect.any(String) });
    await h.publishNew(office, { type: 'berita', title: 'Setelah webhook dimatikan' });
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.calls).toHaveLength(2);
    const { deliveries } = await h.client.send('publishing.webhook.deliveries', {
      office,
      webhookId,
      limit: 1,
    });
    const refused = await failure(
      h.client.send('publishing.webhook.replay', {
        ...admin(office),
        idempotencyKey: key(),
        deliveryId: deliveries[0]!.deliveryId,
      }),
    );
    expect([refused.status, refused.code]).toEqual([409, 'webhook-disabled']);
  });
});
