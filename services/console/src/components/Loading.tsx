import type { Problem } from '@tatalaman/api-client';
import type { ReactNode } from 'react';
import { t } from '../i18n';
import { ProblemNote } from './ProblemNote';

/** What a screen shows while its data loads, or when loading failed. */
export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('common.loading')}
    </p>
  );
}

/** Data, its loading state, or its problem: one place for the three. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: Problem | null; loading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (state.error && state.data === undefined) return <ProblemNote problem={state.error} />;
  if (state.data === undefined) return <Loading />;
  return (
    <>
      {state.error && <ProblemNote problem={state.error} />}
      {children(state.data)}
    </>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
