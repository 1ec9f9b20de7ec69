import type { Browser, Page } from 'playwright-core';
import { as, demoEmail, idempotencyKey, ok } from '../support/api';
import { launchChromium, signInAs } from '../support/browser';
import { platformInfo } from '../support/platform-info';

// The console and Swagger UI under the gateway's Content-Security-Policy
// (services/gateway/src/http/security-headers.ts), in Chromium: nothing on the pages
// people use is blocked — the sign-in page, My tasks, the content list, an item's
// editor and its preview (a sandboxed srcdoc frame with inline styles and an inlined
// image), an SOP's diagram and printable sheet (another srcdoc frame), the reports, and
// the API docs. A canary that the policy must block proves the watch sees violations.

const office = 'kpu-prov-jateng';
const author = demoEmail(office, 'pengampu-konsep');
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Every CSP violation Chromium reports for the page and its frames, as it logs them. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Log.entryAdded', ({ entry }: { entry: { text: string; url?: string } }) => {
    if (/Content Security Policy/i.test(entry.text)) seen.push(`${entry.url ?? page.url()}: ${entry.text}`);
  });
  await cdp.send('Log.enable');
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  return seen;
}

it('runs the console and the API docs without a single CSP violation', async () => {
  // An Artikel with an image in its body, for the preview.
  const client = await as(author);
  const item = ok(
    await client.POST('/api/v1/offices/{office}/items', {
      params: { path: { office }, header: { 'Idempotency-Key': idempotencyKey() } },
      body: { type: 'artikel', title: `Artikel CSP ${Date.now()}`, body: '<p>Isi artikel.</p>' },
    }),
  );
  const image = ok(
    await client.POST('/api/v1/offices/{office}/items/{itemId}/attachments', {
      params: { path: { office, itemId: item.itemId }, header: { 'Idempotency-Key': idempotencyKey() } },
      body: { fileName: 'pemilih.png', mediaType: 'image/png', dataBase64: PNG, alt: 'Pemilih pemula' },
    }),
  );
  ok(
    await client.PATCH('/api/v1/offices/{office}/items/{itemId}', {
      params: { path: { office, itemId: item.itemId }, header: { 'Idempotency-Key': idempotencyKey() } },
      body: {
        baseRevision: item.currentRevision.number,
        body: `<p>Isi artikel.</p><p><img src="${image.reference}" alt="Pemilih pemula"></p>`,
      },
    }),
  );

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  const violations = await watchViolations(page);
  const base = platformInfo().gatewayUrl;
  try {
    // The canary: an image from elsewhere must be refused, and the refusal seen.
    await page.goto(`${base}/masuk`);
    await page.getByLabel(/^(Email)/).waitFor();
    await page.locator('body').evaluate((body) => {
      body.insertAdjacentHTML('beforeend', '<img src="https://example.invalid/canary.png" alt="">');
    });
    for (const until = Date.now() + 10_000; !violations.length && Date.now() < until;)
      await page.waitForTimeout(100);
    expect(violations.join('\n')).toContain('canary.png');
    violations.length = 0;

    await signInAs(page, author);
    await page.goto(`${base}/${office}/konten`);
    await page.getByTestId('new-item').waitFor();
    await page.goto(`${base}/${office}/konten/${item.itemId}`);
    await page.getByTestId('item-status').waitFor();
    await page.getByTestId('preview-open').click();
    const preview = page.frameLocator('[data-testid=preview]');
    await preview.locator('img[alt="Pemilih pemula"]').waitFor();
    // The preview's own stylesheet applied (inline <style> in the srcdoc frame).
    const styled = await preview
      .locator('header')
      .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).backgroundColor);
    expect(styled).toBe('rgb(122, 16, 16)');
    await page.locator('dialog[open] .dialog-close').click();

    await page.goto(`${base}/${office}/sop/${office}.pengelolaan-website`);
    await page.getByTestId('sop-diagram').waitFor();
    await page.locator('#sop-tab-sheet').click();
    await page.frameLocator('.sheet-frame').locator('body').waitFor();
    await page.goto(`${base}/${office}/laporan`);
    await page.locator('main h1').waitFor();

    await page.goto(`${base}/api/docs`);
    await page.locator('.swagger-ui .info').waitFor();
    await page.locator('.opblock').first().click();
    await page.waitForTimeout(1_000);
  } finally {
    await context.close();
  }
  expect(violations).toEqual([]);
});
