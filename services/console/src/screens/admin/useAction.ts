import type { Problem } from '@tatalaman/api-client';
import { useState } from 'react';
import { toProblem } from '../../api/problem';
import { t } from '../../i18n';

/**
 * Runs an admin action: its problem (shown near the form), a status message for screen
 * readers, and a busy flag so a double click does not send it twice.
 */
export function useAction() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  async function run<T>(work: () => Promise<T>, done?: string): Promise<T | undefined> {
    setBusy(true);
    setProblem(null);
    setMessage('');
    try {
      const value = await work();
      if (done) setMessage(done);
      return value;
    } catch (e) {
      setProblem(toProblem(e, t('problem.unknown')));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  /** Asks first (revoking, disabling), then runs the action and reloads what it changed. */
  async function confirmThenRun(
    question: string,
    work: () => Promise<unknown>,
    done: string,
    reload: () => Promise<unknown>,
  ): Promise<void> {
    if (!window.confirm(question)) return;
    await run(work, done);
    await reload();
  }
  return { problem, message, busy, run, confirmThenRun };
}
