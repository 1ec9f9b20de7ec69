import type { Problem } from '@tatalaman/api-client';
import { useEffect, useState, type FormEvent } from 'react';
import { api, call, raw } from '../../api/client';
import { can, officeOf, useMe } from '../../api/me';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { Link } from '../../components/Link';
import { Loaded, Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote } from '../../components/ProblemNote';
import { currentLanguage, t, useLanguage } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';

type View = 'diagram' | 'sheet' | 'source' | 'diff' | 'activate';

/** One definition: its versions, the swimlane diagram, the sheet, the source, diffs, activation. */
export default function SopDetailScreen({ office, params }: RouteProps) {
  const key = params.key!;
  const me = useMe();
  const myOffice = officeOf(me, office);
  const admin = can(myOffice, 'office:admin');
  const timeZone = myOffice?.timeZone ?? 'Asia/Jakarta';
  const [view, setView] = useState<View>('diagram');
  const [version, setVersion] = useState<number | null>(null);

  const versions = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/sop-definitions/{key}/versions', {
          params: { path: { office, key } },
        }),
      ).then((v) => {
        setVersion((cur) => cur ?? Math.max(...v.versions.map((x) => x.version)));
        return v;
      }),
    [office, key],
  );

  const views: View[] = ['diagram', 'sheet', 'source', 'diff', ...(admin ? (['activate'] as const) : [])];

  return (
    <Loaded state={versions}>
      {(v) => {
        const chosen = v.versions.find((x) => x.version === version) ?? v.versions[v.versions.length - 1];
        return (
          <Page
            title={chosen?.title ?? key}
            lead={
              <Link href={`/${office}/sop`} className="back">
                ← {t('sop.title')}
              </Link>
            }
          >
            <div className="filters">
              <label>
                {t('sop.version')}
                <select
                  value={version ?? ''}
                  onChange={(e) => setVersion(Number(e.target.value))}
                  data-testid="sop-version"
                >
                  {v.versions.map((x) => (
                    <option key={x.version} value={x.version}>
                      v{x.version} · {dateTime(x.uploadedAt, timeZone)}
                      {x.activeFor.length ? ` · ${t('sop.active')}` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <p className="muted">
                <code>{key}</code> ·{' '}
                {chosen?.flows.map((f) => `${f.title} (${t('sop.steps', { count: f.steps })})`).join(', ')}
              </p>
            </div>
            <div className="tabs" role="tablist" aria-label={t('sop.views')}>
              {views.map((x) => (
                <button
                  key={x}
                  type="button"
                  role="tab"
                  id={`sop-tab-${x}`}
                  aria-selected={view === x}
                  aria-controls="sop-panel"
                  tabIndex={view === x ? 0 : -1}
                  onClick={() => setView(x)}
                  onKeyDown={(e) => {
                    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                    const i = views.indexOf(x);
                    const next = views[(i + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length]!;
                    setView(next);
                    document.getElementById(`sop-tab-${next}`)?.focus();
                  }}
                >
                  {t(`sop.view.${x}`)}
                </button>
              ))}
            </div>
            <div role="tabpanel" id="sop-panel" aria-labelledby={`sop-tab-${view}`}>
              {chosen && view === 'diagram' && (
                <Diagram office={office} defKey={key} version={chosen.version} />
              )}
              {chosen && view === 'sheet' && <Sheet office={office} defKey={key} version={chosen.version} />}
              {chosen && view === 'source' && (
                <Source office={office} defKey={key} version={chosen.version} />
              )}
              {chosen && view === 'diff' && (
                <Diff office={office} defKey={key} versions={v.versions.map((x) => x.version)} />
              )}
              {chosen && view === 'activate' && chosen.reservedFor && chosen.reservedFor !== office && (
                <p className="notice" data-testid="sop-reserved">
                  {t('sop.reservedNote')}
                </p>
              )}
              {chosen && view === 'activate' && !(chosen.reservedFor && chosen.reservedFor !== office) && (
                <Activate
                  office={office}
                  defKey={key}
                  version={chosen.version}
                  types={chosen.contentTypes.map((c) => ({ code: c.code, name: c.name[currentLanguage()] }))}
                  onDone={() => void versions.reload()}
                />
              )}
            </div>
          </Page>
        );
      }}
    </Loaded>
  );
}

/** The registry's swimlane SVG, as an image (nothing in it runs), in the current language. */
function Diagram({ office, defKey, version }: { office: string; defKey: string; version: number }) {
  const language = useLanguage();
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    raw(
      `/api/v1/offices/${office}/sop-definitions/${encodeURIComponent(defKey)}/versions/${version}/diagram?lang=${language}`,
    )
      .then((r) => r.blob())
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((e) => setProblem(toProblem(e, t('problem.unknown'))));
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [office, defKey, version, language]);
  if (problem) return <ProblemNote problem={problem} />;
  if (!url) return <Loading />;
  return (
    <div className="diagram">
      <img src={url} alt={t('sop.diagramAlt', { key: defKey, version })} data-testid="sop-diagram" />
    </div>
  );
}

/** The printable sheet (HTML) in a sandboxed frame. */
function Sheet({ office, defKey, version }: { office: string; defKey: string; version: number }) {
  const language = useLanguage();
  const sheet = useAsync(
    () =>
      raw(
        `/api/v1/offices/${office}/sop-definitions/${encodeURIComponent(defKey)}/versions/${version}/sheet?lang=${language}`,
      ).then((r) => r.text()),
    [office, defKey, version, language],
  );
  return (
    <Loaded state={sheet}>
      {(html) => (
        <iframe
          className="sheet-frame"
          sandbox=""
          srcDoc={html}
          title={t('sop.sheetTitle', { key: defKey, version })}
        />
      )}
    </Loaded>
  );
}

function Source({ office, defKey, version }: { office: string; defKey: string; version: number }) {
  const def = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/sop-definitions/{key}/versions/{version}', {
          params: { path: { office, key: defKey, version } },
        }),
      ),
    [office, defKey, version],
  );
  return <Loaded state={def}>{(d) => <pre className="code-block">{d.source}</pre>}</Loaded>;
}

function Diff({ office, defKey, versions }: { office: string; defKey: string; versions: number[] }) {
  const [from, setFrom] = useState(versions.length > 1 ? versions[versions.length - 2]! : versions[0]!);
  const [to, setTo] = useState(versions[versions.length - 1]!);
  const diff = useAsync(
    () =>
      from === to
        ? Promise.resolve(null)
        : call(
            api().GET('/api/v1/offices/{office}/sop-definitions/{key}/diff', {
              params: { path: { office, key: defKey }, query: { from, to } },
            }),
          ),
    [office, defKey, from, to],
  );
  return (
    <div>
      <div className="filters">
        <label>
          {t('revisions.from')}
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {versions.map((x) => (
              <option key={x} value={x}>
                v{x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('revisions.to')}
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {versions.map((x) => (
              <option key={x} value={x}>
                v{x}
              </option>
            ))}
          </select>
        </label>
      </div>
      {from === to ? (
        <p className="muted">{t('sop.diffSame')}</p>
      ) : (
        <Loaded state={diff}>
          {(d) =>
            d && (
              <>
                <p>{t('sop.diffCounts', { added: d.text.added, removed: d.text.removed })}</p>
                {d.changes.length > 0 && (
                  <ul className="compact-list">
                    {d.changes.map((c, i) => (
                      <li key={i}>
                        <strong>{t(`change.${c.change}`)}</strong> {c.entity} <code>{c.id}</code>
                        {c.fields?.length ? `: ${c.fields.map((f) => f.field).join(', ')}` : ''}
                      </li>
                    ))}
                  </ul>
                )}
                <pre className="code-block unified" data-testid="sop-diff">
                  {d.text.unified.split('\n').map((line, i) => {
                    const cls =
                      line.startsWith('+') && !line.startsWith('+++')
                        ? 'add'
                        : line.startsWith('-') && !line.startsWith('---')
                          ? 'del'
                          : '';
                    return (
                      <span key={i} className={cls}>
                        {line}
                        {'\n'}
                      </span>
                    );
                  })}
                </pre>
              </>
            )
          }
        </Loaded>
      )}
    </div>
  );
}

function Activate({
  office,
  defKey,
  version,
  types,
  onDone,
}: {
  office: string;
  defKey: string;
  version: number;
  types: { code: string; name: string }[];
  onDone: () => void;
}) {
  const [chosen, setChosen] = useState<Set<string>>(new Set(types.map((x) => x.code)));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    try {
      const result = await call(
        api().POST('/api/v1/offices/{office}/sop-activations', {
          params: { path: { office }, header: once() },
          body: { key: defKey, version, contentTypes: [...chosen], ...(note ? { note } : {}) },
        }),
      );
      setDone(t('sop.activated', { version, count: result.activation.contentTypes.length }));
      onDone();
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('sop.activateFor')}</legend>
        {types.map((x) => (
          <label key={x.code} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(x.code)}
              onChange={(e) =>
                setChosen((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(x.code);
                  else next.delete(x.code);
                  return next;
                })
              }
            />{' '}
            {x.name}
          </label>
        ))}
      </fieldset>
      <label className="stacked">
        {t('sop.activateNote')}
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ProblemNote problem={problem} />
      <p className="notice" role="status" hidden={!done}>
        {done}
      </p>
      <button type="submit" className="primary" disabled={chosen.size === 0}>
        {t('sop.activate', { version })}
      </button>
    </form>
  );
}
