import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { failure, files, key, PublishingHarness, waitFor } from './support/harness';

describe('publishing from a run puts the item on the office site', () => {
  const h = new PublishingHarness();
  const office = 'kpu-kota-palu';
  let itemId: string;
  let imageId: string;
  let pdfId: string;
  let receipts: Awaited<ReturnType<PublishingHarness['publish']>>['receipts'];
  let path: string;

  beforeAll(async () => {
    await h.start('pubmain');
    itemId = h.content.create(office, {
      type: 'berita',
      title: 'Rapat Pleno Rekapitulasi Daftar Pemilih Tetap',
      summary: 'KPU Kota Palu menetapkan daftar pemilih tetap untuk Pilkada 2026.',
      body: '<p>Rapat pleno terbuka digelar di aula kantor.</p>',
      tags: ['dpt', 'pilkada'],
      fields: { eventDate: '2026-02-10', location: 'Aula KPU Kota Palu' },
    });
    imageId = await h.content.attach(itemId, {
      fileName: 'Pleno DPT.png',
      mediaType: 'image/png',
      kind: 'image',
      bytes: files.png(),
      alt: 'Suasana rapat pleno',
      caption: 'Komisioner membuka rapat',
    });
    pdfId = await h.content.attach(itemId, {
      fileName: 'Berita Acara DPT.pdf',
      mediaType: 'application/pdf',
      kind: 'document',
      bytes: files.pdf(),
    });
    // Revision 2 shows the image in the body; the run approved revision 2, then a draft 3 came.
    h.content.revise(itemId, {
      body: `<p>Rapat pleno terbuka digelar di aula kantor.</p><img src="attachment:${imageId}"><p><a href="attachment:${pdfId}">Unduh berita acara</a></p>`,
    });
    h.content.approve(itemId, `run-${itemId}`, 2);
    h.content.revise(itemId, { title: 'Draf yang belum disetujui' });
    ({ receipts } = await h.publish(office, itemId));
    path = new URL(receipts[0]!.url).pathname;
  }, 60_000);
  afterAll(() => h.stop());

  it('answers one website receipt: URL, time and the revision the run approved', () => {
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ channel: 'website', status: 'published', revision: 2 });
    expect(path).toBe(`/${office}/berita/rapat-pleno-rekapitulasi-daftar-pemilih-tetap`);
    expect(Date.now() - Date.parse(receipts[0]!.publishedAt)).toBeLessThan(60_000);
  });

  it('shows the page with its body, image with alt text, documents and type fields', async () => {
    const page = await h.get(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1 id="judul">Rapat Pleno Rekapitulasi Daftar Pemilih Tetap</h1>');
    expect(page.body).not.toContain('Draf yang belum disetujui');
    expect(page.body).toContain(`src="/${office}/berkas/${imageId}/pleno-dpt.png"`);
    expect(page.body).toContain('alt="Suasana rapat pleno"');
    expect(page.body).toContain(`href="/${office}/berkas/${pdfId}/berita-acara-dpt.pdf"`);
    expect(page.body).toContain('Aula KPU Kota Palu');
    expect(page.body).toContain('10 Februari 2026');
    expect(page.body).toMatch(/WITA/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('etag')).toBeTruthy();
    expect(page.headers.get('cache-control')).toContain('max-age=60');
  });

  it('serves the platform font its pages name, cached for good, and nothing else under /_fonts/', async () => {
    const page = await h.get(path);
    expect(page.headers.get('content-security-policy')).toContain("font-src 'self'");
    const urls = [...page.body.matchAll(/url\((\/_fonts\/[^)]+\.woff2)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      const res = await fetch(`${h.base}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
      expect(res.headers.get('cache-control')).toContain('immutable');
      const bytes = Buffer.from(await res.arrayBuffer());
      const name = url
        .split('/')
        .pop()!
        .replace(/\.[0-9a-f]{12}\.woff2$/, '.woff2');
      expect(bytes.equals(readFileSync(require.resolve(`@fontsource/arimo/files/${name}`)))).toBe(true);
    }
    expect((await fetch(`${h.base}/_fonts/../package.json`)).status).toBe(404);
    expect((await fetch(`${h.base}/_fonts/arimo-latin-400-normal.woff2`)).status).toBe(404);
  });

  it('serves the files with the bytes content stored', async () => {
    const res = await fetch(`${h.base}/${office}/berkas/${pdfId}/berita-acara-dpt.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(files.pdf()).digest('hex'),
    );
    const img = await fetch(`${h.base}/${office}/berkas/${imageId}/x.png`);
    expect(Buffer.from(await img.arrayBuffer()).equals(files.png())).toBe(true);
    expect((await h.get(`/${office}/berkas/00000000-0000-4000-8000-000000000000/x.pdf`)).status).toBe(404);
  });

  it('lists it on the home page and its type list, with navigation per type', async () => {
    const home = await h.get(`/${office}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain(`href="${path}"`);
    expect(home.body).toContain(`<a href="/${office}/berita/">Berita</a>`);
    const list = await h.get(`/${office}/berita/`);
    expect(list.body).toContain(`href="${path}"`);
    expect(list.body).toContain('1 berita diterbitkan');
  });

  it('puts it in the Atom and RSS feeds and the sitemap', async () => {
    const atom = await h.get(`/${office}/feed.atom`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    expect(atom.body).toContain(`<link rel="alternate" type="text/html" href="${h.base}${path}"/>`);
    expect(atom.body).toContain('Rapat Pleno Rekapitulasi');
    const rss = await h.get(`/${office}/feed.rss`);
    expect(rss.body).toContain(`<link>${h.base}${path}</link>`);
    const map = await h.get(`/${office}/sitemap.xml`);
    expect(map.body).toContain(`<loc>${h.base}${path}</loc>`);
  });

  it('answers the JSON API and search', async () => {
    const items = await h.json(`/${office}/api/items?type=berita`);
    expect(items.body.total).toBe(1);
    const item = await h.json(`/${office}/api/items/${itemId}`);
    expect(item.body).toMatchObject({ itemId, status: 'published', revision: 2, title: expect.any(String) });
    const site = await h.json(`/${office}/api/`);
    expect(site.body).toMatchObject({
      office: { code: office, name: 'KPU Kota Palu', timeZone: 'Asia/Makassar' },
    });
    const found = await h.get(`/${office}/cari?q=pemilih`);
    expect(found.body).toContain(`href="${path}"`);
    expect(found.body).toContain('1 hasil');
    const none = await h.get(`/${office}/cari?q=banjir`);
    expect(none.body).toContain('0 hasil');
    const api = await h.json(`/${office}/api/search?q=pleno`);
    expect(api.body.total).toBe(1);
  });

  it('emits publication-published (the event content sets the status from) through the outbox', async () => {
    const events = await h.outbox('publishing.publication-published');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      office,
      data: {
        itemId,
        revisionId: h.content.revisionId(itemId, 2),
        path,
        revisionNumber: 2,
        contentType: 'berita',
      },
    });
    await waitFor(
      async () =>
        (await h.ds.query(`SELECT count(*)::int AS n FROM publishing.outbox WHERE published_at IS NULL`))[0]
          .n === 0,
      10_000,
      'the relay',
    );
  });

  it('is idempotent per key: the same key answers the same receipts and publishes once', async () => {
    const runKey = key('retry');
    const other = h.content.create(office, { type: 'pengumuman', title: 'Pengumuman Jadwal Kampanye' });
    h.content.approve(other, `run-${other}`, 1);
    const [a, b] = await Promise.all([
      h.publish(office, other, ['website'], runKey),
      h.publish(office, other, ['website'], runKey),
    ]);
    const c = await h.publish(office, other, ['website'], runKey);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const pages = await h.ds.query(`SELECT count(*)::int AS n FROM publishing.pages WHERE item_id = $1`, [
      other,
    ]);
    expect(pages[0].n).toBe(1);
    const published = (await h.outbox('publishing.publication-published')).filter(
      (e) => e.data.itemId === other,
    );
    expect(published).toHaveLength(1);
    // A new attempt (another key) of the same revision publishes nothing again either.
    const again = await h.publish(office, other, ['website'], key('attempt-2'));
    expect(again.receipts[0]!.receiptId).toBe(a.receipts[0]!.receiptId);
    const sameKeyOtherRequest = await failure(h.publish(office, itemId, ['website'], runKey));
    expect([sameKeyOtherRequest.status, sameKeyOtherRequest.code]).toEqual([422, 'idempotency-key-reused']);
  });

  it("refuses another office's item like a missing one, and unknown channels clearly", async () => {
    const refused = await failure(h.publish('kpu-prov-jateng', itemId));
    expect(refused.status).toBe(404);
    const unknown = await failure(h.publish(office, itemId, ['website', 'fax']));
    expect([unknown.status, unknown.code]).toEqual([422, 'unknown-channel']);
    expect(unknown.messages.id).toContain('fax');
    const noOffice = await failure(h.publish('kantor-tidak-ada', itemId));
    expect([noOffice.status, noOffice.code]).toEqual([404, 'office-not-found']);
    const other = await h.client.send('publishing.publication.list', { office: 'kpu-prov-jateng' });
    expect(other.publications).toEqual([]);
    expect(
      await failure(h.client.send('publishing.publication.get', { office: 'kpu-prov-jateng', itemId })),
    ).toMatchObject({
      status: 404,
    });
  });

  it('lists publications with their receipts', async () => {
    const list = await h.client.send('publishing.publication.list', { office, itemId });
    expect(list.publications).toHaveLength(1);
    expect(list.publications[0]).toMatchObject({
      itemId,
      status: 'published',
      revision: 2,
      path,
      receipts: [
        expect.objectContaining({ channel: 'website', kind: 'publish', status: 'published', revision: 2 }),
      ],
    });
    expect(list.publications[0]!.receipts[0]!.run).toMatchObject({
      workflowId: `run-${itemId}`,
      stepId: 'unggah',
    });
  });

  it('answers unknown offices and pages with a 404 page in Bahasa Indonesia, and lists offices at /', async () => {
    const none = await h.get('/kantor-tidak-ada/');
    expect(none.status).toBe(404);
    expect(none.body).toContain('Halaman tidak ditemukan');
    expect(none.body).toContain('lang="id"');
    const missing = await h.get(`/${office}/berita/tidak-ada`);
    expect(missing.status).toBe(404);
    // Names every object inherits are not content types.
    for (const inherited of ['constructor', 'toString', '__proto__']) {
      expect([inherited, (await h.get(`/${office}/${inherited}/`)).status]).toEqual([inherited, 404]);
    }
    expect(missing.body).toContain('KPU Kota Palu');
    const index = await h.get('/');
    expect(index.body).toContain(`href="/${office}/"`);
    expect((await h.get(`/${office}`)).headers.get('location')).toBe(`/${office}/`);
  });

  it('serves conditional and compressed variants', async () => {
    const first = await h.get(path, { 'accept-encoding': 'br' });
    expect(first.headers.get('content-encoding')).toBe('br');
    const etag = first.headers.get('etag')!;
    const again = await h.get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const gz = await fetch(h.base + path, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toContain('Rapat Pleno');
  });

  it('writes titles with <, & and quotes in the feeds so readers show them as typed', async () => {
    const title = `Rapat &amp; Pleno <Final> "PPK" & 'PPS' </title>`;
    const { itemId: id } = await h.publishNew(office, { type: 'berita', title });
    const xmlText = (s: string) =>
      s
        .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
        .replace(
          /&(lt|gt|quot|apos|amp);/g,
          (_, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!,
        );
    const rss = (await h.get(`/${office}/feed.rss`)).body;
    const item = rss.split('<item>').find((i) => i.includes(id))!;
    const rssTitle = /<title>([^<]*)<\/title>/.exec(item)![1]!;
    // XML once gives HTML text; HTML once gives the title exactly.
    expect(xmlText(rssTitle)).toBe(
      'Rapat &amp;amp; Pleno &lt;Final&gt; &quot;PPK&quot; &amp; &#39;PPS&#39; &lt;/title&gt;',
    );
    expect(xmlText(xmlText(rssTitle))).toBe(title);
    const atom = (await h.get(`/${office}/feed.atom`)).body;
    const entry = atom.split('<entry>').find((e) => e.includes(id))!;
    const atomTitle = /<title type="html">([^<]*)<\/title>/.exec(entry)![1]!;
    expect(xmlText(xmlText(atomTitle))).toBe(title);
  });
});
