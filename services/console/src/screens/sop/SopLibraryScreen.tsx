import type { Problem } from '@tatalaman/api-client';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { can, officeOf, useMe } from '../../api/me';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Empty, Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote } from '../../components/ProblemNote';
import { SourceView } from '../../components/SourceView';
import { currentLanguage, t } from '../../i18n';
import { dateTime } from '../../lib/format';
import type { LineDiagnostic } from '../../lib/source-lines';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';

/** The findings of a `definition-invalid` problem, for the source view. */
function diagnosticsOf(problem: Problem): LineDiagnostic[] {
  const of = (list: Problem['errors'], severity: 'error' | 'warning') =>
    (list ?? []).map((e) => ({
      code: e.code,
      path: e.path,
      line: e.line,
      column: e.column,
      message: e.message,
      severity,
    }));
  return [...of(problem.errors, 'error'), ...of(problem.warnings, 'warning')];
}

/** The office's SOP definitions (its own and the platform's), and uploading a new one. */
export default function SopLibraryScreen({ office }: RouteProps) {
  const me = useMe();
  const myOffice = officeOf(me, office);
  const timeZone = myOffice?.timeZone ?? 'Asia/Jakarta';
  const admin = can(myOffice, 'office:admin');
  const [source, setSource] = useState('');
  const [fileName, setFileName] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [uploaded, setUploaded] = useState('');
  const [busy, setBusy] = useState(false);

  const list = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/sop-definitions', {
          params: { path: { office }, query: { limit: 100 } },
        }),
      ),
    [office],
  );

  async function upload(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setUploaded('');
    try {
      const result = await call(
        api().POST('/api/v1/offices/{office}/sop-definitions', {
          params: { path: { office }, header: once() },
          body: { source, ...(fileName ? { fileName } : {}) },
        }),
      );
      setUploaded(
        t(result.created ? 'sop.uploaded' : 'sop.uploadedSame', {
          key: result.definition.key,
          version: result.definition.version,
          warnings: result.warnings.length,
        }),
      );
      await list.reload();
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    } finally {
      setBusy(false);
    }
  }

  const findings = problem?.code === 'definition-invalid' ? diagnosticsOf(problem) : [];

  return (
    <Page title={t('sop.title')}>
      <Loaded state={list}>
        {(page) =>
          page.definitions.length === 0 ? (
            <Empty>{t('sop.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="sop-list">
                <thead>
                  <tr>
                    <th scope="col">{t('sop.name')}</th>
                    <th scope="col">{t('sop.key')}</th>
                    <th scope="col">{t('sop.versions')}</th>
                    <th scope="col">{t('sop.activeFor')}</th>
                    <th scope="col">{t('sop.uploadedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.definitions.map((d) => (
                    <tr key={d.key}>
                      <td>
                        <Link href={`/${office}/sop/${encodeURIComponent(d.key)}`}>{d.title}</Link>
                        <div className="muted small">
                          {d.reservedFor && d.reservedFor !== office
                            ? t('sop.templateOfOther')
                            : d.scope === 'platform'
                              ? t('sop.scopePlatform')
                              : t('sop.scopeOffice')}
                        </div>
                      </td>
                      <td>
                        <code>{d.key}</code>
                      </td>
                      <td>{d.versions.join(', ')}</td>
                      <td>
                        {d.activeFor.length
                          ? d.activeFor
                              .map(
                                (code) =>
                                  d.contentTypes.find((c) => c.code === code)?.name[currentLanguage()] ??
                                  code,
                              )
                              .join(', ')
                          : '—'}
                      </td>
                      <td>{dateTime(d.uploadedAt, timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {admin && (
        <section className="panel" aria-labelledby="upload-title">
          <h2 id="upload-title">{t('sop.upload')}</h2>
          <form onSubmit={(e) => void upload(e)} data-testid="sop-upload">
            <Field label={t('sop.file')} hint={t('sop.fileHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  type="file"
                  accept=".yaml,.yml,.json,text/yaml,application/json"
                  aria-describedby={describedBy}
                  data-testid="sop-file"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    if (!file) return;
                    setFileName(file.name);
                    setSource(await file.text());
                  }}
                />
              )}
            </Field>
            <Field label={t('sop.source')}>
              {({ id }) => (
                <textarea
                  id={id}
                  className="code"
                  rows={10}
                  spellCheck={false}
                  value={source}
                  onChange={(e) => setSource(e.target.value)}
                  data-testid="sop-source"
                />
              )}
            </Field>
            <button
              type="submit"
              className="primary"
              disabled={busy || !source.trim()}
              data-testid="sop-upload-submit"
            >
              {busy ? t('common.saving') : t('sop.uploadButton')}
            </button>
          </form>
          <p className="notice" role="status" hidden={!uploaded}>
            {uploaded}
          </p>
          <ProblemNote problem={problem} />
          {findings.length > 0 && (
            <>
              <h3>{t('sop.findings', { count: findings.length })}</h3>
              <SourceView source={source} diagnostics={findings} />
            </>
          )}
        </section>
      )}
    </Page>
  );
}
