import { Client, Connection } from '@temporalio/client';
import { stackEnv } from '@tatalaman/testing';
import { officeOf, RuntimeHarness, seed, user } from './support/runtime-harness';

// Recurring processes (Palu's monthly and semester evaluation, Mentawai's monthly
// recap) become Temporal Schedules per office when a definition is activated.

const h = new RuntimeHarness();
const palu = seed('kpu-kota-palu.penataan-website');
const mentawai = seed('kpu-kab-kepulauan-mentawai.pengelolaan-laman');
let temporal: Client;
let connection: Connection;
// Each test file has its own offices, so schedule ids never collide across files or runs.
const suffix = Date.now().toString(36);
const paluOffice = `${officeOf(palu)}-${suffix}`;
const mentawaiOffice = `${officeOf(mentawai)}-${suffix}`;

beforeAll(async () => {
  h.activate(paluOffice, palu);
  h.activate(mentawaiOffice, mentawai);
  await h.start();
  connection = await Connection.connect({ address: stackEnv().temporalAddress });
  temporal = new Client({ connection, namespace: stackEnv().temporalNamespace });
}, 120_000);

afterAll(async () => {
  for (const office of [paluOffice, mentawaiOffice]) {
    for (const key of [palu.key, mentawai.key]) {
      await h.client
        .send('worker.schedules.sync', { office, definition: { key, version: 1 }, remove: true })
        .catch(() => undefined);
    }
  }
  await connection.close();
  await h.stop();
});

async function runsOfSchedule(scheduleId: string) {
  const described = await temporal.schedule.getHandle(scheduleId).describe();
  return described.info.recentActions.map((a) => a.action.workflow.workflowId);
}

describe('schedules from definitions', () => {
  it("creates Palu's monthly and semester evaluations at 08:00 WITA on the 1st", async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: paluOffice,
      definition: { key: palu.key, version: palu.version },
    });
    expect(schedules.map((s) => s.flowId).sort()).toEqual(['evaluasi-bulanan', 'evaluasi-semester']);
    for (const s of schedules) {
      // 08:00 WITA is 00:00 UTC on the first of a month.
      expect(s.next).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
    }
    const semester = schedules.find((s) => s.flowId === 'evaluasi-semester')!;
    expect(['01', '07']).toContain(semester.next!.slice(5, 7));
  });

  it('syncing again updates in place and removal deletes them', async () => {
    const again = await h.client.send('worker.schedules.sync', {
      office: paluOffice,
      definition: { key: palu.key, version: palu.version },
    });
    expect(again.schedules).toHaveLength(2);
    const removed = await h.client.send('worker.schedules.sync', {
      office: paluOffice,
      definition: { key: palu.key, version: palu.version },
      remove: true,
    });
    expect(removed.schedules).toEqual([]);
    // Asked one by one: Temporal's schedule list is eventually consistent and can still
    // show a schedule deleted a moment ago; describing a deleted one fails at once.
    const left: string[] = [];
    for (const { scheduleId } of again.schedules) {
      const exists = await temporal.schedule
        .getHandle(scheduleId)
        .describe()
        .then(
          () => true,
          (e: Error) => {
            if (e.name !== 'ScheduleNotFoundError') throw e;
            return false;
          },
        );
      if (exists) left.push(scheduleId);
    }
    expect(left).toEqual([]);
  });

  it("a triggered evaluation run covers the previous period and opens the evaluation for the office's roles", async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: paluOffice,
      definition: { key: palu.key, version: palu.version },
    });
    const monthly = schedules.find((s) => s.flowId === 'evaluasi-bulanan')!;
    await temporal.schedule.getHandle(monthly.scheduleId).trigger();
    let workflowId: string | undefined;
    for (let i = 0; i < 50 && !workflowId; i++) {
      workflowId = (await runsOfSchedule(monthly.scheduleId))[0];
      if (!workflowId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(workflowId).toBeDefined();
    h.record('palu-monthly-evaluation', workflowId!);
    const run = await h.waitFor(paluOffice, workflowId!, (r) => r.open.length === 1);
    expect(run.period?.label).toMatch(/^\d{4}-\d{2}$/);
    expect(run.open[0]).toMatchObject({
      stepId: 'evaluasi-bulanan-nilai',
      roles: ['kasubbag-datin', 'pelaksana-datin'],
    });
    const done = await h.client.send('worker.run.decide', {
      office: paluOffice,
      workflowId: workflowId!,
      stepId: 'evaluasi-bulanan-nilai',
      decision: 'complete',
      role: 'pelaksana-datin',
      actor: user('pelaksana-datin'),
      idempotencyKey: `eval-${suffix}`,
    });
    expect(done.status).toBe('completed');
  });

  it("Mentawai's monthly recap is an automatic step: the reporting service builds the recap of posts and readers", async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: mentawaiOffice,
      definition: { key: mentawai.key, version: mentawai.version },
    });
    expect(schedules.map((s) => s.flowId)).toEqual(['rekap-bulanan']);
    await temporal.schedule.getHandle(schedules[0]!.scheduleId).trigger();
    let workflowId: string | undefined;
    for (let i = 0; i < 50 && !workflowId; i++) {
      workflowId = (await runsOfSchedule(schedules[0]!.scheduleId))[0];
      if (!workflowId) await new Promise((r) => setTimeout(r, 200));
    }
    h.record('mentawai-monthly-recap', workflowId!);
    const run = await h.waitFor(mentawaiOffice, workflowId!, (r) => r.status === 'completed');
    const call = h.reports.calls.find((c) => c.request.run.workflowId === workflowId)!;
    expect(call.request).toMatchObject({
      office: mentawaiOffice,
      report: 'monthly-recap-posts-readers',
      period: { label: run.period!.label },
    });
    expect(run.history[0]).toMatchObject({
      stepId: 'rekap-postingan',
      kind: 'automatic',
      result: { reportId: expect.any(String) },
    });
  });
});
