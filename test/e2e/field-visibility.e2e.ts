import { createServer } from 'node:http';
import { idempotencyKey, ok } from '../support/api';
import { createAndSubmit, publishedOnTheSite, publicItem } from '../support/flow';
import { platformInfo } from '../support/platform-info';
import { setUpTestOffice } from '../support/office';

// Field visibility (issue 15) across the real services: an office's SOP declares a custom
// type's fields public or internal (registry); an item carries both (content); once its run
// publishes it (worker → publishing), the internal ones appear nowhere the public reads —
// the page, lists, search, feeds, sitemap, JSON API — nor in the webhook sent outside, while
// the public one does, under its declared label.

const office = 'kpu-kab-uji-isian';
const header = () => ({ 'Idempotency-Key': idempotencyKey() });

const definition = `
key: ${office}.permohonan-informasi
version: 1
title: Jawaban permohonan informasi
timeZone: Asia/Jakarta
roles:
  - { code: penulis, name: Penulis }
contentTypes:
  - code: permohonan-informasi
    name: Permohonan Informasi
    nameEn: Information request
    fields:
      - { key: nomorRegister, label: Nomor register, labelEn: Register number, visibility: public }
      - { key: namaPemohon, label: Nama pemohon, labelEn: Applicant's name, visibility: internal }
      - { key: adaKtp, label: Salinan KTP dilampirkan, labelEn: ID card copy attached, visibility: internal }
flows:
  item:
    steps:
      - { id: tulis, description: Menulis jawaban, actors: penulis, time: 1 jam }
      - { id: unggah, kind: publish, description: Mengunggah ke website, actors: penulis, channels: [website] }
`;

async function setUpOffice(hookUrl: string): Promise<void> {
  const admin = await setUpTestOffice({
    code: office,
    name: 'KPU Kabupaten Uji Isian',
    timeZone: 'Asia/Jakarta',
    roles: ['penulis'],
    definition: {
      source: definition,
      fileName: 'permohonan-informasi.yaml',
      contentTypes: ['permohonan-informasi'],
    },
  });
  ok(
    await admin.POST('/api/v1/offices/{office}/webhooks', {
      params: { path: { office }, header: header() },
      body: { url: hookUrl, description: 'Sistem arsip PPID' },
    }),
  );
}

it('an internal field never reaches the public site, feeds, JSON API or webhooks; a public one does, labelled', async () => {
  const received: string[] = [];
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  try {
    await setUpOffice(`http://127.0.0.1:${(hook.address() as { port: number }).port}/ppid`);
    const applicant = `Siti Rahmawati ${Date.now()}`;
    const title = `Jawaban Permohonan Informasi DCT ${Date.now()}`;
    const { itemId, workflowId } = await createAndSubmit(office, 'penulis', 'permohonan-informasi', title, {
      nomorRegister: 'REG-2026-0042',
      namaPemohon: applicant,
      adaKtp: true,
      // Not declared: internal by default on a custom type.
      catatanPetugas: 'CATATAN-PETUGAS-77',
    });
    // The only step is the submitter's own: done at submission, so the run publishes at once.
    await publishedOnTheSite(office, itemId, workflowId, title);
    const leaks = (text: string) =>
      [applicant, 'namaPemohon', 'adaKtp', 'catatanPetugas', 'CATATAN-PETUGAS-77'].filter((s) =>
        text.includes(s),
      );

    const item = await publicItem(office, itemId);
    expect(item.body?.fields).toEqual({ nomorRegister: 'REG-2026-0042' });
    expect(item.body?.fieldLabels).toEqual([
      { key: 'nomorRegister', label: { id: 'Nomor register', en: 'Register number' } },
    ]);

    const site = platformInfo().publicSiteUrl;
    const pageUrl = new URL(item.body!.url as string).pathname;
    const page = await (await fetch(`${site}${pageUrl}`)).text();
    expect(page).toMatch(/<th scope="row">Nomor register<\/th><td>REG-2026-0042<\/td>/);
    expect(leaks(page)).toEqual([]);
    for (const path of [
      `/${office}/`,
      `/${office}/permohonan-informasi/`,
      `/${office}/cari?q=permohonan`,
      `/${office}/feed.atom`,
      `/${office}/feed.rss`,
      `/${office}/sitemap.xml`,
      `/${office}/api/items`,
      `/${office}/api/items/${itemId}`,
      `/${office}/api/search?q=permohonan`,
    ]) {
      const res = await fetch(`${site}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, leaks(await res.text())]).toEqual([path, []]);
    }

    const deadline = Date.now() + 30_000;
    while (!received.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.join('\n')).toContain(itemId);
    for (const body of received) expect(leaks(body)).toEqual([]);
  } finally {
    await new Promise((r) => hook.close(r));
  }
});
