import { createServer, type Server } from 'node:http';
import { admin, key, PublishingHarness, waitFor } from './support/harness';

// Issue 15: a content type's fields are `public` or `internal` (declared in the SOP
// definition, carried by the registry's content-type list). Over HTTP, against the real
// publishing service: internal fields appear nowhere the public reads — page, lists,
// search, feeds, sitemap, JDIH, public JSON API, webhooks — while public ones do, under
// their declared labels.

const office = 'kpu-kab-bangka-barat';
const SECRET = {
  applicant: 'Siti Rahmawati Pemohon',
  idCard: 'adaKtp',
  note: 'CATATAN-PETUGAS-77',
  reporter: 'Reporter Rahasia Budi',
};

/** An agency system's endpoint recording what it receives. */
function receiver() {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end('ok');
    });
  });
  return {
    bodies,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () =>
          r(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`),
        ),
      ),
    stop: () => new Promise((r) => server.close(r)),
  };
}

describe('field visibility: internal fields never reach the public', () => {
  const h = new PublishingHarness();
  const hook = receiver();
  let requestId: string;
  let requestPath: string;
  let newsPath: string;

  beforeAll(async () => {
    await h.start('pubfields');
    h.contentTypes[office] = [
      {
        code: 'permohonan-informasi',
        name: { id: 'Permohonan Informasi', en: 'Information request' },
        custom: true,
        fields: [
          {
            key: 'nomorRegister',
            label: { id: 'Nomor register', en: 'Register number' },
            visibility: 'public',
          },
          {
            key: 'namaPemohon',
            label: { id: 'Nama pemohon', en: "Applicant's name" },
            visibility: 'internal',
          },
          { key: 'adaKtp', label: { id: 'Salinan KTP', en: 'ID card copy' }, visibility: 'internal' },
        ],
      },
      {
        code: 'berita',
        name: { id: 'Berita', en: 'News' },
        custom: false,
        fields: [{ key: 'reporter', label: { id: 'Reporter', en: 'Reporter' }, visibility: 'internal' }],
      },
    ];
    const url = await hook.start();
    await h.client.send('publishing.webhook.create', { ...admin(office), idempotencyKey: key('hook'), url });

    const request = await h.publishNew(office, {
      type: 'permohonan-informasi',
      title: 'Jawaban Permohonan Informasi Daftar Calon Tetap',
      body: '<p>Permohonan dijawab dengan salinan keputusan.</p>',
      fields: {
        nomorRegister: 'REG-2026-0042',
        namaPemohon: SECRET.applicant,
        adaKtp: true,
        // Not declared: a custom type's undeclared field stays internal.
        catatanPetugas: SECRET.note,
      },
    });
    requestId = request.itemId;
    requestPath = new URL(request.answer.receipts[0]!.url).pathname;
    const news = await h.publishNew(office, {
      type: 'berita',
      title: 'Rapat Pleno Penetapan Daftar Calon Tetap',
      body: '<p>Rapat pleno digelar terbuka.</p>',
      // location is a built-in field, undeclared: public as always; reporter is declared internal.
      fields: { location: 'Aula Publik Mentok', reporter: SECRET.reporter },
    });
    newsPath = new URL(news.answer.receipts[0]!.url).pathname;
    await waitFor(() => hook.bodies.length >= 2, 15_000, 'two webhook deliveries');
  }, 90_000);
  afterAll(async () => {
    await hook.stop();
    await h.stop();
  });

  const leaks = (text: string) =>
    [SECRET.applicant, SECRET.idCard, SECRET.note, SECRET.reporter, 'namaPemohon', 'catatanPetugas'].filter(
      (s) => text.includes(s),
    );

  it('shows a public field on the page under its declared label, never its key; internal ones not at all', async () => {
    const page = await h.get(requestPath);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<th scope="row">Nomor register<\/th><td>REG-2026-0042<\/td>/);
    expect(page.body).not.toContain('nomorRegister');
    expect(leaks(page.body)).toEqual([]);
    const news = await h.get(newsPath);
    expect(news.body).toContain('Aula Publik Mentok');
    expect(leaks(news.body)).toEqual([]);
  });

  it('keeps internal fields out of the lists, search, feeds, sitemap and JDIH', async () => {
    for (const path of [
      `/${office}/`,
      `/${office}/permohonan-informasi/`,
      `/${office}/berita/`,
      `/${office}/cari?q=permohonan`,
      `/${office}/feed.atom`,
      `/${office}/feed.rss`,
      `/${office}/sitemap.xml`,
      `/${office}/jdih.json`,
    ]) {
      const r = await h.get(path);
      expect([path, r.status]).toEqual([path, 200]);
      expect([path, leaks(r.body)]).toEqual([path, []]);
    }
  });

  it('keeps them out of the public JSON API, which names public fields with their labels', async () => {
    const item = await h.json(`/${office}/api/items/${requestId}`);
    expect(item.status).toBe(200);
    expect(item.body.fields).toEqual({ nomorRegister: 'REG-2026-0042' });
    expect(item.body.fieldLabels).toEqual([
      { key: 'nomorRegister', label: { id: 'Nomor register', en: 'Register number' } },
    ]);
    for (const path of [
      `/${office}/api/`,
      `/${office}/api/items`,
      `/${office}/api/items?type=berita`,
      `/${office}/api/search?q=pleno`,
      `/${office}/api/public-information`,
      `/${office}/api/items/${requestId}`,
    ]) {
      const r = await h.get(path);
      expect([path, r.status]).toEqual([path, 200]);
      expect([path, leaks(r.body)]).toEqual([path, []]);
    }
    const list = await h.json(`/${office}/api/items?type=berita`);
    expect((list.body.items as unknown as { fields: unknown }[])[0]!.fields).toEqual({
      location: 'Aula Publik Mentok',
    });
  });

  it('keeps them out of the webhooks sent outside', () => {
    expect(hook.bodies).toHaveLength(2);
    for (const body of hook.bodies) expect(leaks(body)).toEqual([]);
  });

  it('keeps them out of the stored page and its evidence, so no later reader can leak them', async () => {
    const rows: { text: string }[] = await h.ds.query(
      `SELECT p::text || r::text AS text FROM publishing.pages p JOIN publishing.page_revisions r ON r.page_id = p.id
        WHERE p.office = $1`,
      [office],
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(leaks(r.text)).toEqual([]);
  });
});
