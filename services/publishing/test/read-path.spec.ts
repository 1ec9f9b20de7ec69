import { connect, type Socket } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { localDate } from '@tatalaman/working-time';
import { makeEvent, subjectOf } from '@tatalaman/contracts';
import { seedDemo } from '../src/seed/seed-demo';
import { parseHead } from '../src/site/fast-lane';
import { PublicSite } from '../src/site/public-site';
import { PublishingHarness, waitFor } from './support/harness';

/** Raw HTTP/1.1 on one connection: write bytes, read until `count` complete responses arrived. */
class RawClient {
  private socket!: Socket;
  private data = Buffer.alloc(0);
  closed = false;

  async open(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => (this.data = Buffer.concat([this.data, d])));
    this.socket.on('close', () => (this.closed = true));
    await new Promise((r) => this.socket.once('connect', r));
  }

  write(text: string) {
    this.socket.write(text);
  }

  /** Splits what arrived into responses (Content-Length framed; 304/HEAD without body when `heads` says so). */
  async responses(
    count: number,
    bodiless: boolean[] = [],
  ): Promise<{ status: number; head: string; body: string }[]> {
    const parse = () => {
      const out: { status: number; head: string; body: string }[] = [];
      let at = 0;
      while (out.length < count) {
        const end = this.data.indexOf('\r\n\r\n', at);
        if (end < 0) return null;
        const head = this.data.toString('latin1', at, end);
        const status = Number(head.slice(9, 12));
        const length =
          bodiless[out.length] || status === 304 ? 0 : Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (this.data.length < end + 4 + length) return null;
        out.push({ status, head, body: this.data.toString('utf8', end + 4, end + 4 + length) });
        at = end + 4 + length;
      }
      return out;
    };
    let got: ReturnType<typeof parse> = null;
    await waitFor(() => (got = parse()) !== null, 5_000, `${count} responses`);
    return got!;
  }

  close() {
    this.socket.destroy();
  }
}

describe('the read path: cache, fast lane, page views, offices', () => {
  const h = new PublishingHarness();
  const office = 'kpu-kab-kepulauan-mentawai';
  let path: string;
  let itemId: string;

  beforeAll(async () => {
    await h.start('pubread');
    const published = await h.publishNew(office, {
      type: 'berita',
      title: 'Rekap Pembaca Bulan Januari',
      body: '<p>Isi berita.</p>',
    });
    itemId = published.itemId;
    path = new URL(published.answer.receipts[0]!.url).pathname;
  }, 60_000);
  afterAll(() => h.stop());

  it('parses only strict, bodiless GET/HEAD heads in the fast lane', () => {
    expect(parseHead('GET /a/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br')).toMatchObject({
      method: 'GET',
      url: '/a/',
      acceptEncoding: 'gzip, br',
    });
    expect(parseHead('HEAD /a HTTP/1.1\r\nhost: x\r\nConnection: close')).toMatchObject({ close: true });
    for (const bad of [
      'POST /a HTTP/1.1\r\nHost: x',
      'GET /a HTTP/1.0\r\nHost: x',
      'GET /a HTTP/1.1',
      'GET /a HTTP/1.1\r\nHost: x\r\nHost: y',
      'GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5',
      'GET /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked',
      'GET /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket',
      'GET /a HTTP/1.1\r\nHost: x\r\n folded: value',
      'GET /a HTTP/1.1\r\nHost : x',
      'GET /a b HTTP/1.1\r\nHost: x',
      'GET /a HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1',
    ])
      expect(parseHead(bad)).toBeNull();
  });

  it('answers pipelined and split requests in order, hands misses and anything unusual to Node', async () => {
    await h.get(path); // rendered and cached
    const stats = h.app.get(PublicSite).fastLaneStats!;
    const before = { ...stats };
    const c = new RawClient();
    await c.open(h.port);
    c.write(`GET ${path} HTTP/1.1\r\nHost: a\r\n\r\nHEAD ${path} HTTP/1.1\r\nHost: a\r\n\r\nGET ${path} HTT`);
    await new Promise((r) => setTimeout(r, 50));
    c.write('P/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n');
    const [get, head, gz] = await c.responses(3, [false, true, false]);
    expect(get!.status).toBe(200);
    expect(get!.body).toContain('Rekap Pembaca Bulan Januari');
    expect(get!.head).toMatch(/\r\nDate: /);
    expect(head!.status).toBe(200);
    expect(gz!.head).toMatch(/content-encoding: gzip/i);
    expect(stats.fast - before.fast).toBe(3);
    // A page not rendered yet goes to Node's parser, which keeps the connection.
    c.write(
      `GET /${office}/berita/ HTTP/1.1\r\nHost: a\r\n\r\nPOST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n`,
    );
    const all = await c.responses(5, [false, true, false, false, false]);
    expect(all[3]!.status).toBe(200);
    expect(all[3]!.body).toContain('Rekap Pembaca');
    expect(all[4]!.status).toBe(405);
    expect(stats.handedOff - before.handedOff).toBe(1);
    c.close();

    const bad = new RawClient();
    await bad.open(h.port);
    bad.write('GET /a HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n');
    const [refused] = await bad.responses(1);
    expect(refused!.status).toBe(400);
    bad.close();

    const closing = new RawClient();
    await closing.open(h.port);
    closing.write(`GET ${path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    const [last] = await closing.responses(1);
    expect(last!.head).toMatch(/Connection: close/);
    await waitFor(() => closing.closed);
    expect((await fetch(`${h.base}/health`)).status).toBe(200);
  });

  it('counts page views in memory and writes them per item and day in one flush', async () => {
    await h.views.flush();
    await h.ds.query(`DELETE FROM publishing.page_views`);
    const before = (await h.outbox('publishing.page-viewed')).length;
    const etag = (await h.get(path)).headers.get('etag')!;
    for (let i = 0; i < 99; i++) await h.get(path, i % 3 ? {} : { 'if-none-match': etag });
    await fetch(h.base + path, { method: 'HEAD' }); // not a view
    await h.get(`/${office}/`); // not an item
    // Nothing written per request.
    expect(await h.ds.query(`SELECT * FROM publishing.page_views`)).toEqual([]);
    expect(await h.outbox('publishing.page-viewed')).toHaveLength(before);
    expect(h.views.pending()).toBe(100);
    await h.views.flush();
    const today = localDate(Date.now(), 'Asia/Jakarta');
    const rows = await h.ds.query(
      `SELECT office, item_id, to_char(day, 'YYYY-MM-DD') AS day, views::int FROM publishing.page_views`,
    );
    expect(rows).toEqual([{ office, item_id: itemId, day: today, views: 100 }]);
    const events = (await h.outbox('publishing.page-viewed')).slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ office, data: { counts: [{ itemId, path, views: 100, day: today }] } });
    await h.get(path);
    await h.views.flush();
    const recap = await h.client.send('publishing.views.list', { office, from: today, to: today });
    expect(recap).toMatchObject({
      total: 101,
      items: [{ itemId, title: 'Rekap Pembaca Bulan Januari', views: 101 }],
      days: [{ day: today, itemId, views: 101 }],
    });
    expect(
      (await h.client.send('publishing.views.list', { office: 'kpu-kota-palu', from: today, to: today }))
        .total,
    ).toBe(0);
  });

  it('seed-demo creates the five seed websites once and leaves them alone afterwards', async () => {
    const first = await seedDemo(h.ds);
    expect(first.created).toEqual(expect.arrayContaining(['kpu-kota-palu', 'diskominfo-kab-ketapang']));
    expect(first.existing).toEqual([office]);
    await h.ds.query(`UPDATE publishing.sites SET name = 'Nama baru' WHERE office = 'kpu-kota-palu'`);
    const second = await seedDemo(h.ds);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(5);
    const [palu] = await h.ds.query(`SELECT name FROM publishing.sites WHERE office = 'kpu-kota-palu'`);
    expect(palu.name).toBe('Nama baru');
  });

  it('creates a site when an office is onboarded and shows a rename at once, asking the gateway rarely', async () => {
    const js = jetstream(h.nc);
    const created = makeEvent('identity.office-created', {
      office: 'kpu-kab-sigi',
      data: { name: 'KPU Kabupaten Sigi', timeZone: 'Asia/Makassar', kind: 'kpu-kabupaten' },
    });
    await js.publish(subjectOf(created), JSON.stringify(created));
    await waitFor(async () => (await h.get('/kpu-kab-sigi/')).status === 200, 15_000, 'the new site');
    const home = await h.get('/kpu-kab-sigi/');
    expect(home.body).toContain('Belum ada konten yang diterbitkan');
    expect((await h.get('/')).body).toContain('KPU Kabupaten Sigi');
    const renamed = makeEvent('identity.office-updated', {
      office: office,
      data: { changedFields: ['name'], name: 'KPU Kabupaten Kepulauan Mentawai (baru)' },
    });
    await js.publish(subjectOf(renamed), JSON.stringify(renamed));
    await waitFor(
      async () => (await h.get(path)).body.includes('KPU Kabupaten Kepulauan Mentawai (baru)'),
      15_000,
      'rename',
    );
    const calls = h.officeCalls;
    await h.publishNew(office, { type: 'berita', title: 'Berita kedua' });
    expect(h.officeCalls).toBe(calls);
  });
});
