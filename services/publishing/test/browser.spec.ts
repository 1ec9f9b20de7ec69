// Each seed office's website in Chromium: the published item on the home page and its
// article page, at a 360 px phone width and on a desktop, with accessibility basics
// checked (one h1, alt text, lang="id", landmarks, a skip link reached first by keyboard,
// nothing wider than the screen). Screenshots go to tmp/screenshots/.
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { seedDemo } from '../src/seed/seed-demo';
import { Sites } from '../src/sites/sites.service';
import { type DomDocument, type DomWindow, launchChromium, SCREENSHOTS } from './support/browser';

declare const document: DomDocument;
declare const window: DomWindow;
import { files, type ItemInput, PublishingHarness } from './support/harness';

jest.setTimeout(240_000);

interface A11y {
  lang: string | null;
  h1: number;
  imagesWithoutAlt: string[];
  landmarks: Record<string, number>;
  overflow: number;
  title: string;
}

async function a11y(page: Page): Promise<A11y> {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    imagesWithoutAlt: [...document.querySelectorAll('img')]
      .filter((i) => !i.hasAttribute('alt') || !i.getAttribute('alt')!.trim())
      .map((i) => i.getAttribute('src') ?? ''),
    landmarks: {
      banner: document.querySelectorAll('body > header').length,
      navigation: document.querySelectorAll('nav[aria-label]').length,
      main: document.querySelectorAll('main').length,
      contentinfo: document.querySelectorAll('body > footer').length,
    },
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    title: document.title,
  }));
}

/** A photo-like PNG drawn by the browser itself, so pages show a real image. */
async function photo(browser: Browser, caption: string, hue: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  await page.setContent(
    `<body style="margin:0"><div style="width:960px;height:540px;display:flex;align-items:flex-end;
      background:linear-gradient(135deg,hsl(${hue},55%,38%),hsl(${hue + 40},60%,62%));font:700 44px system-ui;color:#fff">
      <div style="padding:32px;text-shadow:0 2px 6px rgba(0,0,0,.5)">${caption}</div></div></body>`,
  );
  const bytes = await page.screenshot({ type: 'png' });
  await page.close();
  return bytes;
}

const ITEMS: Record<string, ItemInput & { image: string; hue: number; pdf?: string }> = {
  'kpu-kota-palu': {
    type: 'berita',
    title: 'KPU Kota Palu Tetapkan Daftar Pemilih Tetap Pilkada 2026',
    summary: 'Rapat pleno terbuka menetapkan 286.412 pemilih di delapan kecamatan.',
    body: '<p>Rapat pleno terbuka rekapitulasi daftar pemilih tetap digelar di aula KPU Kota Palu dan dihadiri Bawaslu, partai politik, serta tim pasangan calon.</p><h2>Rincian per kecamatan</h2><p>Jumlah pemilih tertinggi tercatat di Kecamatan Palu Selatan.</p><table><thead><tr><th scope="col">Kecamatan</th><th scope="col">Pemilih</th></tr></thead><tbody><tr><td>Palu Selatan</td><td>52.114</td></tr><tr><td>Palu Barat</td><td>41.870</td></tr></tbody></table>',
    fields: { eventDate: '2026-02-10', location: 'Aula KPU Kota Palu', reporter: 'Humas KPU Kota Palu' },
    image: 'Rapat pleno DPT',
    hue: 350,
  },
  'kpu-prov-jateng': {
    type: 'artikel',
    title: 'Memahami Tahapan Pemilihan Gubernur Jawa Tengah',
    summary: 'Panduan singkat tahapan, dari pemutakhiran data pemilih sampai penetapan hasil.',
    body: '<p>Pemilihan gubernur berlangsung dalam beberapa tahap yang masing-masing memiliki jadwal dan penanggung jawab.</p><ol><li>Pemutakhiran data pemilih</li><li>Pencalonan</li><li>Kampanye</li><li>Pemungutan dan penghitungan suara</li></ol>',
    fields: { byline: 'Divisi Sosdiklih dan Parmas', readingMinutes: 4 },
    image: 'Tahapan Pilgub Jateng',
    hue: 20,
  },
  'kpu-kab-bangka-barat': {
    type: 'regulasi',
    title: 'Keputusan KPU Kabupaten Bangka Barat tentang Jadwal Kampanye',
    summary: 'Penetapan jadwal dan lokasi kampanye rapat umum.',
    body: '<p>Keputusan ini menetapkan jadwal kampanye rapat umum pasangan calon bupati dan wakil bupati.</p>',
    fields: {
      regulationType: 'Keputusan KPU',
      number: '45/PL.02.4-Kpt/1905/2026',
      year: 2026,
      status: 'berlaku',
      legalCategory: 'peraturan-perundang-undangan',
      enactedOn: '2026-02-02',
      informationCategory: 'berkala',
    },
    image: 'Informasi hukum',
    hue: 210,
    pdf: 'Keputusan Jadwal Kampanye.pdf',
  },
  'kpu-kab-kepulauan-mentawai': {
    type: 'pengumuman',
    title: 'Pengumuman Rekrutmen Panitia Pemungutan Suara',
    summary: 'Pendaftaran calon anggota PPS dibuka di seluruh desa.',
    body: '<p>KPU Kabupaten Kepulauan Mentawai membuka pendaftaran calon anggota Panitia Pemungutan Suara.</p><ul><li>Berusia paling rendah 17 tahun</li><li>Berdomisili di desa setempat</li></ul>',
    fields: {
      number: '08/PP.04-Pu/1309/2026',
      validFrom: '2026-03-01',
      validUntil: '2026-03-14',
      informationCategory: 'serta-merta',
    },
    image: 'Rekrutmen PPS',
    hue: 160,
    pdf: 'Formulir Pendaftaran PPS.pdf',
  },
  'diskominfo-kab-ketapang': {
    type: 'berita',
    title: 'Diskominfo Ketapang Perluas Jaringan Internet Desa',
    summary: 'Tiga puluh desa terhubung jaringan internet pemerintah tahun ini.',
    body: '<p>Dinas Komunikasi dan Informatika Kabupaten Ketapang menambah titik akses internet di desa-desa terpencil.</p>',
    fields: { eventDate: '2026-01-20', location: 'Kecamatan Sandai' },
    image: 'Internet desa',
    hue: 195,
  },
};

describe('the five seed offices in Chromium', () => {
  const h = new PublishingHarness();
  let browser: Browser;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    await h.start('pubbrowser');
    browser = await launchChromium();
    await seedDemo(h.ds);
    await h.app.get(Sites).refresh();
    for (const [office, spec] of Object.entries(ITEMS)) {
      const itemId = h.content.create(office, spec);
      await h.content.attach(itemId, {
        fileName: `${spec.image}.png`,
        mediaType: 'image/png',
        kind: 'image',
        bytes: await photo(browser, spec.image, spec.hue),
        alt: `Ilustrasi: ${spec.image}`,
        caption: spec.image,
      });
      if (spec.pdf)
        await h.content.attach(itemId, {
          fileName: spec.pdf,
          mediaType: 'application/pdf',
          kind: 'document',
          bytes: files.pdf(),
        });
      h.content.approve(itemId, `run-${itemId}`, 1);
      const { receipts } = await h.publish(office, itemId);
      pages[office] = receipts[0]!.url;
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  it.each(Object.keys(ITEMS))('%s: home and article, phone and desktop, accessible', async (office) => {
    for (const width of [360, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: width === 360 ? 780 : 900 } });
      for (const [name, url] of [
        ['home', `${h.base}/${office}/`],
        ['article', pages[office]!],
      ] as const) {
        const res = await page.goto(url, { waitUntil: 'load' });
        expect(res?.status()).toBe(200);
        if (name === 'home')
          expect(await page.locator(`a[href="${new URL(pages[office]!).pathname}"]`).count()).toBeGreaterThan(
            0,
          );
        else expect(await page.textContent('h1')).toBe(ITEMS[office]!.title);
        const report = await a11y(page);
        expect(report).toMatchObject({
          lang: 'id',
          h1: 1,
          imagesWithoutAlt: [],
          landmarks: { banner: 1, navigation: 1, main: 1, contentinfo: 1 },
        });
        expect(report.overflow).toBeLessThanOrEqual(0);
        // The site's own font draws the text, whatever fonts this machine has.
        expect(
          await page.evaluate(async () => {
            await document.fonts.ready;
            return [...document.fonts]
              .filter((f) => f.status === 'loaded')
              .map((f) => `${f.family} ${f.weight}`);
          }),
        ).toEqual(expect.arrayContaining(['Arimo 400', 'Arimo 700']));
        expect(report.title).toContain(h.offices[office]!.name);
        // Keyboard: the first Tab reaches the skip link, Enter moves focus to the content.
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke isi utama');
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('isi');
        await page.screenshot({
          path: join(SCREENSHOTS, `publishing-${office}-${name}-${width}.png`),
          fullPage: true,
        });
      }
      await page.close();
    }
  });

  it('an office without publications has a usable empty home page', async () => {
    const itemless = 'kpu-kab-sigi';
    h.offices[itemless] = { name: 'KPU Kabupaten Sigi', timeZone: 'Asia/Makassar', kind: 'kpu-kabupaten' };
    await h.ds.query(
      `INSERT INTO publishing.sites (office, name, time_zone, kind, source) VALUES ($1, $2, $3, $4, 'seed')`,
      [itemless, 'KPU Kabupaten Sigi', 'Asia/Makassar', 'kpu-kabupaten'],
    );
    // (Every replica reads the sites every siteVersionPollMs; this one is asked now.)
    await h.app.get(Sites).refresh();
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    expect((await page.goto(`${h.base}/${itemless}/`))?.status()).toBe(200);
    expect(await page.textContent('main')).toContain('Belum ada konten yang diterbitkan');
    expect((await a11y(page)).h1).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'publishing-empty-home-360.png'), fullPage: true });
    await page.goto(`${h.base}/`);
    expect(await page.locator('main a').count()).toBeGreaterThanOrEqual(6);
    await page.close();
  });
});
