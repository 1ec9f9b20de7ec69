import { annotateSource, linesNear, type LineDiagnostic } from '../lib/source-lines';
import { t } from '../i18n';

/**
 * Uploaded text with the validator's findings under the lines they point at. Long texts
 * show only the lines around the findings.
 */
export function SourceView({
  source,
  diagnostics,
}: {
  source: string;
  diagnostics: readonly LineDiagnostic[];
}) {
  const lines = annotateSource(source, diagnostics);
  const keep = lines.length > 60 ? linesNear(lines, 3) : null;
  let skipped = false;
  return (
    <ol className="source" data-testid="source-view" aria-label={t('source.label')}>
      {lines.map((line) => {
        if (keep && !keep.has(line.number)) {
          if (skipped) return null;
          skipped = true;
          return (
            <li key={line.number} className="source-gap" aria-hidden="true">
              …
            </li>
          );
        }
        skipped = false;
        const worst = line.diagnostics.some((d) => d.severity === 'error')
          ? 'error'
          : line.diagnostics.length
            ? 'warning'
            : '';
        return (
          <li
            key={line.number}
            value={line.number}
            className={`source-line ${worst}`}
            data-line={line.number}
          >
            <span className="line-no" aria-hidden="true">
              {line.number}
            </span>
            <code>{line.text || ' '}</code>
            {line.diagnostics.map((d, i) => (
              <p
                key={i}
                className={`diagnostic ${d.severity}`}
                data-testid="diagnostic"
                data-line={line.number}
              >
                <strong>
                  {t(d.severity === 'error' ? 'source.error' : 'source.warning', {
                    line: line.number,
                    column: d.column ?? 1,
                  })}
                </strong>{' '}
                {d.message}
                {d.code && <span className="muted small"> ({d.code})</span>}
              </p>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
