import type { Problem } from '@tatalaman/api-client';
import { t } from '../i18n';

/**
 * A problem+json answer shown where it happened (near the form), never as an alert box:
 * its title, detail and the fields it names. `id` lets inputs point at it.
 */
export function ProblemNote({ problem, id }: { problem: Problem | null | undefined; id?: string }) {
  if (!problem) return null;
  const fieldErrors = (problem.errors ?? []).filter((e) => !e.line);
  return (
    <div className="problem" role="alert" id={id} data-problem-code={problem.code}>
      <p className="problem-title">{problem.title}</p>
      {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((e, i) => (
            <li key={i}>
              {e.pointer || e.parameter ? (
                <code>{(e.pointer ?? e.parameter ?? '').replace(/^#\//, '')}</code>
              ) : null}{' '}
              {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem.instance && (
        <p className="problem-ref">
          {t('problem.reference')}: <code>{problem.instance}</code>
        </p>
      )}
    </div>
  );
}

/** The message of a field named by a problem's `errors[].pointer` (`#/title`). */
export function fieldError(problem: Problem | null | undefined, pointer: string): string | undefined {
  return problem?.errors?.find((e) => e.pointer === `#/${pointer}` || e.pointer?.startsWith(`#/${pointer}/`))
    ?.message;
}
