import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { verifySignature } from '../src/webhooks/signature';
import { admin, failure, key, PublishingHarness } from './support/harness';

/** The social platform's side: a bridge and a Graph-API-like endpoint, scripted per test. */
class FakePlatform {
  server!: Server;
  base!: string;
  calls: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  answer: (call: FakePlatform['calls'][number]) => { status: number; body: unknown } = () => ({
    status: 200,
    body: {},
  });

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const call = {
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.calls.push(call);
        const a = this.answer(call);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop() {
    return new Promise((r) => this.server.close(r));
  }
}

describe('social-media channel: a recorded link or a clear failure', () => {
  const h = new PublishingHarness();
  const platform = new FakePlatform();
  const office = 'kpu-kab-bangka-barat';

  beforeAll(async () => {
    await h.start('pubsocial');
    await platform.start();
  }, 60_000);
  afterAll(async () => {
    await platform.stop();
    await h.stop();
  });

  it('refuses with a clear 4xx while no channel is configured, publishing nothing', async () => {
    const itemId = h.content.create(office, {
      type: 'regulasi',
      title: 'Keputusan KPU tentang Jadwal Kampanye',
    });
    h.content.approve(itemId, `run-${itemId}`, 1);
    const refused = await failure(h.publish(office, itemId, ['social-media', 'website']));
    expect([refused.status, refused.code]).toEqual([422, 'channel-not-configured']);
    expect(refused.messages.id).toContain('Kanal media sosial belum dikonfigurasi');
    expect(refused.messages.en).toContain('No social-media channel is configured');
    const pages = await h.ds.query(`SELECT count(*)::int AS n FROM publishing.pages WHERE item_id = $1`, [
      itemId,
    ]);
    expect(pages[0].n).toBe(0);
  });

  it('posts through a bridge and records the link it returns, once per revision', async () => {
    platform.calls = [];
    platform.answer = (call) =>
      call.url === '/bridge'
        ? { status: 201, body: { postUrl: 'https://sosmed.example/kpubabar/posts/981' } }
        : { status: 404, body: {} };
    const channel = await h.client.send('publishing.social-channel.save', {
      ...admin(office),
      idempotencyKey: key('ch'),
      adapter: 'bridge-webhook',
      name: 'Instagram @kpubangkabarat (jembatan)',
      endpoint: `${platform.base}/bridge`,
      token: 'rahasia-jembatan',
    });
    expect(channel).toMatchObject({ adapter: 'bridge-webhook', enabled: true, hasToken: true });
    expect(JSON.stringify(channel)).not.toContain('rahasia-jembatan');

    const { itemId, answer } = await h.publishNew(
      office,
      { type: 'berita', title: 'Informasi Hukum: PKPU Kampanye' },
      ['social-media', 'website'],
    );
    const website = answer.receipts.find((r) => r.channel === 'website')!;
    const social = answer.receipts.find((r) => r.channel === 'social-media')!;
    expect(social).toMatchObject({
      status: 'published',
      url: 'https://sosmed.example/kpubabar/posts/981',
      target: 'Instagram @kpubangkabarat (jembatan)',
      revision: 1,
    });
    expect(platform.calls).toHaveLength(1);
    const sent = platform.calls[0]!;
    expect(sent.headers.authorization).toBe('Bearer rahasia-jembatan');
    expect(
      verifySignature('rahasia-jembatan', sent.headers['tatalaman-signature'] as string, sent.body),
    ).toBe(true);
    expect(JSON.parse(sent.body)).toMatchObject({
      itemId,
      title: 'Informasi Hukum: PKPU Kampanye',
      url: website.url,
    });
    // Another attempt of the step (new key) does not post again.
    const again = await h.publish(office, itemId, ['social-media', 'website'], key('attempt-2'));
    expect(again.receipts.find((r) => r.channel === 'social-media')!.receiptId).toBe(social.receiptId);
    expect(platform.calls).toHaveLength(1);
    const listed = await h.client.send('publishing.social-channel.list', { office });
    expect(listed.posts[0]).toMatchObject({
      status: 'posted',
      link: 'https://sosmed.example/kpubabar/posts/981',
    });
    expect(
      (await h.client.send('publishing.social-channel.list', { office: 'kpu-kota-palu' })).channels,
    ).toEqual([]);
    await h.client.send('publishing.social-channel.disable', {
      ...admin(office),
      idempotencyKey: key('off'),
      channelId: channel.channelId,
    });
  });

  it('posts to a Facebook-Page-style Graph API and records the permalink', async () => {
    platform.calls = [];
    platform.answer = (call) => {
      if (call.method === 'POST' && call.url === '/v19.0/1234567890/feed')
        return { status: 200, body: { id: '1234567890_555' } };
      if (call.method === 'GET' && call.url.startsWith('/v19.0/1234567890_555?fields=permalink_url'))
        return {
          status: 200,
          body: { permalink_url: 'https://www.facebook.com/kpubabar/posts/555', id: '1234567890_555' },
        };
      return { status: 404, body: { error: { message: 'Unknown path', code: 803 } } };
    };
    await h.client.send('publishing.social-channel.save', {
      ...admin(office),
      idempotencyKey: key('fb'),
      adapter: 'facebook-page',
      name: 'Facebook KPU Bangka Barat',
      endpoint: `${platform.base}/v19.0`,
      pageId: '1234567890',
      token: 'EAAB-page-token',
    });
    const { answer } = await h.publishNew(
      office,
      { type: 'berita', title: 'Jadwal Debat Publik', summary: 'Debat kedua.' },
      ['social-media', 'website'],
    );
    expect(answer.receipts.find((r) => r.channel === 'social-media')).toMatchObject({
      status: 'published',
      url: 'https://www.facebook.com/kpubabar/posts/555',
      target: 'Facebook KPU Bangka Barat',
    });
    const form = new URLSearchParams(platform.calls[0]!.body);
    expect(form.get('message')).toBe('Jadwal Debat Publik\n\nDebat kedua.');
    expect(form.get('link')).toBe(answer.receipts.find((r) => r.channel === 'website')!.url);
    expect(form.get('access_token')).toBe('EAAB-page-token');
  });

  it('answers a clear failure when the platform refuses or returns no link (no fake success)', async () => {
    const { channels } = await h.client.send('publishing.social-channel.list', { office });
    const fb = channels.find((c) => c.adapter === 'facebook-page')!;
    platform.answer = () => ({
      status: 400,
      body: { error: { message: 'Error validating access token: Session has expired', code: 190 } },
    });
    const itemId = h.content.create(office, { type: 'berita', title: 'Token kedaluwarsa' });
    h.content.approve(itemId, `run-${itemId}`, 1);
    const refused = await failure(h.publish(office, itemId, ['social-media', 'website']));
    expect([refused.status, refused.code]).toEqual([422, 'social-post-failed']);
    expect(refused.messages.id).toContain('Konten sudah terbit di website');
    // Our words for the Graph error code, never the endpoint's own text.
    expect(refused.messages.en).toContain('Graph API answered 400 (access token invalid or expired)');
    expect(JSON.stringify(refused)).not.toContain('Session has expired');
    const receipts = (refused.detail as { receipts: { channel: string; status: string; error?: string }[] })
      .receipts;
    expect(receipts.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'website:published',
      'social-media:failed',
    ]);
    // A bridge answering 2xx without a link is a failure too; a 503 is worth retrying (5xx).
    await h.client.send('publishing.social-channel.save', {
      ...admin(office),
      idempotencyKey: key('fb-off'),
      channelId: fb.channelId,
      adapter: 'facebook-page',
      name: fb.name,
      endpoint: fb.endpoint,
      pageId: fb.pageId,
      enabled: false,
    });
    await h.client.send('publishing.social-channel.save', {
      ...admin(office),
      idempotencyKey: key('ch2'),
      adapter: 'bridge-webhook',
      name: 'Jembatan tanpa tautan',
      endpoint: `${platform.base}/bridge`,
    });
    platform.answer = () => ({ status: 200, body: { ok: true } });
    const noLink = await failure(h.publish(office, itemId, ['social-media', 'website'], key('again')));
    expect([noLink.status, noLink.code]).toEqual([422, 'social-post-failed']);
    expect(noLink.messages.en).toContain("without the post's link");
    platform.answer = () => ({ status: 503, body: {} });
    const busy = await failure(h.publish(office, itemId, ['social-media', 'website'], key('again')));
    expect([busy.status, busy.code]).toEqual([503, 'social-unavailable']);
    const failed = await h.ds.query(
      `SELECT count(*)::int AS n FROM publishing.social_posts WHERE item_id = $1 AND status = 'failed'`,
      [itemId],
    );
    expect(failed[0].n).toBe(3);
  });
});
