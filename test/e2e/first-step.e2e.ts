import { localDate } from '@tatalaman/working-time';
import { as, demoEmail, officeAdminEmail, ok, retrying } from '../support/api';
import { streamEvents } from '../support/events';
import { createAndSubmit, taskFor, waitForRun } from '../support/flow';

// Submitting completes the author's own first step (issue 15): Jawa Tengah's step 1
// "Membuat konsep" is the author's (role pengampu-konsep). Over HTTP, every real service.

const office = 'kpu-prov-jateng';

async function inboxSteps(email: string, workflowId: string): Promise<string[]> {
  const user = await as(email);
  const page = await retrying(async () =>
    ok(
      await user.GET('/api/v1/offices/{office}/inbox', {
        params: { path: { office }, query: { limit: 200 } },
      }),
    ),
  );
  return page.tasks.filter((t) => t.workflowId === workflowId).map((t) => t.stepId);
}

async function slaOf(personId: string) {
  const admin = await as(officeAdminEmail(office));
  const month = localDate(Date.now(), 'Asia/Jakarta').slice(0, 7);
  const report = ok(
    await admin.GET('/api/v1/offices/{office}/reports/sla', {
      params: { path: { office }, query: { by: 'person', from: month, to: month } },
    }),
  );
  const row = report.rows.find((r) => r.key === personId);
  return { closed: row?.closed ?? 0, withinLimit: row?.withinLimit ?? 0, breached: row?.breached ?? 0 };
}

it('a submitter holding the first step has it done at submission: no task for it, and the run, events, decisions and SLA report name them', async () => {
  const authorEmail = demoEmail(office, 'pengampu-konsep');
  const me = ok(await (await as(authorEmail)).GET('/api/v1/me'));
  const before = await slaOf(me.id);
  const submittedFrom = Date.now();
  const { workflowId } = await createAndSubmit(office, 'pengampu-konsep', 'berita', `Konsep ${Date.now()}`);
  const submittedBy = Date.now();

  // The run is already past step 1 (and the hand-off of step 2): the web admin validates.
  const run = await waitForRun(office, workflowId, (r) => r.open[0]?.stepId === 'validasi');
  const konsep = run.history.find((h) => h.stepId === 'konsep')!;
  expect(konsep).toMatchObject({
    kind: 'complete',
    attempt: 1,
    actor: { kind: 'user', id: me.id },
    role: 'pengampu-konsep',
    workingMs: 0,
  });
  expect(konsep.onBehalfOf).toBeUndefined();
  expect(konsep.at).toBe(run.startedAt);
  expect(Date.parse(konsep.at)).toBeGreaterThanOrEqual(submittedFrom - 1_000);
  expect(Date.parse(konsep.at)).toBeLessThanOrEqual(submittedBy);

  // The web admin's task arrives (the inbox has the run's events); the author has none for step 1.
  const webAdmin = await as(demoEmail(office, 'web-admin'));
  await taskFor(webAdmin, office, workflowId, 'validasi');
  expect(await inboxSteps(authorEmail, workflowId)).not.toContain('konsep');

  // Nobody is told about step 1: once the web admin has been told about validasi, the author
  // has no notification of the run (the step's holders would have been told first).
  const notificationsOf = async (user: typeof webAdmin) =>
    ok(
      await user.GET('/api/v1/offices/{office}/notifications', { params: { path: { office } } }),
    ).notifications.filter((n) => n.workflowId === workflowId);
  const told = Date.now() + 60_000;
  while (!(await notificationsOf(webAdmin)).some((n) => n.kind === 'assigned')) {
    if (Date.now() > told) throw new Error('the web admin was never told about validasi');
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await notificationsOf(await as(authorEmail))).toEqual([]);

  // The runs events: opened as completed at once (still describing the step for reports), then
  // completed by the author, at submission, within the time standard.
  const events = await streamEvents('runs', office);
  const opened = events.find(
    (e) => e.type === 'runs.step-opened' && e.data.workflowId === workflowId && e.data.stepId === 'konsep',
  );
  expect(opened?.data).toMatchObject({
    completedAtOpen: true,
    roles: ['pengampu-konsep'],
    description: expect.any(String),
    timeStandard: expect.any(String),
  });
  const completed = events.find(
    (e) => e.type === 'runs.step-completed' && e.data.workflowId === workflowId && e.data.stepId === 'konsep',
  );
  expect(completed?.data).toMatchObject({
    decision: 'complete',
    by: { id: me.id },
    role: 'pengampu-konsep',
    withinTarget: true,
    withinLimit: true,
    breached: false,
    workingMs: 0,
  });

  // The decision history and the SLA report count it as the author's, within the limit.
  const author = await as(authorEmail);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const history = ok(
      await author.GET('/api/v1/offices/{office}/runs/{workflowId}/decisions', {
        params: { path: { office, workflowId } },
      }),
    );
    const decision = history.decisions.find((d) => d.stepId === 'konsep');
    if (decision) {
      expect(decision).toMatchObject({ outcome: 'complete', by: { id: me.id }, role: 'pengampu-konsep' });
      expect(decision.decidedAt).toBe(konsep.at);
      break;
    }
    if (Date.now() > deadline) throw new Error('no decision for konsep in the run’s decision history');
    await new Promise((r) => setTimeout(r, 250));
  }
  for (;;) {
    const after = await slaOf(me.id);
    if (after.closed > before.closed) {
      expect(after.withinLimit - before.withinLimit).toBeGreaterThanOrEqual(1);
      break;
    }
    if (Date.now() > deadline) throw new Error('the SLA report never counted the author’s step');
    await new Promise((r) => setTimeout(r, 500));
  }
});

it('a submitter not holding the first step leaves it to its holders, as a task in their inbox', async () => {
  const { workflowId } = await createAndSubmit(office, 'web-admin', 'berita', `Bukan konsep ${Date.now()}`);
  const run = await waitForRun(office, workflowId, (r) => r.open.length > 0);
  expect(run.open[0]).toMatchObject({ stepId: 'konsep', roles: ['pengampu-konsep'] });
  expect(run.history).toEqual([]);
  await taskFor(await as(demoEmail(office, 'pengampu-konsep')), office, workflowId, 'konsep');
});
