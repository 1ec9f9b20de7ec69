import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoEmail, officeAdminEmail } from '../support/api';
import { launchChromium, loadedFontFaces, screenshot, signInAs } from '../support/browser';
import { createAndSubmit, play, publicItem, publishedOnTheSite } from '../support/flow';
import { platformInfo } from '../support/platform-info';

// The staff console in a real browser against the whole platform: the Jawa Tengah SOP
// for an Artikel from draft to the office website, each step by the person holding its
// role, through the screens they use; a broken definition upload; the English switch.

const office = 'kpu-prov-jateng';
const definitionFile = join(
  __dirname,
  '..',
  '..',
  'workflows',
  'definitions',
  `${office}.pengelolaan-website.yaml`,
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile per person: their own session storage, as on their own desk. */
async function personPage(role: string, path?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  await signInAs(page, role === 'admin' ? officeAdminEmail(office) : demoEmail(office, role), path);
  return { context, page };
}

/** Waits until the step's task is in My tasks (tasks arrive from run events), refreshing. */
async function taskRow(page: Page, title: string, stepId: string) {
  const row = page.locator(`tr[data-step="${stepId}"]`, { hasText: title });
  const deadline = Date.now() + 45_000;
  while ((await row.count()) === 0) {
    if (Date.now() > deadline) throw new Error(`no task ${stepId} for "${title}" in My tasks`);
    await page.waitForTimeout(500);
    await page.getByTestId('inbox-refresh').click();
  }
  return row.first();
}

/** The holder of the step's role signs in, finds it in My tasks and decides it. */
async function decideAs(
  role: string,
  title: string,
  stepId: string,
  decision: 'complete' | 'approve' | 'send-back',
  reason?: string,
) {
  const { context, page } = await personPage(role, `/${office}/tugas`);
  try {
    const row = await taskRow(page, title, stepId);
    await row.locator('[data-testid=countdown], .badge').first().waitFor();
    await screenshot(page, `tasks-${role}`);
    await row.getByTestId('decide').click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByTestId(`decision-${decision}`).check();
    if (reason) await dialog.getByTestId('decide-reason').fill(reason);
    await screenshot(page, `decide-${role}${reason ? '-with-reason' : ''}`);
    await dialog.getByTestId('decide-submit').click();
    await page.getByTestId('notice').filter({ hasText: 'terkirim' }).waitFor();
  } finally {
    await context.close();
  }
}

it('runs an Artikel of KPU Provinsi Jawa Tengah from draft to the website through the console, role by role', async () => {
  const title = `Artikel Konsol Pendidikan Pemilih ${Date.now()}`;

  // The author writes the article in the editor and submits it.
  const author = await personPage('pengampu-konsep');
  const page = author.page;
  await screenshot(page, 'tasks-empty-author');
  await page.getByRole('link', { name: 'Konten', exact: true }).click();
  await page.getByTestId('new-item').click();
  await page.getByTestId('item-type').selectOption('artikel');
  await page.getByTestId('item-title').fill(title);
  await page.getByLabel('Ringkasan').fill('Ringkasan artikel uji konsol.');
  await page.getByTestId('editor-body').click();
  await page.keyboard.type('Pemilih pemula perlu memahami tahapan pemilu.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Konten ini ditulis lewat konsol staf.');
  await page.getByTestId('item-save').click();
  await page.waitForURL(/\/konten\/[0-9a-f-]{36}$/);
  await page.getByTestId('item-status').waitFor();
  const itemId = page.url().split('/').pop()!;
  await screenshot(page, 'editor-draft');

  // A second revision, then the side-by-side diff of the two.
  await page.getByTestId('editor-body').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Paragraf tambahan pada revisi kedua.');
  await page.getByTestId('item-save').click();
  await page.getByTestId('editor-status').filter({ hasText: 'revisi 2' }).waitFor();
  await page.getByRole('tab', { name: 'Riwayat revisi' }).click();
  await page.getByTestId('diff').locator('ins', { hasText: 'Paragraf tambahan' }).waitFor();
  await screenshot(page, 'revisions-diff');

  // An image with its alternative text, uploaded with progress.
  await page.getByRole('tab', { name: /Lampiran/ }).click();
  await page.getByTestId('attachment-file').setInputFiles({
    name: 'pemilih.png',
    mimeType: 'image/png',
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
      'base64',
    ),
  });
  await page.getByLabel('Teks alternatif').fill('Pemilih pemula di TPS');
  await page.getByTestId('attachment-upload').click();
  await page.locator('.attachment-list li', { hasText: 'pemilih.png' }).waitFor();
  await screenshot(page, 'attachments');

  await page.getByRole('tab', { name: 'Isi', exact: true }).click();
  await page.getByTestId('preview-open').click();
  await page.getByTestId('preview').waitFor();
  await screenshot(page, 'preview');
  await page.locator('dialog[open] .dialog-close').click();

  await page.getByTestId('item-submit').click();
  await page.getByTestId('item-status').filter({ hasText: 'Dalam pemeriksaan' }).waitFor();
  await screenshot(page, 'submitted');
  await author.context.close();

  // Each step by the holder of its role (the Artikel goes up to the Komisioner); step 1,
  // the concept, is the author's and was done when they submitted it.
  await decideAs('web-admin', title, 'validasi', 'complete');
  await decideAs('subkoor-tekmas', title, 'koreksi-subkoor', 'approve');
  // The Kabag sends it back once, with a reason; the Sub Koordinator approves it again.
  await decideAs('kabag-hth', title, 'koreksi-kabag', 'send-back', 'Tambahkan sumber data partisipasi');
  await decideAs('subkoor-tekmas', title, 'koreksi-subkoor', 'approve');
  await decideAs('kabag-hth', title, 'koreksi-kabag', 'approve');
  await decideAs('sekretaris', title, 'koreksi-sekretaris', 'approve');
  await decideAs('komisioner', title, 'persetujuan-komisioner', 'approve');

  // The run timeline: every step, who held it, against its time standard; then published.
  const admin = await personPage('admin', `/${office}/konten/${itemId}`);
  await admin.page.getByTestId('open-timeline').click();
  const status = admin.page.getByTestId('run-status');
  const deadline = Date.now() + 60_000;
  while ((await status.getAttribute('data-status')) !== 'completed') {
    if (Date.now() > deadline) throw new Error(`the run did not complete: ${await status.textContent()}`);
    await admin.page.waitForTimeout(1000);
    await admin.page.getByRole('button', { name: 'Muat ulang' }).click();
  }
  await admin.page.getByTestId('timeline').locator('li', { hasText: 'Komisioner' }).first().waitFor();
  // The send-back and its reason are on the timeline.
  await admin.page
    .getByTestId('timeline')
    .locator('li', { hasText: 'Tambahkan sumber data partisipasi' })
    .first()
    .waitFor();
  await screenshot(admin.page, 'run-timeline');
  await admin.context.close();

  const published = await publicItem(office, itemId);
  expect(published.status).toBe(200);
  expect(JSON.stringify(published.body)).toContain(title);
});

it('a Sub Koordinator claims a task, comments on it, and approves two Berita at once', async () => {
  const stamp = Date.now();
  const berita = [];
  for (const title of [`Berita Konsol Rapat Pleno ${stamp}`, `Berita Konsol Bimtek ${stamp}`]) {
    const run = await createAndSubmit(office, 'pengampu-konsep', 'berita', title);
    // Step 1 (the concept) is the author's: done when they submitted it.
    await play(office, run.workflowId, [['validasi', 'web-admin', 'complete']]);
    berita.push({ ...run, title });
  }
  const [first, second] = berita as [(typeof berita)[0], (typeof berita)[0]];
  const { context, page } = await personPage('subkoor-tekmas', `/${office}/tugas`);
  try {
    // Claim: the others holding the role see that someone has it in hand.
    const row = await taskRow(page, first.title, 'koreksi-subkoor');
    await row.getByRole('button', { name: 'Ambil' }).click();
    await row.getByText('Anda yang mengambil').waitFor();

    // A comment on the run, seen in the decide dialog.
    await row.getByTestId('decide').click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByTestId('comment').fill('Foto peserta rapat sudah lengkap.');
    await dialog.getByRole('button', { name: 'Kirim komentar' }).click();
    await dialog.locator('.comment-list li', { hasText: 'Foto peserta rapat sudah lengkap.' }).waitFor();
    await screenshot(page, 'comment');
    await dialog.getByRole('button', { name: 'Batal' }).click();

    // Bulk: both review tasks selected and approved in one go.
    await taskRow(page, second.title, 'koreksi-subkoor');
    for (const { title } of berita) await page.getByRole('checkbox', { name: `Pilih ${title}` }).check();
    await page.getByTestId('bulk-decide').click();
    const bulk = page.locator('dialog[open]');
    await screenshot(page, 'bulk-decide');
    await bulk.getByRole('button', { name: 'Kirim keputusan' }).click();
    await page.getByTestId('notice').filter({ hasText: '2 tugas diputuskan' }).waitFor();
  } finally {
    await context.close();
  }
  for (const b of berita) await publishedOnTheSite(office, b.itemId, b.workflowId, b.title);
});

/** A screen's list once loaded: its table, or the note that it is empty (never its loading line). */
const listOf = (page: Page) => page.locator('section.page > :is(.table-wrap, p.empty)');

it.each<[string, string, (page: Page) => Locator[]]>([
  ['/konten', 'content-list', (p) => [listOf(p)]],
  ['/sop', 'sop-library', (p) => [p.getByTestId('sop-list')]],
  [`/sop/${office}.pengelolaan-website`, 'sop-detail', (p) => [p.getByTestId('sop-diagram')]],
  ['/laporan', 'reports', (p) => [p.locator('#recap-title'), p.locator('.charts')]],
  ['/admin/pengguna', 'admin-users', (p) => [listOf(p)]],
  ['/admin/peran', 'admin-role-bindings', (p) => [listOf(p)]],
  ['/admin/delegasi', 'admin-delegations', (p) => [listOf(p)]],
  ['/admin/kalender', 'admin-calendar', (p) => [p.locator('#holidays'), p.locator('table.narrow-table')]],
  ['/admin/kunci-api', 'admin-api-keys', (p) => [listOf(p)]],
  [
    '/admin/webhook',
    'admin-webhooks',
    (p) => [listOf(p), p.locator('section[aria-labelledby=deliveries] > :is(.table-wrap, p.empty)')],
  ],
  ['/admin/audit', 'admin-audit', (p) => [listOf(p)]],
])('the office admin opens %s: it loads its data and shows no problem', async (path, name, loaded) => {
  const { context, page } = await personPage('admin', `/${office}${path}`);
  try {
    // Each part of the screen that loads data, by the element that shows it loaded.
    for (const part of loaded(page)) await part.waitFor({ timeout: 15_000 });
    expect(await page.locator('.loading').count()).toBe(0);
    expect(await page.locator('.problem').allTextContents()).toEqual([]);
    // The console draws its text in the platform's own font, not the machine's.
    expect(await loadedFontFaces(page)).toEqual(expect.arrayContaining(['Arimo 400']));
    await screenshot(page, name);
  } finally {
    await context.close();
  }
});

it('the office admin issues an API key for an agency system, which then works, and revokes it', async () => {
  const info = platformInfo();
  const name = `SIRUP Diskominfo ${Date.now()}`;
  const itemsUrl = `${info.gatewayUrl}/api/v1/offices/${office}/items?limit=1`;
  const { context, page } = await personPage('admin', `/${office}/admin/kunci-api`);
  try {
    await page.getByLabel(/^Nama sistem/).fill(name);
    await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
    const secret = (await page.locator('.secret-value').textContent())!.trim();
    expect(secret).toMatch(/^tlk_/);
    await screenshot(page, 'api-key-issued');
    const withKey = () => fetch(itemsUrl, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withKey()).status).toBe(200);

    page.once('dialog', (d) => void d.accept());
    await page.locator('tr', { hasText: name }).getByRole('button', { name: 'Cabut' }).click();
    await page.locator('tr', { hasText: name }).getByText('Dicabut').waitFor();
    const refused = await withKey();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  } finally {
    await context.close();
  }
});

it('shows the errors of a broken SOP definition at the lines they point to', async () => {
  const { context, page } = await personPage('admin', `/${office}/sop`);
  try {
    await page.getByTestId('sop-list').waitFor();
    await screenshot(page, 'sop-library');
    // The Kabag step names a role the definition does not have.
    const lines = readFileSync(definitionFile, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.trim() === 'actors: kabag-hth');
    lines[at] = lines[at]!.replace('kabag-hth', 'penyunting-tamu');
    await page.getByTestId('sop-source').fill(lines.join('\n'));
    await page.getByTestId('sop-upload-submit').click();
    const finding = page.getByTestId('diagnostic').filter({ hasText: 'penyunting-tamu' }).first();
    await finding.waitFor();
    expect(await finding.getAttribute('data-line')).toBe(String(at + 1));
    await finding.scrollIntoViewIfNeeded();
    await screenshot(page, 'sop-upload-error');

    // The active definition's swimlane diagram.
    await page.goto(`${platformInfo().gatewayUrl}/${office}/sop/${office}.pengelolaan-website`);
    await page.getByTestId('sop-diagram').waitFor();
    await screenshot(page, 'sop-diagram');
  } finally {
    await context.close();
  }
});

it('switches to English and keeps the choice', async () => {
  const { context, page } = await personPage('kabag-hth', `/${office}/tugas`);
  try {
    await page.getByRole('heading', { name: 'Tugas saya' }).waitFor();
    await page.getByTestId('language-en').click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.getByRole('link', { name: 'SOP library' }).count()).resolves.toBe(1);
    await page.reload();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await screenshot(page, 'english');
  } finally {
    await context.close();
  }
});
