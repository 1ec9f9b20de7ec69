import type { Schemas } from '@tatalaman/api-client';
import { useEffect, useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { forgetCalendar } from '../../api/calendar';
import { once } from '../../api/mutate';
import { Field } from '../../components/Field';
import { Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote } from '../../components/ProblemNote';
import { Status } from '../../components/Status';
import { t, type MessageKey } from '../../i18n';
import { dateOnly, zoneLabel } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { dayBreaks, moveDayBounds } from '../../lib/working-day';
import type { RouteProps } from '../../app/routes';
import { useAction } from './useAction';

type Calendar = Schemas['OfficeCalendar'];
type Weekday = '1' | '2' | '3' | '4' | '5' | '6' | '7';
const WEEKDAYS: Weekday[] = ['1', '2', '3', '4', '5', '6', '7'];
const HOLIDAY_KINDS: Record<string, MessageKey> = {
  national: 'calendar.kind.national',
  'cuti-bersama': 'calendar.kind.cuti-bersama',
  office: 'calendar.kind.office',
};

/** The office's working hours and holidays: the clock every time standard runs on. */
export default function CalendarScreen({ office }: RouteProps) {
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/calendar', {
          params: { path: { office }, query: { year } },
        }),
      ),
    [office, year],
  );
  const action = useAction();
  const [hours, setHours] = useState<Calendar['workingHours'] | null>(null);
  const [overrides, setOverrides] = useState<Calendar['holidayOverrides']>([]);
  const [holiday, setHoliday] = useState({ date: '', name: '' });

  useEffect(() => {
    if (!calendar.data) return;
    setHours(calendar.data.workingHours);
    setOverrides(calendar.data.holidayOverrides);
  }, [calendar.data]);

  async function save(nextOverrides = overrides, e?: FormEvent) {
    e?.preventDefault();
    if (!hours || !calendar.data) return;
    const ok = await action.run(
      () =>
        call(
          api().PUT('/api/v1/offices/{office}/calendar', {
            params: { path: { office }, header: once() },
            body: {
              workingHours: hours,
              holidayOverrides: nextOverrides,
              extraWorkingDays: calendar.data!.extraWorkingDays,
            },
          }),
        ),
      t('common.saved'),
    );
    if (ok) {
      forgetCalendar(office);
      await calendar.reload();
    }
  }

  function setDay(day: Weekday, field: 'start' | 'end', value: string) {
    if (hours) setHours({ ...hours, [day]: moveDayBounds(hours[day], field, value) });
  }

  return (
    <Page
      title={t('calendar.title')}
      actions={
        <label>
          {t('calendar.year')}{' '}
          <input
            type="number"
            min={2000}
            max={2100}
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
            className="narrow"
          />
        </label>
      }
    >
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      <Loaded state={calendar}>
        {(cal) => (
          <>
            <p className="muted">
              {t('calendar.zone')}: {zoneLabel(cal.timeZone)} ({cal.timeZone})
            </p>
            <form onSubmit={(e) => void save(overrides, e)} className="panel">
              <h2>{t('calendar.hours')}</h2>
              <table className="table narrow-table">
                <thead>
                  <tr>
                    <th scope="col">{t('calendar.day')}</th>
                    <th scope="col">{t('calendar.start')}</th>
                    <th scope="col">{t('calendar.end')}</th>
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAYS.map((d) => {
                    const intervals = hours?.[d] ?? [];
                    const first = intervals[0];
                    const last = intervals[intervals.length - 1];
                    const dayName = t(`calendar.weekday.${d}`);
                    return (
                      <tr key={d}>
                        <th scope="row">{dayName}</th>
                        <td>
                          <input
                            type="time"
                            aria-label={t('calendar.startOf', { day: dayName })}
                            value={first?.start ?? ''}
                            onChange={(e) => setDay(d, 'start', e.target.value)}
                          />
                        </td>
                        <td>
                          <input
                            type="time"
                            aria-label={t('calendar.endOf', { day: dayName })}
                            value={last?.end ?? ''}
                            onChange={(e) => setDay(d, 'end', e.target.value)}
                          />
                          {intervals.length > 1 && (
                            <span className="hint">
                              {' '}
                              {t('calendar.breaks', {
                                breaks: dayBreaks(intervals).join(', '),
                              })}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p className="hint">{t('calendar.hoursHint')}</p>
              <button type="submit" className="primary" disabled={action.busy}>
                {t('common.save')}
              </button>
            </form>
            <section className="panel" aria-labelledby="holidays">
              <h2 id="holidays">{t('calendar.holidays', { year: cal.year })}</h2>
              <ul className="compact-list">
                {cal.holidays.map((h) => (
                  <li key={`${h.date}-${h.name}`}>
                    <time dateTime={h.date}>{dateOnly(h.date)}</time> — {h.name}{' '}
                    <span className="muted small">
                      ({t(HOLIDAY_KINDS[h.kind] ?? 'calendar.kind.office')})
                    </span>
                    {h.kind === 'office' && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          const next = overrides.filter((o) => !(o.action === 'add' && o.date === h.date));
                          setOverrides(next);
                          void save(next);
                        }}
                      >
                        {t('common.delete')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <form
                className="grid-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const next = [
                    ...overrides,
                    {
                      action: 'add' as const,
                      date: holiday.date,
                      name: holiday.name,
                      kind: 'office' as const,
                    },
                  ];
                  setOverrides(next);
                  setHoliday({ date: '', name: '' });
                  void save(next);
                }}
              >
                <Field label={t('calendar.date')} required>
                  {({ id }) => (
                    <input
                      id={id}
                      type="date"
                      required
                      value={holiday.date}
                      onChange={(e) => setHoliday({ ...holiday, date: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('calendar.holidayName')} required>
                  {({ id }) => (
                    <input
                      id={id}
                      required
                      value={holiday.name}
                      onChange={(e) => setHoliday({ ...holiday, name: e.target.value })}
                    />
                  )}
                </Field>
                <button type="submit" disabled={action.busy}>
                  {t('calendar.addHoliday')}
                </button>
              </form>
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
