import { useCallback, useEffect, useRef, useState } from 'react';
import type { Problem } from '@tatalaman/api-client';
import { t, useLanguage } from '../i18n';
import { toProblem } from '../api/problem';

export interface AsyncState<T> {
  data: T | undefined;
  error: Problem | null;
  loading: boolean;
  /** Loads again; the current data stays on screen meanwhile. */
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

/**
 * Loads data for a screen: again when `deps` change or the language changes (problem
 * messages and server-made labels are in the request's language). Stale answers of a
 * previous load are ignored.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const language = useLanguage();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const run = useCallback(load, [...deps, language]);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine === seq.current) {
        setData(value);
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(toProblem(e, t('problem.unknown')));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}
