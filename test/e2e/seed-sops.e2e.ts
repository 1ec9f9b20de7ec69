import type { Schemas } from '@tatalaman/api-client';
import { addWorkingTime, localDate, type OfficeCalendar } from '@tatalaman/working-time';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok } from '../support/api';
import {
  connectSocialChannel,
  createAndSubmit,
  play,
  publishedOnTheSite,
  startSocialBridge,
  taskFor,
  waitForRun,
} from '../support/flow';
import { streamEvents } from '../support/events';
import { recapFromEvents } from '../support/recap-from-events';

// Each of the five seed SOPs over HTTP, against every real service: an item from
// draft through every review to its publish step and onto the office website,
// every action by a person who holds the role (demo accounts of the seed).

let bridge: Awaited<ReturnType<typeof startSocialBridge>>;
beforeAll(async () => {
  bridge = await startSocialBridge();
  // Bangka Barat and Mentawai publish to social media too: their offices connect a bridge.
  await connectSocialChannel('kpu-kab-bangka-barat', bridge.url);
  await connectSocialChannel('kpu-kab-kepulauan-mentawai', bridge.url);
});
afterAll(() => bridge.close());

it('KPU Provinsi Jawa Tengah: an Artikel through Sub Koordinator, Kabag, Sekretaris and Komisioner, with a send-back', async () => {
  const office = 'kpu-prov-jateng';
  const title = `Sosialisasi Pemilih Pemula ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'pengampu-konsep', 'artikel', title);
  // Step 1 (the concept) is the author's: done when they submitted it.
  await play(office, workflowId, [
    ['validasi', 'web-admin', 'complete'],
    ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
    ['koreksi-kabag', 'kabag-hth', 'send-back', 'Lengkapi data jumlah peserta'],
    ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
    ['koreksi-kabag', 'kabag-hth', 'approve'],
    ['koreksi-sekretaris', 'sekretaris', 'approve'],
    ['persetujuan-komisioner', 'komisioner', 'approve'],
  ]);
  const run = await publishedOnTheSite(office, itemId, workflowId, title);
  expect(run.history.filter((h) => h.kind === 'handoff').map((h) => h.stepId)).toEqual([
    'serah-pengelola',
    'kembali-ke-kabag',
    'kembali-ke-subkoor',
    'kembali-ke-web-admin',
  ]);
  // The decision history keeps who sent it back and why.
  const kabag = await as(demoEmail(office, 'kabag-hth'));
  const history = ok(
    await kabag.GET('/api/v1/offices/{office}/runs/{workflowId}/decisions', {
      params: { path: { office, workflowId } },
    }),
  );
  const sendBack = history.decisions.find((d) => d.outcome === 'send-back');
  expect(sendBack).toMatchObject({
    stepId: 'koreksi-kabag',
    reason: 'Lengkapi data jumlah peserta',
    role: 'kabag-hth',
  });
});

it('KPU Provinsi Jawa Tengah: a Berita goes from the Sub Koordinator straight to upload', async () => {
  const office = 'kpu-prov-jateng';
  const title = `Rapat Pleno Terbuka ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'pengampu-konsep', 'berita', title);
  // Step 1 (the concept) is the author's: done when they submitted it.
  await play(office, workflowId, [
    ['validasi', 'web-admin', 'complete'],
    ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
  ]);
  const run = await publishedOnTheSite(office, itemId, workflowId, title);
  expect(run.history.map((h) => h.stepId)).not.toContain('koreksi-kabag');
});

it('KPU Kabupaten Bangka Barat: postponed until the election stage, resumed, published to the website and social media', async () => {
  const office = 'kpu-kab-bangka-barat';
  const title = `Informasi Hukum PKPU Kampanye ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(
    office,
    'subbagian-pengusul',
    'informasi-hukum',
    title,
  );
  // Step 1 is the submitter's: done when they submitted.
  await play(office, workflowId, [
    ['laporan-kebutuhan', 'subbag-hukum', 'complete'],
    ['pemeriksaan-kebutuhan', 'divisi-pengusul', 'postpone', 'Menunggu tahapan kampanye'],
  ]);
  expect((await waitForRun(office, workflowId, (r) => r.status === 'postponed')).open[0]).toMatchObject({
    stepId: 'pemeriksaan-kebutuhan',
    postponed: true,
  });
  await play(office, workflowId, [
    ['pemeriksaan-kebutuhan', 'ketua', 'resume'],
    ['pemeriksaan-kebutuhan', 'ketua', 'approve'],
    ['penelusuran', 'subbag-hukum', 'complete'],
    ['desain', 'tim-desain-konten', 'complete'],
    ['pemeriksaan-konten', 'sekretaris', 'approve'],
  ]);
  await publishedOnTheSite(office, itemId, workflowId, title);
  expect(JSON.stringify(bridge.posts)).toContain(title);
});

it('KPU Kabupaten Kepulauan Mentawai: the editorial chain with no time standards, website and social media', async () => {
  const office = 'kpu-kab-kepulauan-mentawai';
  const title = `Liputan Bimtek KPPS ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'penanggung-jawab', 'berita', title);
  // Step 1 is the submitter's: done when they submitted.
  await play(office, workflowId, [
    ['disposisi-ppid', 'penanggung-jawab', 'complete'],
    ['disposisi-sekretaris', 'redaktur-pelaksana', 'complete'],
    ['penugasan', 'tim-peliputan', 'complete'],
    ['pembuatan-materi', 'tim-pasca-produksi', 'complete'],
    ['verifikasi', 'koordinator-liputan', 'approve'],
  ]);
  const run = await publishedOnTheSite(office, itemId, workflowId, title);
  expect(run.history.every((h) => h.kind !== 'failed')).toBe(true);
});

it('KPU Kota Palu: collect, edit, filter and upload in WITA working time', async () => {
  const office = 'kpu-kota-palu';
  const title = `Pemutakhiran Data Pemilih ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'pelaksana-datin', 'berita', title);
  // The first step's "1 Hari" is one working day of Palu's own calendar (WITA hours, the
  // national holidays and the office's overrides), wherever and whenever it opened.
  const first = (await waitForRun(office, workflowId, (r) => r.open[0]?.stepId === 'disposisi')).open[0]!;
  const openedAt = Date.parse(first.openedAt);
  const admin = await as(officeAdminEmail(office));
  const year = Number(localDate(openedAt, 'Asia/Makassar').slice(0, 4));
  const views = await Promise.all(
    [year, year + 1].map(async (y) =>
      ok(
        await admin.GET('/api/v1/offices/{office}/calendar', {
          params: { path: { office }, query: { year: y } },
        }),
      ),
    ),
  );
  expect(views[0]!.timeZone).toBe('Asia/Makassar');
  const calendar: OfficeCalendar = {
    timeZone: views[0]!.timeZone,
    workingHours: views[0]!.workingHours as unknown as OfficeCalendar['workingHours'],
    holidays: views.flatMap((v) => v.holidays),
    extraWorkingDays: views[0]!.extraWorkingDays as OfficeCalendar['extraWorkingDays'],
  };
  expect(Date.parse(first.dueAt!)).toBe(addWorkingTime(openedAt, { amount: 1, unit: 'day' }, calendar));
  expect(first.timeStandard).toBe('1 Hari');
  await play(office, workflowId, [
    ['disposisi', 'kasubbag-datin', 'complete'],
    ['pengumpulan', 'pelaksana-datin', 'complete'],
    ['penyuntingan', 'admin-website', 'complete'],
    ['penyaringan', 'kasubbag-datin', 'approve'],
  ]);
  await publishedOnTheSite(office, itemId, workflowId, title);
});

it('Diskominfo Kabupaten Ketapang: coverage, release, editor and redaktur, then the web administrator publishes', async () => {
  const office = 'diskominfo-kab-ketapang';
  const title = `Peresmian Jalan Desa ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'penulis-peliput', 'berita', title);
  // Step 1 is the submitter's: done when they submitted.
  await play(office, workflowId, [
    ['peliputan', 'penulis-peliput', 'complete'],
    ['rilis', 'penulis-peliput', 'complete'],
    ['koreksi-editor', 'editor', 'approve'],
    ['koreksi-redaktur', 'redaktur', 'approve'],
  ]);
  await publishedOnTheSite(office, itemId, workflowId, title);
});

it('refuses a decision by someone without the step role (403), and another office sees nothing (404)', async () => {
  const office = 'kpu-prov-jateng';
  const { workflowId } = await createAndSubmit(
    office,
    'pengampu-konsep',
    'artikel',
    `Uji hak akses ${Date.now()}`,
  );
  // Step 1 was the author's and is done: the web admin's validation waits.
  const webAdmin = await as(demoEmail(office, 'web-admin'));
  const taskTaskId = (await taskFor(webAdmin, office, workflowId, 'validasi')).taskId;
  const stranger = await as(demoEmail(office, 'komisioner'));
  const refused = await stranger.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
    params: { path: { office, taskId: taskTaskId }, header: { 'Idempotency-Key': idempotencyKey() } },
    body: { decision: 'complete' },
  });
  expect(refused.response.status).toBe(403);
  expect(refused.response.headers.get('content-type')).toContain('application/problem+json');

  const otherOffice = await as(officeAdminEmail('kpu-kota-palu'));
  const hidden = await otherOffice.GET('/api/v1/offices/{office}/runs/{workflowId}', {
    params: { path: { office, workflowId } },
  });
  expect(hidden.response.status).toBe(404);
  const alsoHidden = await otherOffice.GET('/api/v1/offices/{office}/runs/{workflowId}', {
    params: { path: { office: 'kpu-kota-palu', workflowId } },
  });
  expect(alsoHidden.response.status).toBe(404);
});

it.each([
  'kpu-prov-jateng',
  'kpu-kab-bangka-barat',
  'kpu-kab-kepulauan-mentawai',
  'kpu-kota-palu',
  'diskominfo-kab-ketapang',
])('%s: the monthly recap agrees with counts made from the raw events', async (office) => {
  const admin = await as(officeAdminEmail(office));
  const recapOf = async (month: string) =>
    ok(
      await admin.GET('/api/v1/offices/{office}/reports/recaps/monthly', {
        params: { path: { office }, query: { month } },
      }),
    );
  const { timeZone } = (await recapOf('2026-01')).office;
  const events = [...(await streamEvents('runs', office)), ...(await streamEvents('publishing', office))];
  const expected = recapFromEvents(events, timeZone);
  expect(expected.size).toBeGreaterThan(0);
  for (const [month, counts] of expected) {
    // The projection applies events as they arrive: wait until it has caught up.
    const deadline = Date.now() + 60_000;
    let recap = await recapOf(month);
    let seen = pickCounts(recap);
    while (JSON.stringify(seen) !== JSON.stringify(counts) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      recap = await recapOf(month);
      seen = pickCounts(recap);
    }
    expect({ month, ...seen }).toEqual({ month, ...counts });
  }
});

function pickCounts(recap: Schemas['MonthlyRecap']) {
  const { summary } = recap;
  return {
    itemsSubmitted: summary.itemsSubmitted,
    runsCompleted: summary.runsCompleted,
    runsRejected: summary.runsRejected,
    runsCancelled: summary.runsCancelled,
    itemsPublished: summary.itemsPublished,
    postponements: summary.postponements,
    sendBacks: summary.sla.sendBacks,
    closed: summary.sla.closed,
    timed: summary.sla.timed,
    withinLimit: summary.sla.withinLimit,
    compliance: summary.sla.compliance,
  };
}
