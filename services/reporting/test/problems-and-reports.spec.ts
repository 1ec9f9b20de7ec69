import { type Actor, type TypedEvent } from '@tatalaman/contracts';
import { Harness, OFFICES } from './support/harness';
import { januaryScenario } from './support/scenarios';

jest.setTimeout(120_000);

const h = new Harness();
const palu = OFFICES.palu!.code;
const mentawai = OFFICES.mentawai!.code;
const staff: Actor = { kind: 'user', id: 'u-palu-staf', name: 'Dewi Lestari' };
const head: Actor = { kind: 'user', id: 'u-palu-kasubbag', name: 'Rahmat Hidayat' };
let n = 0;
const key = () => `k-${Date.now().toString(36)}-${++n}`;

async function auditEvents(): Promise<TypedEvent<'audit.change-recorded'>[]> {
  const rows = await h.query<{ payload: TypedEvent<'audit.change-recorded'> }>(
    `SELECT payload FROM reporting.outbox WHERE type = 'audit.change-recorded' ORDER BY seq`,
  );
  return rows.map((r) => r.payload);
}

beforeAll(async () => {
  await h.start();
  const s = januaryScenario();
  await h.apply(...h.officeEvents(), ...s.mentawai!.events, ...s.palu!.events);
  await h.settled();
});

afterAll(async () => {
  await h.stop();
});

describe('website problem inventory', () => {
  it('logs a problem, moves it to resolved with a resolution, and audits every change', async () => {
    const k = key();
    const created = await h.send('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: k,
      title: 'Formulir PPID tidak dapat dikirim',
      description: 'Tombol kirim pada formulir permohonan informasi tidak merespons.',
      category: 'content',
      severity: 'high',
    });
    expect(created).toMatchObject({ number: 1, status: 'open', reportedBy: staff, category: 'content' });
    // A retry with the same key answers the same, and logs nothing new.
    const again = await h.send('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: k,
      title: 'Formulir PPID tidak dapat dikirim',
      description: 'Tombol kirim pada formulir permohonan informasi tidak merespons.',
      category: 'content',
      severity: 'high',
    });
    expect(again).toEqual(created);
    const reused = await h.refusal('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: k,
      title: 'Masalah lain',
      description: 'Lain',
      category: 'other',
      severity: 'low',
    });
    expect(reused).toMatchObject({ status: 422, code: 'idempotency-key-reused' });

    const progress = await h.send('reporting.problem.update', {
      office: palu,
      actor: head,
      idempotencyKey: key(),
      problemId: created.id,
      status: 'in-progress',
    });
    expect(progress.status).toBe('in-progress');
    const noResolution = await h.refusal('reporting.problem.update', {
      office: palu,
      actor: head,
      idempotencyKey: key(),
      problemId: created.id,
      status: 'resolved',
    });
    expect(noResolution).toMatchObject({ status: 422, code: 'resolution-required' });
    expect(noResolution.messages.id).toContain('penyelesaian');
    const resolved = await h.send('reporting.problem.update', {
      office: palu,
      actor: head,
      idempotencyKey: key(),
      problemId: created.id,
      status: 'resolved',
      resolution: 'Skrip formulir diperbaiki dan diuji ulang.',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: 'Skrip formulir diperbaiki dan diuji ulang.',
      resolvedBy: head,
    });
    expect(resolved.resolvedAt).toBeDefined();

    const audit = (await auditEvents()).filter((e) => e.data.entityId === created.id);
    expect(audit.map((e) => e.data.action)).toEqual(['create', 'update', 'resolve']);
    expect(
      audit.every((e) => e.office === palu && e.data.service === 'reporting' && e.data.entity === 'problem'),
    ).toBe(true);
    expect(audit[0]!.actor).toEqual(staff);
    expect(audit[2]!.actor).toEqual(head);
    expect(audit[2]!.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: 'in-progress', new: 'resolved' },
        { field: 'resolution', old: null, new: 'Skrip formulir diperbaiki dan diuji ulang.' },
      ]),
    );

    const list = await h.send('reporting.problems.list', { office: palu });
    expect(list.problems.map((p) => p.id)).toContain(created.id);
    const open = await h.send('reporting.problems.list', { office: palu, status: 'open' });
    expect(open.problems.map((p) => p.id)).not.toContain(created.id);
  });

  it("another office cannot see or change this office's problems", async () => {
    const created = await h.send('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: key(),
      title: 'Domain hampir kedaluwarsa',
      description: 'Masa aktif domain tinggal 10 hari.',
      category: 'domain',
      severity: 'critical',
    });
    const get = await h.refusal('reporting.problem.get', { office: mentawai, problemId: created.id });
    expect(get).toMatchObject({ status: 404, code: 'problem-not-found' });
    const update = await h.refusal('reporting.problem.update', {
      office: mentawai,
      actor: staff,
      idempotencyKey: key(),
      problemId: created.id,
      title: 'diubah',
    });
    expect(update.status).toBe(404);
    expect((await h.send('reporting.problems.list', { office: mentawai })).problems).toEqual([]);
    expect((await h.send('reporting.problem.get', { office: palu, problemId: created.id })).title).toBe(
      'Domain hampir kedaluwarsa',
    );
  });

  it('the inventory report lists the problems of the period', async () => {
    const file = await h.send('reporting.recap.export', {
      office: palu,
      report: 'website-problem-inventory',
      period: new Date().toISOString().slice(0, 7),
      format: 'csv',
    });
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(text).toContain('Inventarisasi Permasalahan Website/Jaringan');
    expect(text).toContain('Domain hampir kedaluwarsa — Masa aktif domain tinggal 10 hari.');
    expect(text).toContain('Skrip formulir diperbaiki dan diuji ulang.');
    const recap = await h.send('reporting.recap.monthly', {
      office: palu,
      month: new Date().toISOString().slice(0, 7),
    });
    expect(recap.problems.reported).toBeGreaterThanOrEqual(2);
    expect(recap.problems.resolved).toBeGreaterThanOrEqual(1);
  });
});

describe('CSV exports of what people typed', () => {
  it('neutralise formulas: a cell starting with =, +, -, @ stays text', async () => {
    const typed = {
      title: '=HYPERLINK("http://penipu.example/","Klik di sini")',
      description: '+cmd|/c calc',
    };
    await h.send('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: key(),
      ...typed,
      category: 'other',
      severity: 'low',
    });
    await h.send('reporting.problem.create', {
      office: palu,
      actor: staff,
      idempotencyKey: key(),
      title: '@SUM(1+1)*cmd',
      description: '-2+3',
      category: 'other',
      severity: 'low',
    });
    const file = await h.send('reporting.recap.export', {
      office: palu,
      report: 'website-problem-inventory',
      period: new Date().toISOString().slice(0, 7),
      format: 'csv',
    });
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    // Each cell that starts with what people typed starts with a quote mark instead.
    expect(text).toContain(`"'=HYPERLINK(""http://penipu.example/"",""Klik di sini"")`);
    expect(text).toContain(`'@SUM(1+1)*cmd`);
    const cells = text.split(/\r\n/).flatMap((line) => line.split(',').map((c) => c.replace(/^"/, '')));
    expect(cells.filter((c) => /^[=+@\t\r]/.test(c) || /^-[^0-9]/.test(c))).toEqual([]);
  });
});

describe('reporting.report.generate', () => {
  const request = (idempotencyKey: string) => ({
    office: mentawai,
    idempotencyKey,
    report: 'monthly-recap-posts-readers',
    period: { from: '2025-12-31T17:00:00.000Z', to: '2026-01-31T17:00:00.000Z', label: '2026-01' },
    run: {
      workflowId: 'sop-mentawai-rekap-2026-02',
      stepId: 'rekap-postingan',
      definitionKey: 'kpu-kab-kepulauan-mentawai.pengelolaan-laman',
    },
  });

  it('builds the named report once per key and stores it for download', async () => {
    const k = 'sop-mentawai-rekap-2026-02/rekap-postingan/1';
    const first = await h.send('reporting.report.generate', request(k));
    expect(first.title).toBe('Rekapitulasi Postingan dan Jumlah Pembaca — Januari 2026');
    expect(first.url).toBe(`/api/v1/offices/${mentawai}/reports/generated/${first.reportId}/download`);
    const again = await h.send('reporting.report.generate', request(k));
    expect(again).toEqual(first);
    const [{ count }] = await h.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM reporting.reports WHERE office = $1`,
      [mentawai],
    );
    expect(count).toBe(1);
    const other = await h.refusal('reporting.report.generate', { ...request(k), report: 'archive' });
    expect(other).toMatchObject({ status: 422, code: 'idempotency-key-reused' });

    const listed = await h.send('reporting.reports.list', { office: mentawai });
    expect(listed.reports).toEqual([
      expect.objectContaining({
        reportId: first.reportId,
        report: 'monthly-recap-posts-readers',
        period: expect.objectContaining({ label: '2026-01' }),
        run: expect.objectContaining({ workflowId: 'sop-mentawai-rekap-2026-02' }),
      }),
    ]);
    const json = await h.send('reporting.report.download', {
      office: mentawai,
      reportId: first.reportId,
      format: 'json',
    });
    const doc = JSON.parse(Buffer.from(json.contentBase64, 'base64').toString('utf8'));
    expect(doc.office.name).toBe('KPU Kabupaten Kepulauan Mentawai');
    const views = doc.summary.find((s: { label: string }) => s.label === 'Jumlah pembaca (tayangan halaman)');
    expect(views.value).toBe(55);
    const pdf = await h.send('reporting.report.download', {
      office: mentawai,
      reportId: first.reportId,
      format: 'pdf',
    });
    expect(pdf.fileName).toBe('kpu-kab-kepulauan-mentawai-monthly-recap-posts-readers-2026-01.pdf');
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The stored document renders the same bytes every time.
    const pdf2 = await h.send('reporting.report.download', {
      office: mentawai,
      reportId: first.reportId,
      format: 'pdf',
    });
    expect(pdf2.contentBase64).toBe(pdf.contentBase64);
  });

  it('builds the evaluation recap for a semester and refuses unknown reports', async () => {
    const semester = await h.send('reporting.report.generate', {
      office: palu,
      idempotencyKey: 'sop-palu-eval-s1/evaluasi-semester-nilai/1',
      report: 'evaluation-recap',
      period: { from: '2025-12-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z', label: '2026-S1' },
      run: {
        workflowId: 'sop-palu-eval-s1',
        stepId: 'evaluasi-semester-nilai',
        definitionKey: 'kpu-kota-palu.penataan-website',
      },
    });
    expect(semester.title).toBe(
      'Rekap Evaluasi Capaian Pengelolaan Website — Semester I 2026 (Januari–Juni)',
    );
    const unknown = await h.refusal('reporting.report.generate', {
      ...request('x-unknown'),
      report: 'laporan-tak-dikenal',
    });
    expect(unknown).toMatchObject({ status: 422, code: 'unknown-report' });
  });

  it('refuses the names every object inherits as unknown reports', async () => {
    for (const report of ['constructor', '__proto__', 'toString']) {
      const refused = await h.refusal('reporting.report.generate', {
        ...request(`x-inherited-${report}`),
        report,
      });
      expect(refused).toMatchObject({ status: 422, code: 'unknown-report' });
    }
  });

  it("another office cannot list or download this office's reports", async () => {
    const [{ id }] = await h.query<{ id: string }>(`SELECT id FROM reporting.reports WHERE office = $1`, [
      mentawai,
    ]);
    const refused = await h.refusal('reporting.report.download', {
      office: palu,
      reportId: id!,
      format: 'pdf',
    });
    expect(refused).toMatchObject({ status: 404, code: 'report-not-found' });
    const listed = await h.send('reporting.reports.list', { office: palu });
    expect(listed.reports.map((r) => r.reportId)).not.toContain(id);
  });
});

describe('projection commands', () => {
  it('rebuild and status are for platform admins, and a second rebuild waits for the first', async () => {
    const actor: Actor = { kind: 'user', id: 'u-admin' };
    expect(await h.refusal('reporting.projections.rebuild', { actor, platformAdmin: false })).toMatchObject({
      status: 403,
    });
    const started = await h.send('reporting.projections.rebuild', { actor, platformAdmin: true });
    expect(started.state).toBe('running');
    const busy = await h.refusal('reporting.projections.rebuild', { actor, platformAdmin: true });
    expect(busy).toMatchObject({ status: 409, code: 'rebuild-running' });
    let status = (await h.send('reporting.projections.status', { actor, platformAdmin: true })).rebuild!;
    const until = Date.now() + 60_000;
    while (status.state === 'running' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await h.send('reporting.projections.status', { actor, platformAdmin: true })).rebuild!;
    }
    expect(status).toMatchObject({ rebuildId: started.rebuildId, state: 'done' });
    expect(status.streams.find((s) => s.stream.endsWith('_RUNS'))!.applied).toBeGreaterThan(0);
    const recap = await h.send('reporting.recap.monthly', { office: mentawai, month: '2026-01' });
    expect(recap.summary.views).toBe(55);
  });
});
