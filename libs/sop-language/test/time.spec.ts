import { formatDuration, formatTimeStandard, parseDuration, parseTimeStandard } from '../src';

const d = (amount: number, unit: 'minute' | 'hour' | 'day' | 'week') => ({ amount, unit });

describe('parseTimeStandard', () => {
  it.each([
    ['60 menit', d(60, 'minute'), d(60, 'minute'), false],
    ['1 Hari', d(1, 'day'), d(1, 'day'), false],
    ['1-3 Jam', d(1, 'hour'), d(3, 'hour'), false],
    ['1–3 minggu', d(1, 'week'), d(3, 'week'), false],
    ['1 — 3 minggu', d(1, 'week'), d(3, 'week'), false],
    ['1 s.d. 3 hari', d(1, 'day'), d(3, 'day'), false],
    ['1 sampai 5 jam', d(1, 'hour'), d(5, 'hour'), false],
    ['15 minutes', d(15, 'minute'), d(15, 'minute'), false],
    ['2 to 4 hours', d(2, 'hour'), d(4, 'hour'), false],
    ['2 hari kalender', d(2, 'day'), d(2, 'day'), true],
    ['2 calendar days', d(2, 'day'), d(2, 'day'), true],
    ['3 hari kerja', d(3, 'day'), d(3, 'day'), false],
    ['1,5 jam', d(1.5, 'hour'), d(1.5, 'hour'), false],
    ['0.5 hour', d(0.5, 'hour'), d(0.5, 'hour'), false],
    ['2Jam', d(2, 'hour'), d(2, 'hour'), false],
    ['1 jam - 3 jam', d(1, 'hour'), d(3, 'hour'), false],
    ['  30 Menit  ', d(30, 'minute'), d(30, 'minute'), false],
    ['2 pekan', d(2, 'week'), d(2, 'week'), false],
  ])('%s', (text, target, limit, calendar) => {
    const r = parseTimeStandard(text);
    expect(r).toEqual({ ok: true, value: { target, limit, calendar, text: text.trim() } });
  });

  it.each([
    ['3 bulan', 'time.unsupported-unit'],
    ['1 month', 'time.unsupported-unit'],
    ['1 tahun', 'time.unsupported-unit'],
    ['30 detik', 'time.unsupported-unit'],
    ['3-1 jam', 'time.range-order'],
    ['30 menit - 2 jam', 'time.mixed-units'],
    ['0 menit', 'time.zero'],
    ['400 hari', 'time.too-long'],
    ['60', 'time.unparseable'],
    ['menit', 'time.unparseable'],
    ['segera', 'time.unparseable'],
    ['', 'time.unparseable'],
    ['1 jam kalender kerja', 'time.unparseable'],
    ['1 jam 30 menit', 'time.unparseable'],
    ['-1 jam', 'time.unparseable'],
  ])('refuses %j with %s', (text, code) => {
    const r = parseTimeStandard(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.id.length).toBeGreaterThan(10);
      expect(r.error.message.en.length).toBeGreaterThan(10);
    }
  });

  it('reads the object form with numbers and a unit, or with duration texts', () => {
    expect(parseTimeStandard({ min: 1, max: 3, unit: 'jam' })).toEqual({
      ok: true,
      value: { target: d(1, 'hour'), limit: d(3, 'hour'), calendar: false, text: '1–3 jam' },
    });
    expect(parseTimeStandard({ min: '2 hari', calendar: true }, 'en')).toEqual({
      ok: true,
      value: { target: d(2, 'day'), limit: d(2, 'day'), calendar: true, text: '2 calendar days' },
    });
    expect(parseTimeStandard({ min: 3, max: 1, unit: 'hari' })).toMatchObject({
      ok: false,
      error: { code: 'time.range-order' },
    });
    expect(parseTimeStandard({ min: 1 })).toMatchObject({ ok: false, error: { code: 'time.unparseable' } });
    expect(parseTimeStandard({ min: 1, unit: 'bulan' })).toMatchObject({
      ok: false,
      error: { code: 'time.unsupported-unit' },
    });
    expect(parseTimeStandard({ min: '1 jam', max: '2 hari' })).toMatchObject({
      ok: false,
      error: { code: 'time.mixed-units' },
    });
  });

  it('names the problem in both languages', () => {
    const r = parseTimeStandard('3-1 jam');
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'time.range-order',
        message: {
          id: "Rentang waktu '3-1 jam' terbalik: nilai awal (3) lebih besar dari nilai akhir (1).",
          en: "The time range '3-1 jam' is reversed: the first value (3) is greater than the last (1).",
        },
      },
    });
  });
});

describe('parseDuration', () => {
  it('reads one duration and refuses a range', () => {
    expect(parseDuration('30 menit')).toEqual({
      ok: true,
      value: { duration: d(30, 'minute'), calendar: undefined },
    });
    expect(parseDuration('1-2 jam')).toMatchObject({ ok: false, error: { code: 'time.range-not-allowed' } });
  });
});

describe('formatting', () => {
  it('writes durations and standards in Indonesian and English', () => {
    expect(formatDuration(d(1.5, 'hour'), 'id')).toBe('1,5 jam');
    expect(formatDuration(d(1, 'hour'), 'en')).toBe('1 hour');
    expect(formatDuration(d(2, 'day'), 'en', true)).toBe('2 calendar days');
    expect(formatTimeStandard({ target: d(1, 'week'), limit: d(3, 'week'), calendar: false }, 'id')).toBe(
      '1–3 minggu',
    );
    expect(formatTimeStandard({ target: d(1, 'week'), limit: d(3, 'week'), calendar: false }, 'en')).toBe(
      '1–3 weeks',
    );
    expect(formatTimeStandard({ target: d(2, 'day'), limit: d(2, 'day'), calendar: true }, 'id')).toBe(
      '2 hari kalender',
    );
  });
});
