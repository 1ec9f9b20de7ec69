import type { Schemas } from '@tatalaman/api-client';
import type { OfficeCalendar } from '@tatalaman/working-time';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { officeCalendar } from '../../api/calendar';
import { once } from '../../api/mutate';
import { officeOf, useMe } from '../../api/me';
import { toProblem } from '../../api/problem';
import { CountdownBadge } from '../../components/CountdownBadge';
import { Link } from '../../components/Link';
import { Empty, Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote } from '../../components/ProblemNote';
import { t } from '../../i18n';
import { byDeadline } from '../../lib/countdown';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useNow } from '../../lib/use-now';
import type { RouteProps } from '../../app/routes';
import { BulkDecideDialog } from './BulkDecideDialog';
import { DecideDialog } from './DecideDialog';
import { stepKindLabel, taskStatusLabel } from './task-text';

type Filter = 'all' | 'mine' | 'unclaimed' | 'breached';
const REFRESH_MS = 10_000;

/**
 * My tasks: the open steps of the SOP runs for the roles one holds (or holds for someone
 * away), soonest limit first, with the working time left. New tasks arrive from run
 * events: the list refreshes itself every few seconds.
 */
export function InboxScreen({ office }: RouteProps) {
  const me = useMe();
  const timeZone = officeOf(me, office)?.timeZone ?? 'Asia/Jakarta';
  const [filter, setFilter] = useState<Filter>('all');
  const [calendar, setCalendar] = useState<OfficeCalendar>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deciding, setDeciding] = useState<Schemas['Task'] | null>(null);
  const [bulk, setBulk] = useState(false);
  const [actionProblem, setActionProblem] = useState<Schemas['Problem'] | null>(null);
  const [notice, setNotice] = useState('');
  const now = useNow();
  const rendered = useRef(false);

  useEffect(() => {
    void officeCalendar(office, timeZone).then(setCalendar);
  }, [office, timeZone]);

  const inbox = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/inbox', {
          params: {
            path: { office },
            query: {
              limit: 200,
              ...(filter === 'mine' ? { claimedByMe: 'true' as const } : {}),
              ...(filter === 'unclaimed' ? { claimed: 'false' as const } : {}),
              ...(filter === 'breached' ? { breached: 'true' as const } : {}),
            },
          },
        }),
      ),
    [office, filter],
  );

  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden && !deciding && !bulk) void inbox.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [inbox.reload, deciding, bulk]);

  const tasks = useMemo(() => [...(inbox.data?.tasks ?? [])].sort(byDeadline), [inbox.data]);

  useEffect(() => {
    // The benchmark's finish line (test/bench/console.bench.ts): the first list on screen.
    if (inbox.data && !rendered.current) {
      rendered.current = true;
      performance.mark('tl:inbox-rendered');
    }
  }, [inbox.data]);

  const reviewIds = tasks.filter((x) => x.step.kind === 'review' && x.status === 'open').map((x) => x.taskId);
  const selectedTasks = tasks.filter((x) => selected.has(x.taskId));

  function toggle(taskId: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(taskId)) next.delete(taskId);
      else next.add(taskId);
      return next;
    });
  }

  async function claim(task: Schemas['Task'], release = false) {
    setActionProblem(null);
    try {
      if (release) {
        await call(
          api().POST('/api/v1/offices/{office}/tasks/{taskId}/release', {
            params: { path: { office, taskId: task.taskId }, header: once() },
            body: {},
          }),
        );
      } else {
        await call(
          api().POST('/api/v1/offices/{office}/tasks/{taskId}/claim', {
            params: { path: { office, taskId: task.taskId }, header: once() },
          }),
        );
      }
      setNotice(release ? t('inbox.released') : t('inbox.claimed'));
      await inbox.reload();
    } catch (e) {
      setActionProblem(toProblem(e, t('problem.unknown')));
    }
  }

  const myId = me?.id;

  return (
    <Page
      title={t('inbox.title')}
      actions={
        <>
          <button type="button" onClick={() => void inbox.reload()} data-testid="inbox-refresh">
            {t('common.refresh')}
          </button>
          {selected.size > 0 && (
            <button type="button" className="primary" onClick={() => setBulk(true)} data-testid="bulk-decide">
              {t('inbox.bulk', { count: selected.size })}
            </button>
          )}
        </>
      }
    >
      <div className="toolbar" role="group" aria-label={t('inbox.filter')}>
        {(['all', 'mine', 'unclaimed', 'breached'] as const).map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(`inbox.filter.${f}`)}
          </button>
        ))}
      </div>
      <p className="notice" role="status" aria-live="polite" data-testid="notice" hidden={!notice}>
        {notice}
      </p>
      <ProblemNote problem={actionProblem} />
      <Loaded state={inbox}>
        {() =>
          tasks.length === 0 ? (
            <Empty>{t('inbox.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table inbox" data-testid="inbox">
                <caption className="visually-hidden">{t('inbox.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('inbox.selectAll')}
                        checked={reviewIds.length > 0 && reviewIds.every((id) => selected.has(id))}
                        disabled={reviewIds.length === 0}
                        onChange={(e) => setSelected(new Set(e.target.checked ? reviewIds : []))}
                      />
                    </th>
                    <th scope="col">{t('inbox.item')}</th>
                    <th scope="col">{t('inbox.step')}</th>
                    <th scope="col">{t('inbox.deadline')}</th>
                    <th scope="col">{t('inbox.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task) => {
                    const title = task.item?.title ?? task.definition.title ?? task.workflowId;
                    const claimedByMe = task.claim?.userId === myId;
                    return (
                      <tr key={task.taskId} data-step={task.stepId} data-task={task.taskId}>
                        <td>
                          {task.step.kind === 'review' && task.status === 'open' && (
                            <input
                              type="checkbox"
                              aria-label={t('inbox.select', { title })}
                              checked={selected.has(task.taskId)}
                              onChange={() => toggle(task.taskId)}
                            />
                          )}
                        </td>
                        <td>
                          {task.item ? (
                            <Link href={`/${office}/konten/${task.item.id}`}>{title}</Link>
                          ) : (
                            title
                          )}
                          <div className="muted small">{task.definition.title ?? task.definition.key}</div>
                        </td>
                        <td>
                          <span className="step-no">{task.step.number ?? ''}</span>{' '}
                          {task.step.description ?? task.stepId}
                          <div className="muted small">
                            {stepKindLabel(task.step.kind)} ·{' '}
                            {task.myRoles
                              .map((r) =>
                                r.onBehalfOf
                                  ? t('inbox.onBehalfOf', { role: r.role, name: r.onBehalfOf.name ?? '' })
                                  : r.role,
                              )
                              .join(', ')}
                          </div>
                          {task.cause.kind === 'sent-back' && task.cause.reason && (
                            <div className="cause">
                              {t('inbox.sentBack')}: {task.cause.reason}
                            </div>
                          )}
                        </td>
                        <td>
                          <CountdownBadge
                            calendar={calendar}
                            input={{
                              now,
                              openedAt: task.openedAt ?? null,
                              dueAt: task.dueAt ?? null,
                              breached: task.breached,
                              postponed: task.status === 'postponed',
                            }}
                          />
                          <div className="muted small">
                            {task.dueAt ? dateTime(task.dueAt, timeZone) : ''}
                            {task.timeStandard ? ` · ${task.timeStandard}` : ''}
                          </div>
                        </td>
                        <td>
                          {taskStatusLabel(task.status)}
                          {task.claim && (
                            <div className="muted small">
                              {claimedByMe
                                ? t('inbox.claimedByMe')
                                : t('inbox.claimedBy', { name: task.claim.name ?? '' })}
                            </div>
                          )}
                        </td>
                        <td className="actions">
                          {task.status === 'open' && !task.claim && (
                            <button type="button" onClick={() => void claim(task)}>
                              {t('inbox.claim')}
                            </button>
                          )}
                          {claimedByMe && task.status === 'open' && (
                            <button type="button" onClick={() => void claim(task, true)}>
                              {t('inbox.release')}
                            </button>
                          )}
                          {(task.status === 'open' || task.status === 'postponed') && (
                            <button
                              type="button"
                              className="primary"
                              onClick={() => setDeciding(task)}
                              data-testid="decide"
                            >
                              {t('inbox.decide')}
                            </button>
                          )}
                          <Link href={`/${office}/proses/${encodeURIComponent(task.workflowId)}`}>
                            {t('inbox.timeline')}
                          </Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {deciding && (
        <DecideDialog
          office={office}
          task={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(message) => {
            setDeciding(null);
            setNotice(message);
            void inbox.reload();
          }}
        />
      )}
      {bulk && (
        <BulkDecideDialog
          office={office}
          tasks={selectedTasks}
          onClose={() => setBulk(false)}
          onDone={(message) => {
            setBulk(false);
            setSelected(new Set());
            setNotice(message);
            void inbox.reload();
          }}
        />
      )}
    </Page>
  );
}
