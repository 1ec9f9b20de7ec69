import { makeEvent, type AnyEvent } from '@tatalaman/contracts';
import { CalendarVersions1795700412000 } from '../src/migrations/1795700412000-calendar-versions';
import { OfficeDirectory } from '../src/offices/office-directory';
import { DeadLetterRetry } from '../src/projections/dead-letter-retry';
import { calendarOf, changeCalendar, Harness, OFFICES, waitFor } from './support/harness';
import { loadDefinition, localTime, person, SEEDS, SopRun } from './support/sop-driver';

// Reporting and office calendars: an office edit never breaks its reports (issue 13,
// finding 1), working time is counted in the calendar version the run used, and a calendar
// change under an open run shows in the figures.

const h = new Harness();
const palu = OFFICES.palu;
const zone = palu.timeZone;
const at = (text: string) => localTime(text, zone);

beforeAll(async () => {
  await h.start();
  await h.apply(...h.officeEvents());
}, 120_000);
afterAll(() => h.stop());

const fact = async (workflowId: string, stepId: string) =>
  (
    await h.query<Record<string, unknown>>(
      `SELECT * FROM reporting.step_facts WHERE office = $1 AND workflow_id = $2 AND step_id = $3 ORDER BY attempt`,
      [palu.code, workflowId, stepId],
    )
  )[0]!;

const recap = (month: string) =>
  h.send('reporting.recap.monthly', { office: palu.code, month } as never) as Promise<{
    summary: { sla: { timed: number; withinLimit: number } };
  }>;

it('an office edit leaves its reports and projections working (a stale calendar cache is refreshed)', async () => {
  // The calendar is known (a report asked), then the office is renamed at the gateway.
  await recap('2026-03');
  const edit = makeEvent('identity.office-updated', {
    office: palu.code,
    actor: person('u-platform'),
    data: { changedFields: ['name'], name: 'KPU Kota Palu (baru)' },
  });
  await h.apply(edit);
  const [row] = await h.query<{ fetched_at: unknown }>(
    `SELECT fetched_at FROM reporting.office_calendars WHERE office = $1`,
    [palu.code],
  );
  expect(row!.fetched_at).toBeInstanceOf(Date);
  expect(await recap('2026-03')).toBeDefined();
  // And the next event of the office is projected, not retried into the dead letters.
  const run = new SopRun(palu.code, loadDefinition(SEEDS.palu), calendarOf(palu), {
    id: 'item-edit',
    contentType: 'berita',
    title: 'Setelah ubah kantor',
  }).start(at('2026-03-02 09:00'));
  await h.apply(...run.events);
  expect(await fact(run.workflowId, 'disposisi')).toBeDefined();
  const [{ n }] = await h.query<{ n: number }>(`SELECT count(*)::int AS n FROM reporting.dead_letters`);
  expect(n).toBe(0);
});

it("a cache row left at '-infinity' by the old code is repaired and read", async () => {
  await h.query(`UPDATE reporting.office_calendars SET fetched_at = '-infinity' WHERE office = $1`, [
    palu.code,
  ]);
  // The code reads it as "long ago" (refresh) instead of failing, also in a fresh process.
  const directory = h.app.get(OfficeDirectory);
  (directory as unknown as { memory: Map<string, unknown> }).memory.clear();
  expect(await directory.get(palu.code)).toMatchObject({ code: palu.code, source: 'gateway' });
  expect(await recap('2026-03')).toBeDefined();
  // …and the migration turns every such row into a plain stale one.
  await h.query(`UPDATE reporting.office_calendars SET fetched_at = '-infinity' WHERE office = $1`, [
    palu.code,
  ]);
  const runner = h.ds.createQueryRunner();
  try {
    await new CalendarVersions1795700412000().up(runner);
  } finally {
    await runner.release();
  }
  const [{ finite }] = await h.query<{ finite: boolean }>(
    `SELECT bool_and(isfinite(fetched_at)) AS finite FROM reporting.office_calendars`,
  );
  expect(finite).toBe(true);
});

it('events that were dead-lettered by a defect are applied at the next start', async () => {
  const run = new SopRun(palu.code, loadDefinition(SEEDS.palu), calendarOf(palu), {
    id: 'item-dead',
    contentType: 'berita',
    title: 'Tertahan',
  }).start(at('2026-03-03 09:00'));
  const lost = run.events.find((e) => e.type === 'runs.run-started')!;
  await h.query(
    `INSERT INTO reporting.dead_letters (consumer, stream, stream_seq, subject, event_id, type, office, deliveries, payload, error)
     VALUES ('reporting-projection', 'TEST', 1, 'x', $1, $2, $3, 40, $4::jsonb, 'TypeError: row.fetched_at.getTime is not a function')`,
    [lost.id, lost.type, lost.office, JSON.stringify(lost)],
  );
  expect(await h.app.get(DeadLetterRetry).retry()).toBe(1);
  const [runRow] = await h.query(
    `SELECT started_at FROM reporting.runs WHERE office = $1 AND workflow_id = $2`,
    [palu.code, run.workflowId],
  );
  expect(runRow).toBeDefined();
  const [dead] = await h.query<{ resolved_at: unknown }>(
    `SELECT resolved_at FROM reporting.dead_letters WHERE event_id = $1`,
    [lost.id],
  );
  expect(dead!.resolved_at).toBeInstanceOf(Date);
  // Tried once: it is resolved and not applied again.
  expect(await h.app.get(DeadLetterRetry).retry()).toBe(0);
});

it('counts working time in the calendar version the run used, not the current one', async () => {
  // Version 2: Tuesday 3 March 2026 is decreed cuti bersama; version 3 removes it again.
  const v2 = changeCalendar(palu, (c) => ({
    ...c,
    holidays: [...c.holidays, { date: '2026-03-03', name: 'Cuti bersama', kind: 'cuti-bersama' }],
  }));
  const run = new SopRun(
    palu.code,
    loadDefinition(SEEDS.palu),
    calendarOf(palu, v2),
    { id: 'item-versi', contentType: 'berita', title: 'Versi kalender' },
    'item',
    undefined,
    v2,
  ).start(at('2026-03-02 09:00'));
  const claim = run.claim('disposisi', at('2026-03-03 10:00'), person('u-kasubbag', 'Kasubbag'));
  run.decide('disposisi', 'complete', at('2026-03-04 09:00'));
  changeCalendar(palu, (c) => ({ ...c, holidays: c.holidays.filter((x) => x.date !== '2026-03-03') }));
  await h.apply(...run.events.filter((e) => e !== claim), claim);
  const f = await fact(run.workflowId, 'disposisi');
  expect(f.calendar_version).toBe(v2);
  // Opened Monday 09:00 WITA, claimed Tuesday 10:00: Tuesday is a holiday in v2, so only
  // Monday 09:00–16:00 is waiting (in the current calendar it would be 9 h 30 min).
  expect(Number(f.waiting_ms)).toBe(7 * 3_600_000);
});

it("a holiday decreed while a step is open moves its limit in the facts, and the step's compliance follows it", async () => {
  const v = changeCalendar(palu, (c) => c);
  const run = new SopRun(
    palu.code,
    loadDefinition(SEEDS.palu),
    calendarOf(palu, v),
    { id: 'item-geser', contentType: 'berita', title: 'Tenggat bergeser' },
    'item',
    undefined,
    v,
  ).start(at('2026-04-06 10:00'));
  // "1 Hari": due Tuesday 10:00. Tuesday becomes cuti bersama (the next version) on Monday.
  const next = changeCalendar(palu, (c) => ({
    ...c,
    holidays: [...c.holidays, { date: '2026-04-07', name: 'Cuti bersama', kind: 'cuti-bersama' }],
  }));
  run.changeCalendar(calendarOf(palu, next), next, at('2026-04-06 14:00'));
  // Done Wednesday 09:00: late in the old calendar, within the limit in the new one.
  run.decide('disposisi', 'complete', at('2026-04-08 09:00'));
  await h.apply(...run.events);
  const f = await fact(run.workflowId, 'disposisi');
  expect(new Date(f.due_at as string).getTime()).toBe(at('2026-04-08 10:00'));
  expect(f).toMatchObject({ met_limit: true, is_breached: false, calendar_version: next });
  const april = await waitFor(async () => {
    const r = await recap('2026-04');
    return r.summary.sla.timed >= 1 && r;
  }, 'april recap');
  expect(april.summary.sla.withinLimit).toBe(april.summary.sla.timed);
});

it('takes the working time of a postponed attempt from the run itself', async () => {
  const babar = OFFICES.babar;
  const run = new SopRun(babar.code, loadDefinition(SEEDS.babar), calendarOf(babar), {
    id: 'item-tunda',
    contentType: 'informasi-hukum',
    title: 'Ditunda',
  }).start(localTime('2026-05-04 08:00', babar.timeZone));
  run.decide('usulan', 'complete', localTime('2026-05-04 09:00', babar.timeZone));
  run.decide('laporan-kebutuhan', 'complete', localTime('2026-05-04 10:00', babar.timeZone));
  run.decide('pemeriksaan-kebutuhan', 'postpone', localTime('2026-05-05 10:00', babar.timeZone), {
    reason: 'Menunggu tahapan',
  });
  const postponed = run.events.find((e) => e.type === 'runs.step-postponed') as AnyEvent & {
    data: { workingMs: number };
  };
  // The runtime's own figure (here changed, as a calendar the reporting side does not have would).
  postponed.data.workingMs = 1234;
  await h.apply(...run.events);
  const [f] = await h.query<{ total_ms: string }>(
    `SELECT total_ms FROM reporting.step_facts WHERE office = $1 AND workflow_id = $2 AND step_id = 'pemeriksaan-kebutuhan'`,
    [babar.code, run.workflowId],
  );
  expect(Number(f!.total_ms)).toBe(1234);
});
