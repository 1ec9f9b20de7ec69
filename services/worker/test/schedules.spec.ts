import { Client, Connection } from '@temporalio/client';
import { stackEnv } from '@tatalaman/testing';
import { isLastDayOfMonth, periodFor, type RunInput } from '@tatalaman/workflows';
import { scheduleSpec } from '../src/schedules/schedules.controller';
import { fixture, officeOf, RuntimeHarness, seed, user } from './support/runtime-harness';

// Recurring processes (Palu's monthly and semester evaluation, Mentawai's monthly
// recap) become Temporal Schedules per office when a definition is activated.

const h = new RuntimeHarness();
const palu = seed('kpu-kota-palu.penataan-website');
const mentawai = seed('kpu-kab-kepulauan-mentawai.pengelolaan-laman');
const lastDay = fixture('last-day');
let temporal: Client;
let connection: Connection;
// Each test file has its own offices, so schedule ids never collide across files or runs.
const suffix = Date.now().toString(36);
const paluOffice = `${officeOf(palu)}-${suffix}`;
const mentawaiOffice = `${officeOf(mentawai)}-${suffix}`;
const lastDayOffice = `kpu-uji-akhir-${suffix}`;

beforeAll(async () => {
  h.activate(paluOffice, palu);
  h.activate(mentawaiOffice, mentawai);
  h.activate(lastDayOffice, lastDay);
  await h.start();
  connection = await Connection.connect({ address: stackEnv().temporalAddress });
  temporal = new Client({ connection, namespace: stackEnv().temporalNamespace });
}, 120_000);

afterAll(async () => {
  for (const office of [paluOffice, mentawaiOffice, lastDayOffice]) {
    for (const key of [palu.key, mentawai.key, lastDay.key]) {
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

/** Triggers a schedule now and returns the id of the run it started. */
async function trigger(scheduleId: string): Promise<string> {
  const before = new Set(await runsOfSchedule(scheduleId));
  await temporal.schedule.getHandle(scheduleId).trigger();
  for (let i = 0; i < 100; i++) {
    const started = (await runsOfSchedule(scheduleId)).find((id) => !before.has(id));
    if (started) return started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${scheduleId} started no run`);
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
    const workflowId = await trigger(monthly.scheduleId);
    h.record('palu-monthly-evaluation', workflowId);
    const run = await h.waitFor(paluOffice, workflowId, (r) => r.open.length === 1);
    // The month before the one the run started in, in Palu's own zone (WITA).
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' })
      .format(new Date(run.startedAt))
      .split('-')
      .map(Number) as [number, number];
    const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
    const month = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`;
    expect(run.period).toEqual({
      label: month(py, pm),
      from: new Date(`${month(py, pm)}-01T00:00:00+08:00`).toISOString(),
      to: new Date(`${month(y, m)}-01T00:00:00+08:00`).toISOString(),
    });
    expect(run.open[0]).toMatchObject({
      stepId: 'evaluasi-bulanan-nilai',
      roles: ['kasubbag-datin', 'pelaksana-datin'],
    });
    const done = await h.client.send('worker.run.decide', {
      office: paluOffice,
      workflowId,
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
    const workflowId = await trigger(schedules[0]!.scheduleId);
    h.record('mentawai-monthly-recap', workflowId);
    const run = await h.waitFor(mentawaiOffice, workflowId, (r) => r.status === 'completed');
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

  it("Palu's semester evaluation covers the half-year before and is decided by the head", async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: paluOffice,
      definition: { key: palu.key, version: palu.version },
    });
    const semester = schedules.find((s) => s.flowId === 'evaluasi-semester')!;
    const workflowId = await trigger(semester.scheduleId);
    h.record('palu-semester-evaluation', workflowId);
    const run = await h.waitFor(paluOffice, workflowId, (r) => r.open.length === 1);
    const expected = periodFor(palu.flows['evaluasi-semester']!.schedule!, Date.parse(run.startedAt));
    expect(run.period).toEqual(expected);
    expect(run.period!.label).toMatch(/^\d{4}-S[12]$/);
    const step = run.open[0]!;
    const done = await h.client.send('worker.run.decide', {
      office: paluOffice,
      workflowId,
      stepId: step.stepId,
      decision: 'complete',
      role: step.roles[0]!,
      actor: user(step.roles[0]!),
      idempotencyKey: `sem-${suffix}`,
    });
    expect(done.status).toBe('completed');
  });

  it('a calendar change reaches the schedules: their next runs start with the new calendar', async () => {
    await h.client.send('worker.schedules.sync', {
      office: mentawaiOffice,
      definition: { key: mentawai.key, version: mentawai.version },
    });
    h.changeCalendar(mentawaiOffice, (c) => ({
      ...c,
      holidays: [...c.holidays, { date: '2027-03-19', name: 'Cuti bersama Nyepi', kind: 'cuti-bersama' }],
    }));
    const sync = await h.client.send('worker.calendar.sync', { office: mentawaiOffice });
    expect(sync).toMatchObject({ calendarVersion: 2, schedules: 1 });
    const described = await temporal.schedule
      .getHandle(`sched-${mentawaiOffice}-${mentawai.key}-rekap-bulanan`)
      .describe();
    const [input] = (described.action as unknown as { args: [RunInput] }).args;
    expect(input.office.calendarVersion).toBe(2);
    expect(input.office.calendar.holidays.map((d) => d.date)).toContain('2027-03-19');
  });
});

describe('"last day of the month"', () => {
  it('is the exact last day of each month, 28 or 29 February by year', () => {
    const spec = scheduleSpec(lastDay.flows['tutup-bulan']!.schedule!);
    expect(spec.calendars).toEqual([
      expect.objectContaining({
        dayOfMonth: 31,
        month: ['JANUARY', 'MARCH', 'MAY', 'JULY', 'AUGUST', 'OCTOBER', 'DECEMBER'],
      }),
      expect.objectContaining({ dayOfMonth: 30, month: ['APRIL', 'JUNE', 'SEPTEMBER', 'NOVEMBER'] }),
      expect.objectContaining({
        dayOfMonth: 29,
        month: 'FEBRUARY',
        year: [{ start: 2024, end: 2096, step: 4 }],
      }),
      expect.objectContaining({ dayOfMonth: 28, month: 'FEBRUARY' }),
    ]);
  });

  it('Temporal fires it only on last days (WIB)', async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: lastDayOffice,
      definition: { key: lastDay.key, version: lastDay.version },
    });
    const described = await temporal.schedule.getHandle(schedules[0]!.scheduleId).describe();
    const next = described.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(3);
    for (const at of next)
      expect([at.toISOString(), isLastDayOfMonth(at.getTime(), 'Asia/Jakarta')]).toEqual([
        at.toISOString(),
        true,
      ]);
  });

  it('a run an older schedule starts on another day ends at once as skipped, not running', async () => {
    const { schedules } = await h.client.send('worker.schedules.sync', {
      office: lastDayOffice,
      definition: { key: lastDay.key, version: lastDay.version },
    });
    // Triggered by hand: today is (almost always) not the last day of the month.
    const lastDayToday = isLastDayOfMonth(Date.now(), 'Asia/Jakarta');
    const workflowId = await trigger(schedules[0]!.scheduleId);
    if (lastDayToday) {
      const run = await h.waitFor(lastDayOffice, workflowId, (r) => r.open.length === 1);
      expect(run.open[0]!.stepId).toBe('rekap');
      return;
    }
    await temporal.workflow.getHandle(workflowId).result();
    const { runs } = await h.client.send('worker.runs.list', { office: lastDayOffice });
    expect(runs.find((r) => r.workflowId === workflowId)?.status).toBe('skipped');
    const run = await h.get(lastDayOffice, workflowId);
    expect(run).toMatchObject({ status: 'skipped', open: [] });
  });
});
