import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CalendarError,
  DEFAULT_WORKING_HOURS,
  type OfficeCalendar,
  addWorkingTime,
  defaultOfficeCalendar,
  formatWorkingDuration,
  validateCalendar,
} from '../src';
import { WIB, at, calendarError, lunchCalendar } from './helpers';

const MIN = 60_000;

describe('defaultOfficeCalendar', () => {
  it('is the civil-service week: Mon–Thu 07:30–16:00, Fri 07:30–16:30, weekend off', () => {
    const cal = defaultOfficeCalendar();
    expect(cal.timeZone).toBe('Asia/Jakarta');
    expect(cal.workingHours).toEqual({
      1: [{ start: '07:30', end: '16:00' }],
      2: [{ start: '07:30', end: '16:00' }],
      3: [{ start: '07:30', end: '16:00' }],
      4: [{ start: '07:30', end: '16:00' }],
      5: [{ start: '07:30', end: '16:30' }],
      6: [],
      7: [],
    });
    expect(validateCalendar(cal)).toEqual([]);
  });

  it('hands out an editable copy, leaving the shared default untouched', () => {
    const cal = defaultOfficeCalendar('Asia/Makassar');
    cal.workingHours[1] = [{ start: '08:00', end: '15:00' }];
    expect(DEFAULT_WORKING_HOURS[1]).toEqual([{ start: '07:30', end: '16:00' }]);
    expect(Object.isFrozen(DEFAULT_WORKING_HOURS[1][0])).toBe(true);
  });
});

describe('validateCalendar', () => {
  const valid = (): OfficeCalendar => defaultOfficeCalendar(WIB);

  it('lists every problem with its path, in both languages', () => {
    const bad = {
      timeZone: 'Asia/Jakartaa',
      workingHours: {
        1: [{ start: '7:30', end: '16:00' }],
        2: [{ start: '16:00', end: '07:30' }],
        3: [
          { start: '07:30', end: '12:00' },
          { start: '11:00', end: '16:00' },
        ],
        4: [{ start: '07:30', end: '24:00' }],
        5: [{ start: '24:00', end: '24:00' }],
        6: [],
      },
      holidays: [
        { date: '2026-02-30', name: 'Tidak ada', kind: 'national' },
        { date: '2026-08-17', name: '', kind: 'libur' },
      ],
      extraWorkingDays: [
        { date: '2026-11-21', name: 'Rekap' },
        { date: '2026-11-21', name: 'Rekap lagi' },
      ],
    };
    const problems = validateCalendar(bad);
    expect(problems.map((p) => p.path)).toEqual([
      'timeZone',
      'workingHours.1[0].start',
      'workingHours.2[0]',
      'workingHours.3',
      'workingHours.5[0].start',
      'workingHours.7',
      'holidays[0].date',
      'holidays[1].name',
      'holidays[1].kind',
      'extraWorkingDays[1].date',
    ]);
    for (const p of problems) {
      expect(p.id).not.toBe('');
      expect(p.en).not.toBe('');
    }
    expect(problems[3]).toEqual({
      path: 'workingHours.3',
      id: 'interval jam kerja saling tumpang tindih',
      en: 'working intervals overlap',
    });
  });

  it('accepts touching intervals and 24:00 as an end', () => {
    const cal = valid();
    cal.workingHours[6] = [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '24:00' },
    ];
    expect(validateCalendar(cal)).toEqual([]);
  });

  it('makes every function throw an invalid-calendar error listing the problems', () => {
    const cal = { ...valid(), holidays: [{ date: '17-08-2026', name: 'HUT RI', kind: 'national' as const }] };
    const e = calendarError(() =>
      addWorkingTime(at('2026-11-17 10:00', WIB), { amount: 1, unit: 'hour' }, cal),
    );
    expect(e).toBeInstanceOf(CalendarError);
    expect(e.code).toBe('invalid-calendar');
    expect(e.problems).toHaveLength(1);
    expect(e.message).toBe(
      'Kalender kantor tidak valid / The office calendar is not valid\n' +
        '  - holidays[0].date: tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD',
    );
  });

  it('rejects values that are not calendars at all', () => {
    expect(validateCalendar(null)).toHaveLength(1);
    expect(validateCalendar({ timeZone: WIB }).map((p) => p.path)).toEqual(['workingHours', 'holidays']);
  });

  it('needs hours for an extra working day when there is no standard day', () => {
    const cal: OfficeCalendar = {
      timeZone: WIB,
      workingHours: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] },
      holidays: [],
      extraWorkingDays: [{ date: '2026-11-21', name: 'Rekap' }],
    };
    expect(validateCalendar(cal).map((p) => p.path)).toEqual(['extraWorkingDays[0].hours']);
  });
});

describe('formatWorkingDuration', () => {
  it('writes days of the standard working day, hours and minutes', () => {
    const ms = (510 + 125) * MIN; // default standard day is 8 h 30 min
    expect(formatWorkingDuration(ms, 'id')).toBe('1 hari 2 jam 5 menit');
    expect(formatWorkingDuration(ms, 'en')).toBe('1 day 2 h 5 min');
    expect(formatWorkingDuration(2 * 510 * MIN, 'en')).toBe('2 days');
    expect(formatWorkingDuration(8 * 60 * MIN, 'id')).toBe('8 jam');
    expect(formatWorkingDuration(61 * MIN, 'en')).toBe('1 h 1 min');
  });

  it('uses the given calendar’s day length', () => {
    // 7 h 30 min days once the lunch break is taken out.
    expect(formatWorkingDuration(8 * 60 * MIN, 'id', lunchCalendar(WIB))).toBe('1 hari 30 menit');
  });

  it('rounds up to whole minutes and marks overdue spans', () => {
    expect(formatWorkingDuration(0, 'id')).toBe('0 menit');
    expect(formatWorkingDuration(30_000, 'id')).toBe('1 menit');
    expect(formatWorkingDuration(-90 * MIN, 'en')).toBe('-1 h 30 min');
    expect(() => formatWorkingDuration(NaN, 'id')).toThrow(CalendarError);
  });
});

describe('the core stays workflow-safe', () => {
  // The Temporal workflow bundle imports this library: no Node, no packages, no clock,
  // no randomness. ESLint only guards workflows/src, so guard the library here.
  const src = join(__dirname, '..', 'src');
  const files = readdirSync(src).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only sibling files and uses no clock, randomness or I/O', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      expect(m[1]).toMatch(/^\.\/[\w-]+$/);
    }
    expect(code).not.toMatch(
      /\brequire\s*\(|Date\.now|new Date\b|Math\.random|\bprocess\.|setTimeout|performance\./,
    );
  });
});
