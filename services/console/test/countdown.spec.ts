import { defaultOfficeCalendar } from '@tatalaman/working-time';
import { byDeadline, countdown } from '../src/lib/countdown';

// Monday 2026-03-16 in WIB (UTC+7); working hours Mon–Thu 07:30–16:00.
const calendar = defaultOfficeCalendar('Asia/Jakarta');
const wib = (local: string) => Date.parse(`${local}+07:00`);

describe('countdown', () => {
  it('counts working time left and is normal far from the limit', () => {
    const c = countdown(
      { now: wib('2026-03-16T08:00:00'), openedAt: '2026-03-16T01:00:00Z', dueAt: '2026-03-16T05:00:00Z' },
      calendar,
    );
    expect(c.urgency).toBe('normal');
    expect(c.remainingMs).toBe(4 * 3_600_000);
  });

  it('is near under 30 working minutes left', () => {
    const c = countdown(
      { now: wib('2026-03-16T11:40:00'), openedAt: '2026-03-16T01:00:00Z', dueAt: '2026-03-16T05:00:00Z' },
      calendar,
    );
    expect(c.urgency).toBe('near');
  });

  it('is near under a quarter of the limit left', () => {
    const c = countdown(
      { now: wib('2026-03-16T10:00:00'), openedAt: '2026-03-16T01:00:00Z', dueAt: '2026-03-16T07:00:00Z' },
      calendar,
    );
    // 4 h left of a 6 h limit: not near; at 13:00 it is 1 h of 6 h.
    expect(c.urgency).toBe('normal');
    const later = countdown(
      { now: wib('2026-03-16T13:00:00'), openedAt: '2026-03-16T01:00:00Z', dueAt: '2026-03-16T07:00:00Z' },
      calendar,
    );
    expect(later.urgency).toBe('near');
  });

  it('does not count the night: Monday 15:30 to Tuesday 08:00 leaves 1 working hour', () => {
    const c = countdown(
      {
        now: wib('2026-03-16T15:30:00'),
        openedAt: null,
        dueAt: new Date(wib('2026-03-17T08:00:00')).toISOString(),
      },
      calendar,
    );
    expect(c.remainingMs).toBe(60 * 60_000);
  });

  it('is breached past the limit, with the working time past it', () => {
    const c = countdown(
      { now: wib('2026-03-16T12:00:00'), openedAt: '2026-03-16T01:00:00Z', dueAt: '2026-03-16T04:00:00Z' },
      calendar,
    );
    expect(c.urgency).toBe('breached');
    expect(c.remainingMs).toBe(-3_600_000);
  });

  it('trusts the runtime breach flag and pauses postponed steps', () => {
    expect(
      countdown({ now: wib('2026-03-16T08:00:00'), dueAt: '2026-03-16T05:00:00Z', breached: true }, calendar)
        .urgency,
    ).toBe('breached');
    expect(countdown({ now: 0, dueAt: '2026-03-16T05:00:00Z', postponed: true }, calendar).urgency).toBe(
      'paused',
    );
    expect(countdown({ now: 0 }, calendar).urgency).toBe('none');
  });
});

describe('byDeadline', () => {
  it('sorts soonest limit first, steps without a limit last, then oldest', () => {
    const tasks = [
      { id: 'none', dueAt: null, openedAt: '2026-03-16T01:00:00Z' },
      { id: 'late', dueAt: '2026-03-17T01:00:00Z', openedAt: '2026-03-16T01:00:00Z' },
      { id: 'soon', dueAt: '2026-03-16T02:00:00Z', openedAt: '2026-03-16T01:00:00Z' },
      { id: 'none-older', dueAt: null, openedAt: '2026-03-15T01:00:00Z' },
    ];
    expect([...tasks].sort(byDeadline).map((t) => t.id)).toEqual(['soon', 'late', 'none-older', 'none']);
  });
});
