export type CalendarErrorCode =
  /** The calendar itself is malformed; `problems` lists every problem found. */
  | 'invalid-calendar'
  | 'invalid-time-zone'
  | 'invalid-duration'
  /** Not a finite epoch-millisecond value inside the supported years. */
  | 'invalid-instant'
  /** A `YYYY-MM-DD` date or `HH:MM` time that does not parse or does not exist. */
  | 'invalid-date'
  /** The calendar has no working hours on any weekday nor any extra working day. */
  | 'no-working-time'
  /** The computation would scan more than `MAX_SPAN_DAYS` days. */
  | 'span-too-long';

/** One problem in a calendar, in both languages, with where it is (`holidays[3].date`). */
export interface CalendarProblem {
  path: string;
  id: string;
  en: string;
}

/**
 * Every failure of this library. The message is Bahasa Indonesia first, then English,
 * because it can reach an office admin through the console.
 */
export class CalendarError extends Error {
  readonly code: CalendarErrorCode;
  readonly messageId: string;
  readonly messageEn: string;
  readonly problems: readonly CalendarProblem[];

  constructor(code: CalendarErrorCode, id: string, en: string, problems: readonly CalendarProblem[] = []) {
    const details = problems.map((p) => `\n  - ${p.path}: ${p.id} / ${p.en}`).join('');
    super(`${id} / ${en}${details}`);
    this.name = 'CalendarError';
    this.code = code;
    this.messageId = id;
    this.messageEn = en;
    this.problems = problems;
  }
}
