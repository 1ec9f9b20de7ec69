import { linePath, niceMax, scale, ticks } from '../src/lib/chart-scale';

describe('chart scales', () => {
  it('rounds the axis top up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(18)).toBe(20);
    expect(niceMax(230)).toBe(250);
    expect(niceMax(0.83)).toBe(1);
  });

  it('spaces ticks evenly and maps values to pixels', () => {
    expect(ticks(20, 4)).toEqual([0, 5, 10, 15, 20]);
    expect(scale(5, 10, 200, 0)).toBe(100);
  });

  it('breaks a line where a value is missing', () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 1, y: 1 }, null, { x: 3, y: 3 }])).toBe('M0.0,0.0L1.0,1.0M3.0,3.0');
  });
});
