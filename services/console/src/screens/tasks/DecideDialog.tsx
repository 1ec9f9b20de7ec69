import type { Problem, Schemas } from '@tatalaman/api-client';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { actorName } from '../../components/Actor';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ProblemNote } from '../../components/ProblemNote';
import { t } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { NEEDS_REASON, decisionLabel, fallbackDecisions, type DecisionKind } from './task-text';

interface Props {
  office: string;
  task: Schemas['Task'];
  onClose: () => void;
  onDecided: (message: string) => void;
}

/**
 * Deciding one step: the decisions the step allows now (from the run), a reason where the
 * runtime needs one, a note; the run's comments beside it, and a new comment.
 */
export function DecideDialog({ office, task, onClose, onDecided }: Props) {
  const [decision, setDecision] = useState<DecisionKind | ''>('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [role, setRole] = useState(task.myRoles[0]?.role ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');

  const run = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/runs/{workflowId}', {
          params: { path: { office, workflowId: task.workflowId } },
        }),
      ),
    [office, task.workflowId],
  );
  const comments = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/runs/{workflowId}/comments', {
          params: { path: { office, workflowId: task.workflowId } },
        }),
      ),
    [office, task.workflowId],
  );

  const open = run.data?.open.find((o) => o.stepId === task.stepId);
  const allowed: DecisionKind[] = open?.allowed.length
    ? open.allowed
    : run.error
      ? fallbackDecisions(task)
      : [];
  const needsReason = decision !== '' && NEEDS_REASON.has(decision);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!decision) return;
    if (needsReason && !reason.trim()) {
      setProblem({
        type: 'about:blank',
        title: t('decide.reasonRequired'),
        status: 0,
        code: 'reason-required',
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await call(
        api().POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
          params: { path: { office, taskId: task.taskId }, header: once() },
          body: {
            decision,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(task.myRoles.length > 1 && role ? { role } : {}),
          },
        }),
      );
      onDecided(t('decide.done', { decision: decisionLabel(decision) }));
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    } finally {
      setBusy(false);
    }
  }

  async function addComment(e: FormEvent) {
    e.preventDefault();
    if (!comment.trim()) return;
    try {
      await call(
        api().POST('/api/v1/offices/{office}/runs/{workflowId}/comments', {
          params: { path: { office, workflowId: task.workflowId }, header: once() },
          body: { body: comment.trim(), taskId: task.taskId },
        }),
      );
      setComment('');
      await comments.reload();
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    }
  }

  const title = task.item?.title ?? task.definition.title ?? task.workflowId;
  return (
    <Dialog title={t('decide.title', { title })} onClose={onClose} wide>
      <p>
        <strong>
          {task.step.number} · {task.step.description ?? task.stepId}
        </strong>
      </p>
      {task.cause.reason && (
        <p className="cause">
          {t('inbox.sentBack')}: {task.cause.reason}
        </p>
      )}
      <div className="split">
        <form onSubmit={(e) => void submit(e)} className="decide-form" data-testid="decide-form">
          <fieldset>
            <legend>{t('decide.decision')}</legend>
            {run.loading && !run.data && !run.error && <p className="loading">{t('common.loading')}</p>}
            {allowed.map((d) => (
              <label key={d} className="radio">
                <input
                  type="radio"
                  name="decision"
                  value={d}
                  checked={decision === d}
                  onChange={() => setDecision(d)}
                  data-testid={`decision-${d}`}
                />{' '}
                {decisionLabel(d)}
              </label>
            ))}
            {run.data && allowed.length === 0 && <p>{t('decide.nothingAllowed')}</p>}
          </fieldset>
          {task.myRoles.length > 1 && (
            <Field label={t('decide.role')}>
              {({ id }) => (
                <select id={id} value={role} onChange={(e) => setRole(e.target.value)}>
                  {task.myRoles.map((r) => (
                    <option key={r.role} value={r.role}>
                      {r.onBehalfOf
                        ? t('inbox.onBehalfOf', { role: r.role, name: r.onBehalfOf.name ?? '' })
                        : r.role}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            label={t('decide.reason')}
            required={needsReason}
            hint={t('decide.reasonHint')}
            error={problem?.code === 'reason-required' ? problem.title : undefined}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                data-testid="decide-reason"
              />
            )}
          </Field>
          <Field label={t('decide.note')}>
            {({ id }) => <textarea id={id} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          {problem?.code !== 'reason-required' && <ProblemNote problem={problem} />}
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={!decision || busy}
              data-testid="decide-submit"
            >
              {busy ? t('common.saving') : t('decide.submit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
        <section className="comments" aria-labelledby="comments-title">
          <h3 id="comments-title">{t('comments.title')}</h3>
          {comments.data?.comments.length === 0 && <p className="muted">{t('comments.empty')}</p>}
          <ol className="comment-list">
            {comments.data?.comments.map((c) => (
              <li key={c.commentId}>
                <p className="muted small">
                  {actorName(c.author)} · {dateTime(c.createdAt, 'Asia/Jakarta')}
                  {c.stepId ? ` · ${c.stepId}` : ''}
                </p>
                <p>{c.body}</p>
              </li>
            ))}
          </ol>
          <form onSubmit={(e) => void addComment(e)}>
            <Field label={t('comments.add')}>
              {({ id }) => (
                <textarea
                  id={id}
                  rows={2}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  data-testid="comment"
                />
              )}
            </Field>
            <button type="submit" disabled={!comment.trim()}>
              {t('comments.send')}
            </button>
          </form>
        </section>
      </div>
    </Dialog>
  );
}
