import { dayBreaks, moveDayBounds } from '../src/lib/working-day';

const friday = [
  { start: '07:30', end: '11:30' },
  { start: '13:00', end: '16:30' },
];

describe('moveDayBounds', () => {
  it('moves the first start and keeps the break', () => {
    expect(moveDayBounds(friday, 'start', '08:00')).toEqual([
      { start: '08:00', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ]);
  });

  it('moves the last end and keeps the break', () => {
    expect(moveDayBounds(friday, 'end', '17:00')).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
  });

  it('gives a day off working hours from the default', () => {
    expect(moveDayBounds([], 'end', '15:00')).toEqual([{ start: '07:30', end: '15:00' }]);
  });

  it('makes the day off when a time is cleared', () => {
    expect(moveDayBounds(friday, 'start', '')).toEqual([]);
  });
});

describe('dayBreaks', () => {
  it('lists the gaps between intervals', () => {
    expect(dayBreaks(friday)).toEqual(['11:30–13:00']);
    expect(dayBreaks([{ start: '07:30', end: '16:00' }])).toEqual([]);
  });
});
