// The usual XSS payloads go in through every field content can carry (title, summary, body,
// alt text, captions, file names, tags, type fields, correction notes, retraction reasons,
// search queries, URLs), then Chromium opens every kind of page: nothing may execute.
// The pages' Content-Security-Policy would stop inline script anyway, so the main pass
// runs with CSP bypassed: it is the sanitizer and the escaping that are under test.
import { type Browser, type Page } from 'playwright-core';
import { type DomDocument, type DomWindow, launchChromium } from './support/browser';

declare const document: DomDocument;
declare const window: DomWindow;
import { admin, files, key, PublishingHarness } from './support/harness';

jest.setTimeout(180_000);

const MARK = 'window.top.__xss=1';
const PAYLOADS = [
  `<script>${MARK};alert(1)</script>`,
  `<img src=x onerror="${MARK};alert(1)">`,
  `<svg onload="${MARK}"><script>${MARK}</script></svg>`,
  `<svg><animate onbegin=${MARK} attributeName=x dur=1s>`,
  `<a href="javascript:${MARK};alert(1)">klik</a>`,
  `<a href="JaVaScRiPt:${MARK}">klik2</a>`,
  `<a href="jav&#x09;ascript:${MARK}">klik3</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${MARK}">klik4</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>`,
  `<iframe src="javascript:${MARK}"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<object data="data:text/html,<script>parent.__xss=1</script>"></object>`,
  `<embed src="javascript:${MARK}">`,
  `<div style="background:url(javascript:${MARK});width:expression(${MARK})">gaya</div>`,
  `<style>body{background:url("javascript:${MARK}")}</style>`,
  `"><script>${MARK}</script>`,
  `'><img src=x onerror=${MARK}>`,
  `<body onload=${MARK}>`,
  `<details open ontoggle=${MARK}>x</details>`,
  `<input autofocus onfocus=${MARK}>`,
  `<video><source onerror=${MARK}></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${MARK}>`,
  `<noscript><p title="</noscript><img src=x onerror=${MARK}>">`,
  `<scr<script>ipt>${MARK}</scr</script>ipt>`,
  `<form action="javascript:${MARK}"><button>kirim</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${MARK}">`,
  `<base href="javascript:${MARK}//">`,
  `&lt;script&gt;${MARK}&lt;/script&gt;`,
  `%3Cscript%3E${MARK}%3C/script%3E`,
  `\u003cimg src=x onerror=${MARK}\u003e`,
  `<img src="x" alt="a" onerror="${MARK}"`,
];
const JOINED = PAYLOADS.join(' ');

interface Probe {
  executed: unknown;
  scripts: number;
  handlers: string[];
  jsLinks: number;
  frames: number;
}

async function probe(page: Page, url: string, dialogs: string[]): Promise<Probe> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(250); // onerror/onload/autofocus/animations have fired by now
  return page
    .evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        executed: window.__xss,
        scripts: document.querySelectorAll('script').length,
        handlers: all.flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`),
        ),
        jsLinks: [...document.querySelectorAll('[href],[src],[action],[formaction]')].filter((e) =>
          /^\s*(javascript|data|vbscript):/i.test(
            e.getAttribute('href') ??
              e.getAttribute('src') ??
              e.getAttribute('action') ??
              e.getAttribute('formaction') ??
              '',
          ),
        ).length,
        frames: document.querySelectorAll('iframe,object,embed,frame').length,
      };
    })
    .then((p) => {
      if (dialogs.length) throw new Error(`a dialog opened on ${url}: ${dialogs.join(', ')}`);
      return p;
    });
}

describe('XSS: payloads in every field, pages opened in Chromium', () => {
  const h = new PublishingHarness();
  const office = 'kpu-kota-palu';
  let browser: Browser;
  const urls: string[] = [];

  beforeAll(async () => {
    await h.start('pubxss');
    browser = await launchChromium();
    // One item per title payload (titles are plain text); one item carrying everything else.
    for (const [i, payload] of PAYLOADS.slice(0, 8).entries()) {
      const { answer } = await h.publishNew(office, {
        type: i % 2 ? 'berita' : 'pengumuman',
        title: payload,
        summary: payload,
        fields:
          i % 2 ? { location: payload, reporter: payload } : { number: payload, validFrom: '2026-01-01' },
        tags: [payload],
      });
      urls.push(answer.receipts[0]!.url);
    }
    const itemId = h.content.create(office, {
      type: 'regulasi',
      title: `Peraturan ${PAYLOADS[1]}`,
      summary: JOINED.slice(0, 2000),
      body: `<p>Isi</p>${JOINED}`,
      tags: PAYLOADS.slice(0, 5),
      fields: {
        number: PAYLOADS[0],
        year: 2026,
        regulationType: PAYLOADS[2],
        status: 'berlaku',
        legalCategory: 'putusan',
        informationCategory: 'berkala',
        revokedBy: PAYLOADS[3],
      },
    });
    const imageId = await h.content.attach(itemId, {
      fileName: `"><img src=x onerror=${MARK}>.png`,
      mediaType: 'image/png',
      kind: 'image',
      bytes: files.png(),
      alt: `" onerror="${MARK}`,
      caption: PAYLOADS[1],
    });
    await h.content.attach(itemId, {
      fileName: `<script>${MARK}</script>.pdf`,
      mediaType: 'application/pdf',
      kind: 'document',
      bytes: files.pdf(),
      caption: PAYLOADS[0],
    });
    h.content.revise(itemId, {
      // The legitimate images first: an unclosed <style> or <noscript> further on swallows the rest.
      body: `<p>Isi</p><img src="attachment:${imageId}" onerror="${MARK}"><img src="attachment:${imageId}" alt="${PAYLOADS[1]!.replace(/"/g, '&quot;')}">${JOINED}`,
    });
    h.content.approve(itemId, `run-${itemId}`, 2);
    const { receipts } = await h.publish(office, itemId);
    urls.push(receipts[0]!.url);
    await h.client.send('publishing.publication.correct', {
      ...admin(office),
      idempotencyKey: key('fix'),
      itemId,
      note: JOINED.slice(0, 1900),
    });
    // A retracted page shows its reason.
    const { itemId: gone, answer } = await h.publishNew(office, { type: 'berita', title: 'Akan ditarik' });
    await h.client.send('publishing.publication.retract', {
      ...admin(office),
      idempotencyKey: key('r'),
      itemId: gone,
      reason: JOINED.slice(0, 1900),
    });
    urls.push(answer.receipts[0]!.url);
    urls.push(
      `${h.base}/${office}/`,
      `${h.base}/${office}/berita/`,
      `${h.base}/${office}/pengumuman/`,
      `${h.base}/${office}/regulasi/`,
      `${h.base}/${office}/informasi-publik/`,
      `${h.base}/${office}/cari?q=${encodeURIComponent(PAYLOADS[0]!)}`,
      `${h.base}/${office}/cari?q=${encodeURIComponent(PAYLOADS[16]!)}`,
      `${h.base}/${office}/cari?q=%22%3E%3Cimg%20src%3Dx%20onerror%3D${encodeURIComponent(MARK)}%3E`,
      `${h.base}/${office}/berita/%3Cscript%3E${encodeURIComponent(MARK)}%3C%2Fscript%3E`,
      `${h.base}/${office}/%22%3E%3Csvg%20onload%3D${encodeURIComponent(MARK)}%3E/`,
      `${h.base}/kantor%3Cscript%3E/`,
      `${h.base}/`,
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  it('executes nothing, with the Content-Security-Policy bypassed (sanitizer and escaping alone)', async () => {
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const url of urls) {
      const p = await probe(page, url, dialogs);
      expect({ url, ...p }).toEqual({
        url,
        executed: undefined,
        scripts: 0,
        handlers: [],
        jsLinks: 0,
        frames: 0,
      });
    }
    await context.close();
  });

  it('shows the payloads as text, and keeps the page whole', async () => {
    const page = await browser.newPage();
    await page.goto(urls[0]!);
    expect(await page.textContent('h1')).toBe(PAYLOADS[0]);
    expect(await page.locator('h1').count()).toBe(1);
    const regulation = urls[8]!;
    await page.goto(regulation);
    const body = await page.textContent('.prose');
    expect(body).toContain('Isi');
    expect(await page.locator('.prose img').count()).toBe(2);
    expect(await page.locator('.prose img').first().getAttribute('src')).toMatch(
      /^\/kpu-kota-palu\/berkas\//,
    );
    expect(await page.textContent('.notice.fix')).toContain('<script>');
    await page.close();
  });

  it('executes nothing with the Content-Security-Policy in force either', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    for (const url of urls.slice(0, 10)) {
      const p = await probe(page, url, dialogs);
      expect(p.executed).toBeUndefined();
    }
    // The inline stylesheet is allowed by its hash: nothing of ours is blocked.
    expect(violations).toEqual([]);
    await page.close();
  });
});
