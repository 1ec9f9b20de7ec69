import {
  type Holiday,
  addWorkingTime,
  defaultOfficeCalendar,
  isWorkingDay,
  validateCalendar,
  zonedTimeToUtc,
} from '@tatalaman/working-time';
import { type HolidayOverride, HolidaysError, mergeHolidays, nationalHolidays } from '../src';

const on = (list: Holiday[], date: string): Holiday[] => list.filter((h) => h.date === date);

describe('nationalHolidays', () => {
  const y2026 = nationalHolidays(2026, { country: 'ID' });

  it('gives the fixed-date holidays of 2026 with Indonesian names', () => {
    expect(on(y2026, '2026-08-17')).toEqual([
      { date: '2026-08-17', name: 'Hari Ulang Tahun Kemerdekaan Republik Indonesia', kind: 'national' },
    ]);
    expect(on(y2026, '2026-01-01')).toEqual([
      { date: '2026-01-01', name: 'Tahun Baru Masehi', kind: 'national' },
    ]);
    expect(on(y2026, '2026-06-01')[0].name).toBe('Hari Lahir Pancasila');
    expect(on(y2026, '2026-12-25')[0].name).toBe('Hari Raya Natal');
  });

  it('gives the lunar and religious holidays as date-holidays computes them', () => {
    expect(on(y2026, '2026-03-20').map((h) => h.name)).toEqual(['Hari Raya Idul Fitri']);
    expect(on(y2026, '2026-03-21').map((h) => h.name)).toEqual(['Hari Raya Idul Fitri']);
    expect(on(y2026, '2026-03-19').map((h) => h.name)).toEqual(['Hari Raya Nyepi']);
    expect(on(y2026, '2026-02-17').map((h) => h.name)).toEqual(['Tahun Baru Imlek']);
    expect(on(y2026, '2026-05-27').map((h) => h.name)).toEqual(['Hari Raya Idul Adha']);
    expect(on(y2026, '2026-08-25').map((h) => h.name)).toEqual(['Maulid Nabi Muhammad']);
  });

  it('names 27 Rajab Isra Mikraj (date-holidays mislabels it as Maulid)', () => {
    expect(on(y2026, '2026-01-16').map((h) => h.name)).toEqual(['Isra Mikraj Nabi Muhammad']);
    expect(y2026.filter((h) => h.name === 'Maulid Nabi Muhammad')).toHaveLength(1);
  });

  it('returns only that year, sorted, all national', () => {
    expect(y2026.length).toBeGreaterThanOrEqual(15);
    expect(y2026.every((h) => h.date.startsWith('2026-') && h.kind === 'national')).toBe(true);
    expect(y2026.map((h) => h.date)).toEqual([...y2026.map((h) => h.date)].sort());
  });

  it('speaks English on request', () => {
    const en = nationalHolidays(2026, { language: 'en' });
    expect(on(en, '2026-08-17')[0].name).toBe('Independence Day');
    expect(on(en, '2026-01-16')[0].name).toBe("Laylat al-Mi'raj");
  });

  it('rejects unknown countries and odd years', () => {
    expect(() => nationalHolidays(2026, { country: 'XX' })).toThrow(HolidaysError);
    expect(() => nationalHolidays(2026.5)).toThrow(/Tahun tidak valid: 2026.5 .* \/ Invalid year/);
  });

  it('produces entries an office calendar accepts', () => {
    const cal = defaultOfficeCalendar('Asia/Makassar', nationalHolidays(2026));
    expect(validateCalendar(cal)).toEqual([]);
    expect(isWorkingDay('2026-08-17', cal)).toBe(false);
    expect(isWorkingDay('2026-08-18', cal)).toBe(true);
  });
});

describe('mergeHolidays', () => {
  const base: Holiday[] = [
    { date: '2026-03-20', name: 'Hari Raya Idul Fitri', kind: 'national' },
    { date: '2026-03-21', name: 'Hari Raya Idul Fitri', kind: 'national' },
    { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
  ];

  it('adds cuti bersama the package does not know', () => {
    const merged = mergeHolidays(base, [
      { action: 'add', date: '2026-03-23', name: 'Cuti Bersama Idulfitri', kind: 'cuti-bersama' },
      { action: 'add', date: '2026-03-19', name: 'Cuti Bersama Idulfitri', kind: 'cuti-bersama' },
    ]);
    expect(merged.map((h) => `${h.date} ${h.kind}`)).toEqual([
      '2026-03-19 cuti-bersama',
      '2026-03-20 national',
      '2026-03-21 national',
      '2026-03-23 cuti-bersama',
      '2026-08-17 national',
    ]);
  });

  it('moves a holiday the SKB shifted, keeping its name and kind', () => {
    const merged = mergeHolidays(base, [
      { action: 'move', from: '2026-03-21', to: '2026-03-22', name: 'hari raya idul fitri ' },
    ]);
    expect(merged.map((h) => h.date)).toEqual(['2026-03-20', '2026-03-22', '2026-08-17']);
    expect(on(merged, '2026-03-22')).toEqual([
      { date: '2026-03-22', name: 'Hari Raya Idul Fitri', kind: 'national' },
    ]);
  });

  it('still places a moved holiday when the package already corrected the date', () => {
    const corrected = base.map((h) => (h.date === '2026-03-21' ? { ...h, date: '2026-03-22' } : h));
    const edit: HolidayOverride = {
      action: 'move',
      from: '2026-03-21',
      to: '2026-03-22',
      name: 'Hari Raya Idul Fitri',
    };
    expect(mergeHolidays(corrected, [edit])).toEqual(mergeHolidays(base, [edit]));
  });

  it('removes a date, or only the named entry on it', () => {
    const two: Holiday[] = [...base, { date: '2026-08-17', name: 'HUT Kantor', kind: 'office' }];
    expect(on(mergeHolidays(two, [{ action: 'remove', date: '2026-08-17' }]), '2026-08-17')).toEqual([]);
    expect(
      on(mergeHolidays(two, [{ action: 'remove', date: '2026-08-17', name: 'HUT KANTOR' }]), '2026-08-17'),
    ).toEqual([{ date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' }]);
    expect(mergeHolidays(base, [{ action: 'remove', date: '2026-01-02' }])).toEqual(base);
  });

  it('applies edits in order and never duplicates a date and name', () => {
    const merged = mergeHolidays(base, [
      { action: 'add', date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'office' },
      { action: 'add', date: '2026-12-24', name: 'Cuti Bersama Natal', kind: 'cuti-bersama' },
      { action: 'remove', date: '2026-12-24' },
    ]);
    expect(merged).toEqual([
      base[0],
      base[1],
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'office' },
    ]);
  });

  it('does not change its inputs', () => {
    const copy = JSON.parse(JSON.stringify(base));
    mergeHolidays(base, [
      { action: 'move', from: '2026-03-20', to: '2026-03-22' },
      { action: 'add', date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'office' },
    ]);
    expect(base).toEqual(copy);
  });

  it('rejects malformed edits, listing each in both languages', () => {
    const bad = [
      { action: 'add', date: '2026-02-30', name: 'Cuti', kind: 'cuti-bersama' },
      { action: 'add', date: '2026-03-23', name: ' ', kind: 'libur' },
      { action: 'shift', date: '2026-03-23' },
    ] as unknown as HolidayOverride[];
    let error: unknown;
    try {
      mergeHolidays(base, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HolidaysError);
    expect((error as HolidaysError).problems.map((p) => p.path)).toEqual([
      'overrides[0].date',
      'overrides[1].name',
      'overrides[1].kind',
      'overrides[2].action',
    ]);
    expect((error as Error).message).toMatch(
      /^Perubahan hari libur tidak valid \/ The holiday changes are not valid\n/,
    );
  });

  it('feeds a working-time calendar: Idul Fitri plus cuti bersama push a deadline a week out', () => {
    const holidays = mergeHolidays(nationalHolidays(2026), [
      { action: 'add', date: '2026-03-23', name: 'Cuti Bersama Idulfitri', kind: 'cuti-bersama' },
      { action: 'add', date: '2026-03-24', name: 'Cuti Bersama Idulfitri', kind: 'cuti-bersama' },
    ]);
    const cal = defaultOfficeCalendar('Asia/Jayapura', holidays);
    // Wednesday 18 March 10:00 WIT + 1 working day: Thu (Nyepi), Fri (Idul Fitri), weekend,
    // Mon and Tue (cuti bersama) are off, so Wednesday 25 March 10:00.
    const start = zonedTimeToUtc('2026-03-18', '10:00', cal.timeZone);
    expect(addWorkingTime(start, { amount: 1, unit: 'day' }, cal)).toBe(
      zonedTimeToUtc('2026-03-25', '10:00', cal.timeZone),
    );
  });
});
