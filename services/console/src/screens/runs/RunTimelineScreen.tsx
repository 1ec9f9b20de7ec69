import type { OfficeCalendar } from '@tatalaman/working-time';
import { durationToMinutes, workingMillisBetween } from '@tatalaman/working-time';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { officeCalendar } from '../../api/calendar';
import { officeOf, useMe } from '../../api/me';
import { actorName } from '../../components/Actor';
import { Link } from '../../components/Link';
import { Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { t, type MessageKey } from '../../i18n';
import { dateTime, workingDuration } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useNow } from '../../lib/use-now';
import type { RouteProps } from '../../app/routes';
import { decisionLabel } from '../tasks/task-text';
import { stepSpans } from './timeline';

interface StepInfo {
  number?: number;
  description?: string;
  kind?: string;
  time?: {
    limit: { amount: number; unit: 'minute' | 'hour' | 'day' | 'week' };
    calendar: boolean;
    text: string;
  } | null;
}

const RUN_STATUS: Record<string, MessageKey> = {
  running: 'runStatus.running',
  postponed: 'runStatus.postponed',
  completed: 'runStatus.completed',
  rejected: 'runStatus.rejected',
  cancelled: 'runStatus.cancelled',
};

/** What an event kind is called: a decision's name, or the runtime's word. */
function eventLabel(kind: string): string {
  const known: Record<string, MessageKey> = {
    opened: 'event.opened',
    completed: 'event.completed',
    approved: 'event.approved',
    'sent-back': 'event.sent-back',
    postponed: 'event.postponed',
    resumed: 'event.resumed',
    rejected: 'event.rejected',
    breached: 'event.breached',
    handoff: 'event.handoff',
    published: 'event.published',
    reminded: 'event.reminded',
    escalated: 'event.escalated',
    failed: 'event.failed',
    corrected: 'event.corrected',
    retracted: 'event.retracted',
  };
  return known[kind] ? t(known[kind]) : decisionLabel(kind);
}

/**
 * The run of an item step by step: who held each step, how long it took in working time
 * against its time standard, and every decision with its reason.
 */
export default function RunTimelineScreen({ office, params }: RouteProps) {
  const workflowId = params.workflowId!;
  const me = useMe();
  const timeZone = officeOf(me, office)?.timeZone ?? 'Asia/Jakarta';
  const [calendar, setCalendar] = useState<OfficeCalendar>();
  const now = useNow();
  useEffect(() => {
    void officeCalendar(office, timeZone).then(setCalendar);
  }, [office, timeZone]);

  const run = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/runs/{workflowId}', { params: { path: { office, workflowId } } }),
      ),
    [office, workflowId],
  );
  const steps = useAsync(async (): Promise<Record<string, StepInfo>> => {
    const r = run.data;
    if (!r) return {};
    const def = await call(
      api().GET('/api/v1/offices/{office}/sop-definitions/{key}/versions/{version}', {
        params: { path: { office, key: r.definition.key, version: r.definition.version } },
      }),
    ).catch(() => null);
    const flows = (
      def?.compiled as { flows?: Record<string, { steps: Record<string, StepInfo> }> } | undefined
    )?.flows;
    return flows?.[r.flowId]?.steps ?? {};
  }, [office, run.data?.definition.key, run.data?.definition.version, run.data?.flowId]);

  useEffect(() => {
    if (run.data?.status !== 'running') return;
    const timer = setInterval(() => void run.reload(), 10_000);
    return () => clearInterval(timer);
  }, [run.data?.status, run.reload]);

  return (
    <Loaded state={run}>
      {(r) => {
        const spans = stepSpans(r.history, r.open);
        return (
          <Page
            title={t('timeline.title', { title: r.item?.title ?? r.definition.title })}
            lead={
              r.item && (
                <Link href={`/${office}/konten/${r.item.id}`} className="back">
                  ← {r.item.title}
                </Link>
              )
            }
            actions={
              <button type="button" onClick={() => void run.reload()}>
                {t('common.refresh')}
              </button>
            }
          >
            <dl className="facts">
              <div>
                <dt>{t('timeline.sop')}</dt>
                <dd>
                  <Link href={`/${office}/sop/${encodeURIComponent(r.definition.key)}`}>
                    {r.definition.title} (v{r.definition.version})
                  </Link>
                </dd>
              </div>
              <div>
                <dt>{t('timeline.status')}</dt>
                <dd data-testid="run-status" data-status={r.status}>
                  {RUN_STATUS[r.status] ? t(RUN_STATUS[r.status]!) : r.status}
                  {r.outcome?.reason ? ` — ${r.outcome.reason}` : ''}
                </dd>
              </div>
              <div>
                <dt>{t('timeline.started')}</dt>
                <dd>{dateTime(r.startedAt, timeZone)}</dd>
              </div>
              {r.endedAt && (
                <div>
                  <dt>{t('timeline.ended')}</dt>
                  <dd>{dateTime(r.endedAt, timeZone)}</dd>
                </div>
              )}
            </dl>
            <ol className="timeline" data-testid="timeline">
              {spans.map((span) => {
                if (span.afterPublication)
                  return (
                    <li
                      key={`${span.stepId}#after`}
                      className="timeline-step"
                      data-testid="after-publication"
                    >
                      <h2 className="timeline-head">{t('timeline.afterPublication')}</h2>
                      <ul className="events">
                        {span.events.map((e) => (
                          <li key={e.seq}>
                            <time dateTime={e.at}>{dateTime(e.at, timeZone)}</time> — {eventLabel(e.kind)}
                            {e.actor && ` · ${actorName(e.actor)}`}
                            {e.onBehalfOf &&
                              ` (${t('timeline.forPerson', { name: actorName(e.onBehalfOf) })})`}
                            {` · ${e.role ?? t('timeline.asOfficeAdmin')}`}
                            {(e.reason ?? e.note) && <span className="muted"> · {e.reason ?? e.note}</span>}
                          </li>
                        ))}
                      </ul>
                    </li>
                  );
                const info = steps.data?.[span.stepId];
                const open = r.open.find((o) => o.stepId === span.stepId && o.attempt === span.attempt);
                const end = span.endedAt ? Date.parse(span.endedAt) : now;
                const taken =
                  span.workingMs ??
                  (calendar ? workingMillisBetween(Date.parse(span.openedAt), end, calendar) : null);
                const limitMs =
                  info?.time && calendar && !info.time.calendar
                    ? durationToMinutes(info.time.limit, calendar) * 60_000
                    : null;
                const over = taken !== null && limitMs !== null && taken > limitMs;
                return (
                  <li
                    key={`${span.stepId}#${span.attempt}`}
                    className={`timeline-step${open ? ' is-open' : ''}${over ? ' is-over' : ''}`}
                  >
                    <h2 className="timeline-head">
                      <span className="step-no">{info?.number ?? open?.number ?? ''}</span>{' '}
                      {info?.description ?? open?.description ?? span.stepId}
                      {span.attempt > 1 && (
                        <span className="muted small"> · {t('timeline.attempt', { n: span.attempt })}</span>
                      )}
                    </h2>
                    <p className="timeline-facts">
                      <span>
                        {open
                          ? t('timeline.waiting', { roles: open.roles.join(', ') })
                          : eventLabel(span.outcome)}
                        {span.actor && ` · ${actorName(span.actor)}`}
                        {span.onBehalfOf &&
                          ` (${t('timeline.forPerson', { name: actorName(span.onBehalfOf) })})`}
                        {span.role && ` · ${span.role}`}
                      </span>
                      <span>
                        {t('timeline.taken')}: {taken !== null ? workingDuration(taken, calendar) : '—'}
                        {info?.time && (
                          <>
                            {' '}
                            / {t('timeline.standard')}: {info.time.text}{' '}
                            <span className={`badge ${over ? 'urgency-breached' : 'urgency-normal'}`}>
                              {over ? t('timeline.over') : t('timeline.within')}
                            </span>
                          </>
                        )}
                      </span>
                    </p>
                    <ul className="events">
                      {span.events.map((e) => (
                        <li key={e.seq}>
                          <time dateTime={e.at}>{dateTime(e.at, timeZone)}</time> — {eventLabel(e.kind)}
                          {e.actor && ` · ${actorName(e.actor)}`}
                          {e.to && ` → ${e.to}`}
                          {e.reason && (
                            <span className="reason">
                              {' '}
                              · {t('timeline.reason')}: {e.reason}
                            </span>
                          )}
                          {e.note && <span className="muted"> · {e.note}</span>}
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ol>
          </Page>
        );
      }}
    </Loaded>
  );
}
