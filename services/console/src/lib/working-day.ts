/** One working interval of a day, `HH:MM` local time. */
export interface WorkingInterval {
  start: string;
  end: string;
}

const DEFAULT_DAY: WorkingInterval = { start: '07:30', end: '16:00' };

/**
 * A day's intervals after its start or end time was edited. A day may have breaks
 * (several intervals): the start moves the first interval, the end the last, and the
 * breaks in between stay, so saving never drops them. An empty value makes the day off.
 */
export function moveDayBounds(
  intervals: readonly WorkingInterval[],
  field: 'start' | 'end',
  value: string,
): WorkingInterval[] {
  if (!value) return [];
  const list = intervals.length ? intervals : [DEFAULT_DAY];
  return field === 'start'
    ? [{ ...list[0]!, start: value }, ...list.slice(1)]
    : [...list.slice(0, -1), { ...list[list.length - 1]!, end: value }];
}

/** The breaks between a day's intervals, as `end–start` pairs. */
export function dayBreaks(intervals: readonly WorkingInterval[]): string[] {
  return intervals.slice(1).map((next, i) => `${intervals[i]!.end}–${next.start}`);
}
