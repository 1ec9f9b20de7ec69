import { Client, Connection } from '@temporalio/client';
import type { RunSummary } from '@tatalaman/contracts';
import { stackEnv } from '@tatalaman/testing';
import {
  Engine,
  OFFICE_ADMIN_ROLE,
  SOP_OFFICE,
  SOP_STATE,
  sopRun,
  type RunInput,
} from '@tatalaman/workflows';
import { addWorkingTime, localDate } from '@tatalaman/working-time';
import { fixture, key, officeOf, RuntimeHarness, seed, user } from './support/runtime-harness';

// Each seed SOP through every path its sheet has, through the runtime commands
// (start, decide, cancel, get) against the real Temporal dev server and JetStream.

type Move = [
  stepId: string,
  role: string,
  decision: Parameters<RuntimeHarness['decide']>[4],
  reason?: string,
];

const h = new RuntimeHarness();
const jateng = seed('kpu-prov-jateng.pengelolaan-website');
const babar = seed('kpu-kab-bangka-barat.publikasi-informasi-hukum');
const mentawai = seed('kpu-kab-kepulauan-mentawai.pengelolaan-laman');
const palu = seed('kpu-kota-palu.penataan-website');
const ketapang = seed('diskominfo-kab-ketapang.pengelolaan-website');
const breach = fixture('breach');
const notify = fixture('notify');

beforeAll(async () => {
  for (const d of [jateng, babar, mentawai, palu, ketapang]) h.activate(officeOf(d), d);
  h.activate('kpu-uji', breach, ['berita']);
  h.activate('kpu-uji-notify', notify, ['berita']);
  h.activate('kpu-uji-format', { ...jateng, format: 'tatalaman.sop/2' } as unknown as typeof jateng, [
    'berita',
  ]);
  await h.start();
}, 120_000);
afterAll(() => h.stop());

const record = (name: string, workflowId: string) => h.record(name, workflowId);

let items = 0;

/** Starts a run for a new item and plays the moves, checking each step is open when its turn comes. */
async function play(
  office: string,
  contentType: string,
  moves: Move[],
): Promise<{ workflowId: string; run: RunSummary }> {
  const { workflowId, started } = await h.startRun(office, { id: `item-${++items}`, contentType });
  expect(started).toBe(true);
  let run = await h.get(office, workflowId);
  for (const [stepId, role, decision, reason] of moves) {
    expect(run.open.map((o) => o.stepId)).toContain(stepId);
    run = await h.decide(office, workflowId, stepId, role, decision, reason ? { reason } : {});
  }
  return { workflowId, run };
}

const completed = (office: string, workflowId: string) =>
  h.waitFor(office, workflowId, (r) => r.status === 'completed');

const visited = (run: RunSummary) => run.history.map((e) => e.stepId);

describe('KPU Provinsi Jawa Tengah', () => {
  const office = 'kpu-prov-jateng';
  const toSubkoor: Move[] = [
    ['konsep', 'pengampu-konsep', 'complete'],
    ['validasi', 'web-admin', 'complete'],
  ];
  const upward: Move[] = [
    ['koreksi-kabag', 'kabag-hth', 'approve'],
    ['koreksi-sekretaris', 'sekretaris', 'approve'],
    ['persetujuan-komisioner', 'komisioner', 'approve'],
  ];

  it('a Berita goes straight from the Sub Koordinator to upload and is published', async () => {
    const { workflowId } = await play(office, 'berita', [
      ...toSubkoor,
      ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
    ]);
    record('jateng-berita', workflowId);
    const run = await completed(office, workflowId);
    expect(visited(run)).not.toContain('koreksi-kabag');
    expect(run.history.find((e) => e.stepId === 'unggah')).toMatchObject({ kind: 'published' });
    const call = h.published.calls.find((c) => c.request.run.workflowId === workflowId)!;
    expect(call.request).toMatchObject({ office, channels: ['website'], run: { stepId: 'unggah' } });
    expect(call.idempotencyKey).toBe(`${workflowId}/unggah/1`);
  });

  it('an Artikel needs Kabag, Sekretaris and Komisioner; the hand-backs are instant and their time is saved', async () => {
    const { workflowId } = await play(office, 'artikel', [
      ...toSubkoor,
      ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
      ...upward,
    ]);
    const run = await completed(office, workflowId);
    const handoffs = run.history.filter((e) => e.kind === 'handoff');
    expect(handoffs.map((e) => e.stepId)).toEqual([
      'serah-pengelola',
      'kembali-ke-kabag',
      'kembali-ke-subkoor',
      'kembali-ke-web-admin',
    ]);
    expect(handoffs.reduce((sum, e) => sum + (e.savedMinutes ?? 0), 0)).toBe(20);
  });

  it('every review can send the Artikel back one step, with its reason, and the loop closes', async () => {
    const { workflowId, run } = await play(office, 'artikel', [
      ...toSubkoor,
      ['koreksi-subkoor', 'subkoor-tekmas', 'send-back', 'Lengkapi data pendukung'],
      ['validasi', 'web-admin', 'complete'],
      ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
      ['koreksi-kabag', 'kabag-hth', 'send-back', 'Judul kurang tepat'],
      ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
      ['koreksi-kabag', 'kabag-hth', 'approve'],
      ['koreksi-sekretaris', 'sekretaris', 'send-back', 'Perbaiki paragraf kedua'],
      ['koreksi-kabag', 'kabag-hth', 'approve'],
      ['koreksi-sekretaris', 'sekretaris', 'approve'],
      ['persetujuan-komisioner', 'komisioner', 'send-back', 'Tambahkan foto kegiatan'],
      ['koreksi-sekretaris', 'sekretaris', 'approve'],
      ['persetujuan-komisioner', 'komisioner', 'approve'],
    ]);
    record('jateng-artikel-send-backs', workflowId);
    expect(run.history.filter((e) => e.kind === 'send-back').map((e) => [e.stepId, e.to, e.reason])).toEqual([
      ['koreksi-subkoor', 'validasi', 'Lengkapi data pendukung'],
      ['koreksi-kabag', 'koreksi-subkoor', 'Judul kurang tepat'],
      ['koreksi-sekretaris', 'koreksi-kabag', 'Perbaiki paragraf kedua'],
      ['persetujuan-komisioner', 'koreksi-sekretaris', 'Tambahkan foto kegiatan'],
    ]);
    await completed(office, workflowId);
    const reopened = h
      .eventsOf(workflowId, 'step-opened')
      .filter((e) => (e.data as { cause: { kind: string } }).cause.kind === 'send-back');
    expect(reopened).toHaveLength(4);
  });

  it('refuses what does not fit the run, as errors the gateway can show', async () => {
    const { workflowId } = await play(office, 'artikel', toSubkoor);
    const wrongRole = await h.refusal(
      h.decide(office, workflowId, 'koreksi-subkoor', 'kabag-hth', 'approve'),
    );
    expect([wrongRole.status, wrongRole.code]).toEqual([403, 'role-not-holder']);
    expect(wrongRole.messages.id).toContain('tidak memegang langkah');
    const notOpen = await h.refusal(h.decide(office, workflowId, 'koreksi-kabag', 'kabag-hth', 'approve'));
    expect([notOpen.status, notOpen.code]).toEqual([409, 'step-not-open']);
    const noReason = await h.refusal(
      h.decide(office, workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'send-back'),
    );
    expect([noReason.status, noReason.code]).toEqual([422, 'reason-required']);
    const otherOffice = await h.refusal(h.get('kpu-kota-palu', workflowId));
    expect([otherOffice.status, otherOffice.code]).toEqual([404, 'run-not-found']);
    const otherOfficeDecides = await h.refusal(
      h.decide('kpu-kota-palu', workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'approve'),
    );
    expect(otherOfficeDecides.status).toBe(404);
  });

  it('a retried decision with the same idempotency key is applied once and answered the same', async () => {
    const { workflowId } = await play(office, 'artikel', toSubkoor);
    const k = key('same');
    const [a, b] = await Promise.all([
      h.decide(office, workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'approve', { idempotencyKey: k }),
      h.decide(office, workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'approve', { idempotencyKey: k }),
    ]);
    expect(a.history).toEqual(b.history);
    const again = await h.decide(office, workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'approve', {
      idempotencyKey: k,
    });
    expect(again.history.filter((e) => e.stepId === 'koreksi-subkoor')).toHaveLength(1);
    expect(again.open.map((o) => o.stepId)).toEqual(['koreksi-kabag']);
  });

  it('starting the same submission twice starts one run', async () => {
    const k = key('submit');
    const [a, b] = await Promise.all([
      h.startRun(office, { id: 'item-twice', contentType: 'berita' }, k),
      h.startRun(office, { id: 'item-twice', contentType: 'berita' }, k),
    ]);
    expect(a.workflowId).toBe(b.workflowId);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    const again = await h.startRun(office, { id: 'item-twice', contentType: 'berita' }, k);
    expect(again).toMatchObject({ workflowId: a.workflowId, started: false });
  });

  it("lists an item's runs, and refuses a filter that is not an id instead of rewriting it", async () => {
    const itemId = `item-list-${key('l')}`;
    const { workflowId } = await h.startRun(office, { id: itemId, contentType: 'berita' });
    // Visibility follows the run's start shortly after, not in the same transaction.
    let listed: string[] = [];
    for (const until = Date.now() + 10_000; listed.length === 0 && Date.now() < until;) {
      listed = (await h.client.send('worker.runs.list', { office, itemId })).runs.map((r) => r.workflowId);
      if (listed.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toEqual([workflowId]);
    for (const bad of [`x' OR SopOffice = 'kpu-kota-palu`, 'a\\b', 'a\u0000b']) {
      const started = Date.now();
      const refused = await h.refusal(h.client.send('worker.runs.list', { office, itemId: bad }));
      expect([refused.status, refused.code]).toEqual([400, 'invalid-request']);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('cancel works at any point and is recorded with who and why', async () => {
    const { workflowId } = await play(office, 'artikel', toSubkoor);
    const k = key('cancel');
    const run = await h.client.send('worker.run.cancel', {
      office,
      workflowId,
      actor: user('admin'),
      reason: 'Kegiatan dibatalkan',
      idempotencyKey: k,
    });
    record('jateng-cancel', workflowId);
    expect(run).toMatchObject({
      status: 'cancelled',
      outcome: { kind: 'cancelled', reason: 'Kegiatan dibatalkan' },
      open: [],
    });
    const late = await h.refusal(
      h.decide(office, workflowId, 'koreksi-subkoor', 'subkoor-tekmas', 'approve'),
    );
    expect(late.code).toBe('run-ended');
    await h.waitFor(office, workflowId, () => h.eventsOf(workflowId, 'run-ended').length === 1);
  });
});

describe('KPU Kabupaten Bangka Barat', () => {
  const office = 'kpu-kab-bangka-barat';

  it('postpones at the check against the election stage, waits, resumes, goes through a send-back and publishes to social media and the website', async () => {
    const { workflowId, run } = await play(office, 'informasi-hukum', [
      ['usulan', 'subbagian-pengusul', 'complete'],
      ['laporan-kebutuhan', 'subbag-hukum', 'complete'],
      ['pemeriksaan-kebutuhan', 'divisi-pengusul', 'postpone', 'Menunggu tahapan kampanye'],
    ]);
    record('babar-postpone-resume', workflowId);
    expect(run.status).toBe('postponed');
    expect(run.open[0]).toMatchObject({
      stepId: 'pemeriksaan-kebutuhan',
      postponed: true,
      allowed: ['resume'],
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await h.get(office, workflowId)).status).toBe('postponed');
    let next = await h.decide(office, workflowId, 'pemeriksaan-kebutuhan', 'ketua', 'resume');
    expect(next.open[0]).toMatchObject({ stepId: 'pemeriksaan-kebutuhan', attempt: 2, postponed: false });
    for (const [stepId, role, decision, reason] of [
      ['pemeriksaan-kebutuhan', 'ketua', 'approve'],
      ['penelusuran', 'subbag-hukum', 'complete'],
      ['desain', 'tim-desain-konten', 'complete'],
      ['pemeriksaan-konten', 'sekretaris', 'send-back', 'Sesuaikan logo KPU'],
      ['desain', 'tim-desain-konten', 'complete'],
      ['pemeriksaan-konten', 'divisi-pengusul', 'approve'],
    ] as Move[]) {
      next = await h.decide(office, workflowId, stepId, role, decision, reason ? { reason } : {});
    }
    expect(next.open.map((o) => o.stepId)).toEqual(['publikasi']);
    await completed(office, workflowId);
    expect(h.published.calls.find((c) => c.request.run.workflowId === workflowId)?.request.channels).toEqual([
      'social-media',
      'website',
    ]);
    expect(h.eventsOf(workflowId, 'step-postponed')).toHaveLength(1);
    expect(h.eventsOf(workflowId, 'step-resumed')).toHaveLength(1);
  });
});

describe('KPU Kabupaten Kepulauan Mentawai', () => {
  const office = 'kpu-kab-kepulauan-mentawai';

  it('runs with no time standards at all, through a send-back at verification', async () => {
    const { workflowId, run } = await play(office, 'berita', [
      ['proyeksi', 'penanggung-jawab', 'complete'],
      ['disposisi-ppid', 'penanggung-jawab', 'complete'],
      ['disposisi-sekretaris', 'redaktur-pelaksana', 'complete'],
      ['penugasan', 'tim-peliputan', 'complete'],
      ['pembuatan-materi', 'tim-pasca-produksi', 'complete'],
      ['verifikasi', 'koordinator-liputan', 'send-back', 'Foto kurang jelas'],
      ['pembuatan-materi', 'tim-pasca-produksi', 'complete'],
      ['verifikasi', 'koordinator-liputan', 'approve'],
    ]);
    record('mentawai-no-time-standards', workflowId);
    expect(run.history.every((e) => e.kind !== 'failed')).toBe(true);
    await completed(office, workflowId);
    const opened = h.eventsOf(workflowId, 'step-opened');
    expect(opened.every((e) => (e.data as { dueAt?: string }).dueAt === undefined)).toBe(true);
    expect(h.eventsOf(workflowId, 'step-breached')).toHaveLength(0);
  });
});

describe('KPU Kota Palu', () => {
  const office = 'kpu-kota-palu';

  it('filters before upload and sends editing back when the material is not ready', async () => {
    const { workflowId, run } = await play(office, 'berita', [
      ['disposisi', 'kasubbag-datin', 'complete'],
      ['pengumpulan', 'pelaksana-datin', 'complete'],
      ['penyuntingan', 'admin-website', 'complete'],
      ['penyaringan', 'kasubbag-datin', 'send-back', 'Resolusi gambar terlalu kecil'],
      ['penyuntingan', 'admin-website', 'complete'],
      ['penyaringan', 'kasubbag-datin', 'approve'],
    ]);
    record('palu-send-back', workflowId);
    // "1 Hari" in WITA working time: the first step's limit is one working day of Palu's
    // calendar (WITA hours, national holidays, cuti bersama) after it opened.
    const first = h.eventsOf(workflowId, 'step-opened')[0]!;
    const data = first.data as { dueAt: string; timeStandard: string; calendarVersion: number };
    const calendar = h.calendarsOf(office)[0]!;
    expect(calendar.timeZone).toBe('Asia/Makassar');
    expect(calendar.holidays.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['national', 'cuti-bersama']),
    );
    expect(data.timeStandard).toBe('1 Hari');
    expect(data.calendarVersion).toBe(1);
    const expected = addWorkingTime(Date.parse(first.occurredAt), { amount: 1, unit: 'day' }, calendar);
    expect(Date.parse(data.dueAt)).toBe(expected);
    expect(run.history.filter((e) => e.kind === 'send-back')).toHaveLength(1);
    await completed(office, workflowId);
  });
});

describe('Diskominfo Kabupaten Ketapang', () => {
  const office = 'diskominfo-kab-ketapang';

  it('the editor and the redaktur each send the release back to writing; then it is published', async () => {
    const { workflowId } = await play(office, 'berita', [
      ['pengumpulan', 'penulis-peliput', 'complete'],
      ['peliputan', 'penulis-peliput', 'complete'],
      ['rilis', 'penulis-peliput', 'complete'],
      ['koreksi-editor', 'editor', 'send-back', 'Lead berita terlalu panjang'],
      ['rilis', 'penulis-peliput', 'complete'],
      ['koreksi-editor', 'editor', 'approve'],
      ['koreksi-redaktur', 'redaktur', 'send-back', 'Sebutkan sumber data'],
      ['rilis', 'penulis-peliput', 'complete'],
      ['koreksi-editor', 'editor', 'approve'],
      ['koreksi-redaktur', 'redaktur', 'approve'],
    ]);
    record('ketapang-two-send-backs', workflowId);
    const run = await completed(office, workflowId);
    expect(run.history.filter((e) => e.kind === 'send-back').map((e) => e.to)).toEqual(['rilis', 'rilis']);
  });
});

describe('time standards', () => {
  it('a short time standard is reminded, breached and escalated, and the run goes on', async () => {
    const office = 'kpu-uji';
    const { workflowId } = await h.startRun(office, { id: 'item-breach', contentType: 'berita' });
    record('breach-and-escalation', workflowId);
    await h.waitFor(office, workflowId, () => h.eventsOf(workflowId, 'step-escalated').length === 1, 20_000);
    expect(h.eventsOf(workflowId).map((e) => e.type)).toEqual([
      'runs.run-started',
      'runs.step-opened',
      'runs.step-reminded',
      'runs.step-breached',
      'runs.step-escalated',
    ]);
    expect(h.eventsOf(workflowId, 'step-escalated')[0]!.data).toMatchObject({
      stepId: 'tulis',
      notify: ['kabag'],
    });
    const run = await h.decide(office, workflowId, 'tulis', 'penulis', 'complete');
    expect(run.history[0]).toMatchObject({ stepId: 'tulis', kind: 'complete' });
    const done = h.eventsOf(workflowId, 'step-completed')[0]?.data;
    await h.waitFor(office, workflowId, () => h.eventsOf(workflowId, 'step-completed').length === 1);
    expect(done ?? h.eventsOf(workflowId, 'step-completed')[0]!.data).toMatchObject({
      breached: true,
      withinLimit: false,
    });
    expect(run.status).toBe('running');
  });
});

describe('a publish step the publishing service refuses', () => {
  it('waits for its holders to retry instead of failing, and publishes once retried', async () => {
    const office = 'kpu-prov-jateng';
    h.publishRefusal = 'item-not-ready';
    try {
      const { workflowId } = await play(office, 'berita', [
        ['konsep', 'pengampu-konsep', 'complete'],
        ['validasi', 'web-admin', 'complete'],
        ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
      ]);
      record('publish-refused-then-retried', workflowId);
      const failed = await h.waitFor(office, workflowId, (r) => r.open[0]?.failure !== undefined);
      expect(failed.open[0]).toMatchObject({
        stepId: 'unggah',
        allowed: ['retry'],
        failure: { code: 'item-not-ready' },
      });
      h.publishRefusal = undefined;
      await h.decide(office, workflowId, 'unggah', 'web-admin', 'retry');
      await completed(office, workflowId);
      expect(
        h.published.calls.filter((c) => c.request.run.workflowId === workflowId).map((c) => c.idempotencyKey),
      ).toEqual([`${workflowId}/unggah/1`, `${workflowId}/unggah/1/r1`]);
    } finally {
      h.publishRefusal = undefined;
    }
  });
});

describe('an automatic notify step', () => {
  it("tells the step's recipients through approvals' notifications, once, and the run goes on", async () => {
    const office = 'kpu-uji-notify';
    const { workflowId } = await play(office, 'berita', [['tulis', 'penulis', 'complete']]);
    const run = await h.waitFor(office, workflowId, (r) => r.open[0]?.stepId === 'periksa');
    expect(run.history.find((e) => e.stepId === 'kabari')).toMatchObject({
      kind: 'automatic',
      result: { queued: true },
    });
    const calls = h.notices.calls.filter((c) => c.request.workflowId === workflowId);
    expect(calls.map((c) => c.request)).toEqual([
      expect.objectContaining({
        office,
        stepId: 'kabari',
        roles: ['kabag'],
        step: { number: 2, description: 'Memberi tahu Kabag bahwa draf siap diperiksa' },
        idempotencyKey: `${workflowId}/kabari/1`,
      }),
    ]);
  });
});

describe('a standalone flow', () => {
  const office = 'diskominfo-kab-ketapang';
  const start = (
    flowId: string,
    k = key('flow'),
    definition: { key: string; version?: number } = { key: ketapang.key },
  ) =>
    h.client.send(
      'worker.flow.start',
      { office, definition, flowId, startedBy: user('admin'), idempotencyKey: k },
      { idempotencyKey: k },
    );

  it("Ketapang's website build and maintenance runs on its own time standards, started once per request", async () => {
    const k = key('bangun');
    const first = await start('pengembangan-website', k);
    expect(first).toMatchObject({
      started: true,
      definition: { key: ketapang.key, version: ketapang.version },
    });
    expect(await start('pengembangan-website', k)).toMatchObject({
      workflowId: first.workflowId,
      started: false,
    });
    record('ketapang-standalone-flow', first.workflowId);
    let run = await h.waitFor(office, first.workflowId, (r) => r.open.length === 1);
    expect(run.flowId).toBe('pengembangan-website');
    expect(run.item).toBeUndefined();
    expect(run.open[0]).toMatchObject({
      stepId: 'pembangunan',
      roles: ['web-developer'],
      timeStandard: '1-3 minggu',
    });
    // Its own SLA: three working weeks (15 working days of Ketapang's calendar) from the start.
    const calendar = h.calendarsOf(office)[0]!;
    expect(Date.parse(run.open[0]!.dueAt!)).toBe(
      addWorkingTime(Date.parse(run.open[0]!.openedAt), { amount: 3, unit: 'week' }, calendar),
    );
    run = await h.decide(office, first.workflowId, 'pembangunan', 'web-developer', 'complete');
    expect(run.open[0]).toMatchObject({ stepId: 'pemeliharaan', timeStandard: '1-3 hari' });
    run = await h.decide(office, first.workflowId, 'pemeliharaan', 'web-developer', 'complete');
    expect(run.status).toBe('completed');
    await h.waitFor(office, first.workflowId, () => h.eventsOf(first.workflowId, 'run-started').length === 1);
    const started = h.eventsOf(first.workflowId, 'run-started')[0]?.data;
    expect(started).toMatchObject({ trigger: 'manual', flowId: 'pengembangan-website' });
  });

  it('refuses flows that are not standalone, unknown flows and definitions the office does not use', async () => {
    expect((await h.refusal(start('item'))).code).toBe('not-a-standalone-flow');
    expect((await h.refusal(start('tidak-ada'))).code).toBe('unknown-flow');
    const notActive = await h.refusal(start('pengembangan-website', key('x'), { key: 'kpu-lain.sop' }));
    expect([notActive.status, notActive.code]).toEqual([404, 'definition-not-active']);
  });
});

describe('a definition in a compiled format this runtime does not know', () => {
  it('is refused before any run starts', async () => {
    const refused = await h.refusal(
      h.startRun('kpu-uji-format', { id: 'item-format', contentType: 'berita' }),
    );
    expect([refused.status, refused.code]).toEqual([422, 'unsupported-format']);
  });
});

describe('a calendar change while runs are open', () => {
  it('moves their open limits (from the next timer), once per version, and the run counts the new calendar', async () => {
    const office = 'kpu-kota-palu';
    const { workflowId } = await play(office, 'berita', []);
    record('palu-calendar-changed', workflowId);
    const before = (await h.get(office, workflowId)).open[0]!;
    expect(before).toMatchObject({ stepId: 'disposisi' });
    // The day the limit falls on is decreed cuti bersama.
    const dueDay = localDate(Date.parse(before.dueAt!), 'Asia/Makassar');
    const calendar = h.changeCalendar(office, (c) => ({
      ...c,
      holidays: [
        ...c.holidays,
        { date: dueDay, name: 'Cuti bersama (keputusan baru)', kind: 'cuti-bersama' },
      ],
    }));
    const sync = await h.client.send('worker.calendar.sync', { office });
    expect(sync.calendarVersion).toBe(2);
    expect(sync.runs.updated).toBeGreaterThanOrEqual(1);
    expect(sync.runs.failed).toBe(0);
    const after = (await h.get(office, workflowId)).open[0]!;
    const expected = addWorkingTime(Date.parse(before.openedAt), { amount: 1, unit: 'day' }, calendar);
    expect(Date.parse(after.dueAt!)).toBe(expected);
    expect(Date.parse(after.dueAt!)).toBeGreaterThan(Date.parse(before.dueAt!));
    await h.waitFor(office, workflowId, () => h.eventsOf(workflowId, 'step-rescheduled').length === 1);
    expect(h.eventsOf(workflowId, 'step-rescheduled')[0]!.data).toMatchObject({
      stepId: 'disposisi',
      previousDueAt: before.dueAt,
      dueAt: after.dueAt,
      calendarVersion: 2,
    });
    // Asked again (the registry retries until it succeeds): nothing moves twice.
    const again = await h.client.send('worker.calendar.sync', { office });
    expect(again.runs.updated).toBe(0);
    expect(again.runs.current).toBeGreaterThanOrEqual(1);
    expect(h.eventsOf(workflowId, 'step-rescheduled')).toHaveLength(1);
    const done = await h.decide(office, workflowId, 'disposisi', 'kasubbag-datin', 'complete');
    expect(done.calendar).toMatchObject({ version: 2 });
  });
});

describe('a failed automatic step', () => {
  it('is retried by an office admin; its failure names who should act', async () => {
    const office = 'kpu-uji-notify';
    h.noticeRefusal = 'invalid-request';
    try {
      const { workflowId } = await play(office, 'berita', [['tulis', 'penulis', 'complete']]);
      record('notify-failed-admin-retry', workflowId);
      const failed = await h.waitFor(office, workflowId, (r) => r.open[0]?.failure !== undefined);
      // Held by its recipients (it has no actors): they are told, and may retry.
      expect(failed.open[0]).toMatchObject({ stepId: 'kabari', roles: ['kabag'], allowed: ['retry'] });
      await h.waitFor(office, workflowId, () => h.eventsOf(workflowId, 'step-failed').length === 1);
      expect(h.eventsOf(workflowId, 'step-failed')[0]!.data).toMatchObject({
        roles: ['kabag'],
        code: 'invalid-request',
      });
      h.noticeRefusal = undefined;
      const notRetry = await h.refusal(h.decide(office, workflowId, 'kabari', OFFICE_ADMIN_ROLE, 'complete'));
      expect(notRetry.code).toBe('role-not-holder');
      await h.decide(office, workflowId, 'kabari', OFFICE_ADMIN_ROLE, 'retry');
      const run = await h.waitFor(office, workflowId, (r) => r.open[0]?.stepId === 'periksa');
      expect(run.history.map((e) => [e.stepId, e.kind, e.role ?? null])).toEqual([
        ['tulis', 'complete', 'penulis'],
        ['kabari', 'failed', null],
        ['kabari', 'retry', OFFICE_ADMIN_ROLE],
        ['kabari', 'automatic', null],
      ]);
    } finally {
      h.noticeRefusal = undefined;
    }
  });
});

describe("a run's calendar copy", () => {
  it('is refreshed from the gateway a year before its holidays run out, and the run keeps counting with it', async () => {
    const office = 'kpu-prov-jateng';
    // The copy the run starts with reaches only 100 days ahead; the gateway's next answer
    // reaches the usual end of next year.
    h.calendarUntilOnce.set(office, localDate(Date.now() + 100 * 86_400_000, 'Asia/Jakarta'));
    const { workflowId } = await h.startRun(office, { id: `item-${++items}`, contentType: 'berita' });
    expect(h.calendarUntilOnce.has(office)).toBe(false);
    record('jateng-calendar-refreshed', workflowId);
    const run = await h.waitFor(office, workflowId, (r) => r.calendar?.until === h.calendarUntil);
    expect(run.calendar).toEqual({ version: 1, until: h.calendarUntil });
    expect(run.open[0]).toMatchObject({ stepId: 'konsep' });
  });
});

describe('a run continued as new', () => {
  it('asks again for the work of a platform step that was busy when its state crossed over', async () => {
    // The state a run carries when it continues as new with the recap's report being made.
    const input: RunInput = {
      office: { code: 'kpu-uji-lanjut', calendar: h.calendarsOf('kpu-uji-lanjut')[0]! },
      definition: mentawai,
      flowId: 'rekap-bulanan',
      startedBy: user('schedule'),
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', label: '2026-10' },
    };
    const before = new Engine(input);
    before.start(Date.now());
    expect(before.state.open[0]).toMatchObject({ stepId: 'rekap-postingan', busy: true });
    const connection = await Connection.connect({ address: stackEnv().temporalAddress });
    try {
      const client = new Client({ connection, namespace: stackEnv().temporalNamespace });
      const workflowId = `sop-kpu-uji-lanjut-${key('can')}`;
      await client.workflow.start(sopRun, {
        workflowId,
        taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
        args: [{ ...input, carried: JSON.parse(JSON.stringify(before.state)) }],
        typedSearchAttributes: [
          { key: SOP_OFFICE, value: 'kpu-uji-lanjut' },
          { key: SOP_STATE, value: 'running' },
        ],
      });
      const run = await h.waitFor('kpu-uji-lanjut', workflowId, (r) => r.status === 'completed', 20_000);
      expect(run.history.map((e) => [e.stepId, e.kind])).toEqual([['rekap-postingan', 'automatic']]);
      const call = h.reports.calls.find((c) => c.request.run.workflowId === workflowId)!;
      expect(call.idempotencyKey).toBe(`${workflowId}/rekap-postingan/1`);
    } finally {
      await connection.close();
    }
  });
});
