import { localDate } from '@tatalaman/working-time';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok } from '../support/api';
import { createAndSubmit, decide, taskFor, waitForRun } from '../support/flow';
import { ALL_DAY, setUpTestOffice } from '../support/office';

// A deadline across steps extended once with a reason, then met (issue 15): through the
// gateway, approvals, the worker and the run (real Temporal); the extension is in the run's
// timeline and decision history, a second one is refused, and the monthly recap and the
// SLA report count the deadline as met and extended, not breached.

const office = 'kpu-kab-uji-perpanjangan';
const zone = 'Asia/Jakarta';
const MIN = 60_000;
const header = () => ({ 'Idempotency-Key': idempotencyKey() });

// Every minute is working time, so the limits are plain minutes from the start.
const definition = `
key: ${office}.berita
version: 1
title: Berita uji perpanjangan
timeZone: ${zone}
roles:
  - { code: penulis, name: Penulis }
  - { code: kabag, name: Kabag }
contentTypes: [berita]
flows:
  item:
    steps:
      - { id: tulis, description: Menulis berita, actors: penulis }
      - id: periksa
        kind: review
        description: Memeriksa berita
        actors: kabag
        outcomes: { sendBack: { to: tulis } }
deadlines:
  - id: jawab
    from: tulis
    until: periksa
    time: 2 menit
    extension: { max: 1, by: 10 menit, reasonRequired: true }
`;

const setUpOffice = () =>
  setUpTestOffice({
    code: office,
    name: 'KPU Kabupaten Uji Perpanjangan',
    timeZone: zone,
    roles: ['penulis', 'kabag'],
    workingHours: ALL_DAY,
    definition: { source: definition, fileName: 'berita.yaml', contentTypes: ['berita'] },
  });

it('a deadline across steps extended once with a reason is then met, recorded, refused a second time, and reported', async () => {
  await setUpOffice();
  const admin = await as(officeAdminEmail(office));
  const kabag = await as(demoEmail(office, 'kabag'));
  // Submitted by the Kabag, who does not hold "tulis": the writer's step stays open.
  const { workflowId } = await createAndSubmit(
    office,
    'kabag',
    'berita',
    `Berita perpanjangan ${Date.now()}`,
  );

  const started = await waitForRun(office, workflowId, (r) => r.deadlines[0]?.dueAt !== undefined);
  const first = started.deadlines[0]!;
  expect(first).toMatchObject({ id: 'jawab', breached: false, extensions: 0, maxExtensions: 1 });
  expect(Date.parse(first.dueAt!) - Date.parse(first.startedAt!)).toBe(2 * MIN);
  await decide(office, workflowId, 'tulis', 'penulis', 'complete');

  // The reviewer extends the deadline from their task, with a reason.
  const task = await taskFor(kabag, office, workflowId, 'periksa');
  const noReason = await kabag.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
    params: { path: { office, taskId: task.taskId }, header: header() },
    body: { decision: 'extend', deadline: 'jawab' },
  });
  expect(noReason.response.status).toBe(422);
  expect((noReason.error as { code: string }).code).toBe('reason-required');
  const reason = 'Menunggu klarifikasi data dari KPU RI';
  const extended = ok(
    await kabag.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
      params: { path: { office, taskId: task.taskId }, header: header() },
      body: { decision: 'extend', deadline: 'jawab', reason },
    }),
  );
  const moved = extended.run.deadlines[0]!;
  expect(moved).toMatchObject({ id: 'jawab', extensions: 1, breached: false });
  expect(Date.parse(moved.dueAt!) - Date.parse(first.dueAt!)).toBe(10 * MIN);
  expect(extended.decision).toMatchObject({
    outcome: 'extend',
    deadline: 'jawab',
    reason,
    stepId: 'periksa',
  });
  expect(extended.run.history.at(-1)).toMatchObject({ kind: 'extend', deadline: 'jawab', reason });
  // The task stays open: extending the deadline is not the review's decision.
  expect(extended.run.open.map((o) => o.stepId)).toEqual(['periksa']);

  // A second extension is beyond `max`.
  const again = await kabag.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
    params: { path: { office, taskId: task.taskId }, header: header() },
    body: { decision: 'extend', deadline: 'jawab', reason: 'Sekali lagi' },
  });
  expect(again.response.status).toBe(409);
  expect((again.error as { code: string }).code).toBe('extensions-exhausted');

  // Past the original limit (2 minutes), within the extended one: not breached.
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(first.dueAt!) + 5_000 - Date.now())));
  const past = await waitForRun(office, workflowId, () => true);
  expect(past.deadlines[0]!.breached).toBe(false);
  await decide(office, workflowId, 'periksa', 'kabag', 'approve');
  const done = await waitForRun(office, workflowId, (r) => r.status === 'completed');
  expect(done.deadlines[0]).toMatchObject({ id: 'jawab', met: true, breached: false, extensions: 1 });

  // The decision history names the deadline extended.
  const history = ok(
    await admin.GET('/api/v1/offices/{office}/runs/{workflowId}/decisions', {
      params: { path: { office, workflowId } },
    }),
  );
  expect(history.decisions).toEqual(
    expect.arrayContaining([expect.objectContaining({ outcome: 'extend', deadline: 'jawab', reason })]),
  );

  // The reports: met and extended, not breached.
  const month = localDate(Date.parse(done.endedAt!), zone).slice(0, 7);
  const until = Date.now() + 90_000;
  for (;;) {
    const recap = ok(
      await admin.GET('/api/v1/offices/{office}/reports/recaps/monthly', {
        params: { path: { office }, query: { month } },
      }),
    );
    if (recap.summary.deadlines.met === 1) {
      expect(recap.summary.deadlines).toEqual({ met: 1, extended: 1, breached: 0 });
      break;
    }
    if (Date.now() > until) throw new Error(`recap not caught up: ${JSON.stringify(recap.summary)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const sla = ok(
    await admin.GET('/api/v1/offices/{office}/reports/sla', {
      params: { path: { office }, query: { by: 'step', from: month, to: month } },
    }),
  );
  expect(sla.deadlines).toEqual({ met: 1, extended: 1, breached: 0 });
});
