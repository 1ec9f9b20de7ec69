import { CommandClient, RemoteError } from '@tatalaman/messaging';
import { nationalHolidays } from '@tatalaman/holidays';
import {
  addWorkingTime,
  type OfficeCalendar,
  validateCalendar,
  zonedTimeToUtc,
} from '@tatalaman/working-time';
import { table } from '../src/db';
import { call, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

const week = {
  '1': [
    { start: '07:30', end: '12:00' },
    { start: '13:00', end: '16:00' },
  ],
  '2': [{ start: '07:30', end: '16:00' }],
  '3': [{ start: '07:30', end: '16:00' }],
  '4': [{ start: '07:30', end: '16:00' }],
  '5': [{ start: '07:30', end: '16:30' }],
  '6': [],
  '7': [],
};

describe('office calendars', () => {
  let gw: TestGateway;
  let w: World;
  let commands: CommandClient;

  beforeAll(async () => {
    gw = await startGateway('calendar');
    w = await buildWorld(gw);
    commands = new CommandClient(gw.nc);
  });
  afterAll(() => gw?.close());

  const path = () => `/api/v1/offices/${w.b.office}/calendar`;

  it('starts with the default hours and the national holidays', async () => {
    const res = await call(gw, 'GET', `${path()}?year=2026`, { token: w.b.staff.token });
    expectStatus(res, 200);
    expect(res.body.timeZone).toBe('Asia/Makassar');
    expect(res.body.workingHours['5']).toEqual([{ start: '07:30', end: '16:30' }]);
    expect(res.body.holidays).toEqual(nationalHolidays(2026));
  });

  it('merges cuti bersama, moved and removed holidays over the national ones', async () => {
    const idulFitri = nationalHolidays(2026).find((h) => /Idul Fitri/.test(h.name))!;
    const nyepi = nationalHolidays(2026).find((h) => /Nyepi/.test(h.name))!;
    const body = {
      workingHours: week,
      holidayOverrides: [
        { action: 'add', date: '2026-03-23', name: 'Cuti Bersama Idul Fitri', kind: 'cuti-bersama' },
        { action: 'add', date: '2026-03-24', name: 'Cuti Bersama Idul Fitri', kind: 'cuti-bersama' },
        { action: 'move', from: nyepi.date, to: '2026-03-18', name: nyepi.name },
        { action: 'remove', date: '2026-01-01' },
      ],
      extraWorkingDays: [
        { date: '2026-03-28', name: 'Pleno rekapitulasi', hours: [{ start: '08:00', end: '12:00' }] },
      ],
    };
    const put = await call(gw, 'PUT', path(), { token: w.b.admin.token, body });
    expectStatus(put, 200);
    const res = await call(gw, 'GET', `${path()}?year=2026`, { token: w.b.staff.token });
    const dates = (name: RegExp) =>
      res.body.holidays
        .filter((h: { name: string }) => name.test(h.name))
        .map((h: { date: string }) => h.date);
    expect(dates(/Cuti Bersama/)).toEqual(['2026-03-23', '2026-03-24']);
    expect(res.body.holidays.find((h: { date: string }) => h.date === '2026-03-23').kind).toBe(
      'cuti-bersama',
    );
    expect(dates(/Nyepi/)).toEqual(['2026-03-18']);
    expect(dates(/Tahun Baru Masehi/)).toEqual([]);
    expect(dates(/Idul Fitri/)).toEqual(expect.arrayContaining([idulFitri.date, '2026-03-23']));
    expect(res.body.holidayOverrides).toEqual(body.holidayOverrides);

    // What other services get over NATS: a valid working-time calendar of the years around now.
    const office = await commands.send('gateway.office.get', { office: w.b.office });
    expect(office).toMatchObject({ code: w.b.office, timeZone: 'Asia/Makassar', kind: 'kpu-kabupaten' });
    const calendar = office.calendar as unknown as OfficeCalendar;
    expect(validateCalendar(calendar)).toEqual([]);
    const year = new Date().getUTCFullYear();
    const years = new Set(calendar.holidays.map((h) => Number(h.date.slice(0, 4))));
    expect([...years].sort()).toEqual([year - 1, year, year + 1].filter((y) => years.has(y)));
    if (year - 1 <= 2026 && 2026 <= year + 1) {
      expect(calendar.holidays).toEqual(
        expect.arrayContaining([
          { date: '2026-03-24', name: 'Cuti Bersama Idul Fitri', kind: 'cuti-bersama' },
        ]),
      );
      // Thursday 19 March 10:00 WITA (a working day now that Nyepi moved to the 18th) + 1 working day:
      // Friday is Idul Fitri, Monday and Tuesday are cuti bersama, so Wednesday 10:00.
      const start = zonedTimeToUtc('2026-03-19', '10:00', 'Asia/Makassar');
      const due = addWorkingTime(start, { amount: 1, unit: 'day' }, calendar);
      expect(new Date(due).toISOString()).toBe(
        new Date(zonedTimeToUtc('2026-03-25', '10:00', 'Asia/Makassar')).toISOString(),
      );
    }
  });

  it('refuses calendars the runtime could not use, pointing at the problem', async () => {
    const overlapping = {
      ...week,
      '2': [
        { start: '07:30', end: '12:00' },
        { start: '11:00', end: '16:00' },
      ],
    };
    const res = await call(gw, 'PUT', path(), {
      token: w.b.admin.token,
      body: { workingHours: overlapping, holidayOverrides: [], extraWorkingDays: [] },
      lang: 'en',
    });
    expectStatus(res, 422);
    expect(res.body).toMatchObject({
      code: 'invalid-calendar',
      errors: [{ pointer: '#/workingHours/2', message: 'working intervals overlap' }],
    });
    const backwards = await call(gw, 'PUT', path(), {
      token: w.b.admin.token,
      body: {
        workingHours: { ...week, '3': [{ start: '16:00', end: '07:30' }] },
        holidayOverrides: [],
        extraWorkingDays: [],
      },
    });
    expectStatus(backwards, 422);
    expect(backwards.body.errors[0]).toEqual({
      pointer: '#/workingHours/3/0',
      message: 'jam selesai harus setelah jam mulai',
    });
    const none = await call(gw, 'PUT', path(), {
      token: w.b.admin.token,
      body: {
        workingHours: { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] },
        holidayOverrides: [],
        extraWorkingDays: [],
      },
    });
    expectStatus(none, 422);
    const badDate = await call(gw, 'PUT', path(), {
      token: w.b.admin.token,
      body: {
        workingHours: week,
        holidayOverrides: [{ action: 'add', date: '2026-02-30', name: 'X', kind: 'office' }],
        extraWorkingDays: [],
      },
    });
    expectStatus(badDate, 400);
    expect(badDate.body.errors[0].pointer).toBe('#/holidayOverrides/0/date');
    // Refusals changed nothing.
    const still = await call(gw, 'GET', `${path()}?year=2026`, { token: w.b.admin.token });
    expect(still.body.workingHours).toEqual(week);
  });

  it('answers 404 over NATS for an office that does not exist', async () => {
    await expect(commands.send('gateway.office.get', { office: 'tidak-ada' })).rejects.toMatchObject({
      status: 404,
      code: 'office-not-found',
    });
    await expect(commands.send('gateway.office.get', { office: 'Bukan Slug' })).rejects.toBeInstanceOf(
      RemoteError,
    );
  });

  it('numbers every calendar change; runs and reports can ask for the version they used, for any year', async () => {
    const before = await commands.send('gateway.office.get', { office: w.a.office });
    const version = before.calendarVersion!;
    expect(version).toBeGreaterThanOrEqual(1);
    const year = Number(before.calendarUntil!.slice(0, 4)) - 1;
    expect(before.calendarUntil).toBe(`${year + 1}-12-31`);
    const body = {
      workingHours: week,
      holidayOverrides: [
        { action: 'add', date: '2027-06-14', name: 'Cuti bersama (SKB baru)', kind: 'cuti-bersama' },
      ],
      extraWorkingDays: [],
    };
    expectStatus(
      await call(gw, 'PUT', `/api/v1/offices/${w.a.office}/calendar`, { token: w.a.admin.token, body }),
      200,
    );
    // The same settings again change nothing: no new version.
    expectStatus(
      await call(gw, 'PUT', `/api/v1/offices/${w.a.office}/calendar`, { token: w.a.admin.token, body }),
      200,
    );
    const after = await commands.send('gateway.office.get', { office: w.a.office, year: 2027 });
    expect(after.calendarVersion).toBe(version + 1);
    expect(after.calendarUntil).toBe('2028-12-31');
    expect(after.calendar.holidays).toEqual(
      expect.arrayContaining([{ date: '2027-06-14', name: 'Cuti bersama (SKB baru)', kind: 'cuti-bersama' }]),
    );
    // The version a run started with stays available, without the later holiday.
    const earlier = await commands.send('gateway.office.get', {
      office: w.a.office,
      calendarVersion: version,
      year: 2027,
    });
    expect(earlier.calendarVersion).toBe(version);
    expect(earlier.calendar.holidays.map((h) => h.date)).not.toContain('2027-06-14');
    expect(earlier.calendar.workingHours).toEqual(before.calendar.workingHours);
    await expect(
      commands.send('gateway.office.get', { office: w.a.office, calendarVersion: version + 5 }),
    ).rejects.toMatchObject({ status: 404, code: 'calendar-version-not-found' });
    await expect(
      commands.send('gateway.office.get', { office: w.a.office, calendarVersion: -1 }),
    ).rejects.toMatchObject({ status: 400 });
    // The change is announced with its version (the registry passes it on to running runs).
    const rows: { payload: { data: unknown } }[] = await gw.dataSource.query(
      `SELECT payload FROM ${table('outbox')} WHERE type = 'identity.office-updated' AND office = $1`,
      [w.a.office],
    );
    expect(rows.map((r) => r.payload.data)).toContainEqual({
      changedFields: ['workingHours', 'holidayOverrides'],
      calendarVersion: version + 1,
    });
  });
});
