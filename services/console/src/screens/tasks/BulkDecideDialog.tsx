import type { Problem, Schemas } from '@tatalaman/api-client';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ProblemNote } from '../../components/ProblemNote';
import { currentLanguage, t } from '../../i18n';

interface Props {
  office: string;
  tasks: Schemas['Task'][];
  onClose: () => void;
  onDone: (message: string) => void;
}

/** One decision for several review steps; each task is accepted or refused on its own. */
export function BulkDecideDialog({ office, tasks, onClose, onDone }: Props) {
  const [decision, setDecision] = useState<'approve' | 'send-back'>('approve');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [refused, setRefused] = useState<{ title: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (decision === 'send-back' && !reason.trim()) {
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
      const result = await call(
        api().POST('/api/v1/offices/{office}/tasks/bulk-decision', {
          params: { path: { office }, header: once() },
          body: {
            taskIds: tasks.map((x) => x.taskId),
            decision,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      );
      const lang = currentLanguage();
      const refusals = result.results.flatMap((r) =>
        r.outcome === 'refused'
          ? [
              {
                title: tasks.find((x) => x.taskId === r.taskId)?.item?.title ?? r.taskId,
                message: r.error.message[lang],
              },
            ]
          : [],
      );
      if (refusals.length) setRefused(refusals);
      else onDone(t('bulk.done', { accepted: result.accepted, refused: result.refused }));
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('bulk.title', { count: tasks.length })} onClose={onClose}>
      <ul className="compact-list">
        {tasks.map((x) => (
          <li key={x.taskId}>
            {x.item?.title ?? x.workflowId} — {x.step.description ?? x.stepId}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('decide.decision')}</legend>
          {(['approve', 'send-back'] as const).map((d) => (
            <label key={d} className="radio">
              <input
                type="radio"
                name="bulk-decision"
                checked={decision === d}
                onChange={() => setDecision(d)}
              />{' '}
              {t(`decision.${d}`)}
            </label>
          ))}
        </fieldset>
        <Field
          label={t('decide.reason')}
          required={decision === 'send-back'}
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
            />
          )}
        </Field>
        {problem?.code !== 'reason-required' && <ProblemNote problem={problem} />}
        {refused.length > 0 && (
          <div className="problem" role="alert">
            <p className="problem-title">{t('bulk.refused')}</p>
            <ul>
              {refused.map((r, i) => (
                <li key={i}>
                  {r.title}: {r.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('decide.submit')}
          </button>
          <button type="button" onClick={refused.length ? () => onDone(t('bulk.partly')) : onClose}>
            {refused.length ? t('action.close') : t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
