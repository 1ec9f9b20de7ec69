import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok, platformAdminEmail } from '../support/api';
import { createAndSubmit, decide, taskFor, waitForRun } from '../support/flow';
import { ALL_DAY, setUpTestOffice } from '../support/office';

// Office calendars across the real services: a holiday (cuti bersama) decreed while a run
// is open moves the run's open limit (gateway → registry → worker → the run), the inbox
// shows the new limit (approvals), the reports count working time in the new calendar
// (reporting), and an edit of the office never breaks its reports (issue 13, finding 1).

const office = 'kpu-kab-uji-kalender';
const zone = 'Asia/Jakarta';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const header = () => ({ 'Idempotency-Key': idempotencyKey() });

const definition = `
key: ${office}.berita
version: 1
title: Berita uji kalender
timeZone: ${zone}
roles:
  - { code: penulis, name: Penulis }
  - { code: kabag, name: Kabag }
contentTypes: [berita]
escalation: { notify: kabag }
flows:
  item:
    steps:
      - { id: tulis, description: Menulis berita, actors: penulis, time: 3 menit }
      - id: periksa
        kind: review
        description: Memeriksa berita
        actors: kabag
        outcomes: { sendBack: { to: tulis } }
`;

const setUpOffice = () =>
  setUpTestOffice({
    code: office,
    name: 'KPU Kabupaten Uji Kalender',
    timeZone: zone,
    roles: ['penulis', 'kabag'],
    workingHours: ALL_DAY,
    definition: { source: definition, fileName: 'berita.yaml', contentTypes: ['berita'] },
  });

it('a holiday decreed while a run is open moves its limit, the inbox and the reports follow, and an office edit breaks nothing', async () => {
  await setUpOffice();
  const admin = await as(officeAdminEmail(office));
  const author = await as(demoEmail(office, 'penulis'));
  const title = `Berita hari libur ${Date.now()}`;
  // Submitted by the Kabag, who does not hold "tulis": the step stays open for the writer
  // (a writer's own submission would complete it at once).
  const { workflowId } = await createAndSubmit(office, 'kabag', 'berita', title);

  const opened = (await waitForRun(office, workflowId, (r) => r.open[0]?.stepId === 'tulis')).open[0]!;
  const openedAt = Date.parse(opened.openedAt);
  // "3 menit" of working time, and every minute is working time.
  expect(Date.parse(opened.dueAt!) - openedAt).toBe(3 * MIN);
  const before = await waitForRun(office, workflowId, (r) => r.calendar?.version !== undefined);
  const version = before.calendar!.version!;

  // The government decrees cuti bersama today and tomorrow (the office's local days).
  const today = localDate(openedAt, zone);
  const tomorrow = localDate(openedAt + DAY, zone);
  const afterTomorrow = localDate(openedAt + 2 * DAY, zone);
  ok(
    await admin.PUT('/api/v1/offices/{office}/calendar', {
      params: { path: { office }, header: header() },
      body: {
        workingHours: ALL_DAY as never,
        holidayOverrides: [today, tomorrow].map((date) => ({
          action: 'add' as const,
          date,
          name: 'Cuti bersama (SKB baru)',
          kind: 'cuti-bersama' as const,
        })),
        extraWorkingDays: [],
      },
    }),
  );
  // The run counts from its start again in the new calendar: nothing of today or tomorrow is
  // working time, so the 3 minutes end at 00:03 the day after tomorrow.
  const moved = await waitForRun(office, workflowId, (r) => r.open[0]?.dueAt !== opened.dueAt, 90_000);
  expect(moved.calendar?.version).toBe(version + 1);
  expect(Date.parse(moved.open[0]!.dueAt!)).toBe(zonedTimeToUtc(afterTomorrow, '00:03', zone));
  expect(moved.open[0]!.breached).toBe(false);
  // The inbox shows the new limit.
  const deadline = Date.now() + 60_000;
  let task = await taskFor(author, office, workflowId, 'tulis');
  while (task.dueAt !== moved.open[0]!.dueAt && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    task = await taskFor(author, office, workflowId, 'tulis');
  }
  expect(task.dueAt).toBe(moved.open[0]!.dueAt);

  // A platform admin renames the office (identity.office-updated): its reports keep working.
  const root = await as(platformAdminEmail);
  ok(
    await root.PATCH('/api/v1/offices/{office}', {
      params: { path: { office }, header: header() },
      body: { name: 'KPU Kabupaten Uji Kalender Baru' },
    }),
  );

  await decide(office, workflowId, 'tulis', 'penulis', 'complete');
  await decide(office, workflowId, 'periksa', 'kabag', 'approve');
  const done = await waitForRun(office, workflowId, (r) => r.status === 'completed');
  const month = localDate(Date.parse(done.endedAt!), zone).slice(0, 7);

  // Reports count the run's working time in its (new) calendar: none of it fell on working time.
  const recapDeadline = Date.now() + 90_000;
  for (;;) {
    const res = await admin.GET('/api/v1/offices/{office}/reports/recaps/monthly', {
      params: { path: { office }, query: { month } },
    });
    expect(res.response.status).toBe(200);
    const recap = res.data!;
    const tulis = recap.slaBySteps.find((s) => s.key.endsWith('tulis'));
    if (recap.summary.cycle.count === 1 && tulis && recap.office.name === 'KPU Kabupaten Uji Kalender Baru') {
      expect(tulis).toMatchObject({ closed: 1, timed: 1, withinLimit: 1, breached: 0 });
      expect(tulis.waitingMs + tulis.workingMs).toBe(0);
      expect(recap.summary.cycle.avgWorkingMs).toBe(0);
      break;
    }
    if (Date.now() > recapDeadline) throw new Error(`recap not caught up: ${JSON.stringify(recap.summary)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});
