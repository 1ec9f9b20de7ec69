import { useState } from 'react';
import { api, call } from '../../api/client';
import { actorName } from '../../components/Actor';
import { Loaded } from '../../components/Loading';
import { SideBySideDiff } from '../../components/SideBySideDiff';
import { t } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every revision of the item, and the changes between any two, side by side. */
export function RevisionsPanel({
  office,
  itemId,
  current,
  timeZone,
}: {
  office: string;
  itemId: string;
  current: number;
  timeZone: string;
}) {
  const [from, setFrom] = useState(Math.max(1, current - 1));
  const [to, setTo] = useState(current);
  const list = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/items/{itemId}/revisions', {
          params: { path: { office, itemId }, query: { limit: 100 } },
        }),
      ),
    [office, itemId, current],
  );
  const diff = useAsync(
    () =>
      from === to
        ? Promise.resolve(null)
        : call(
            api().GET('/api/v1/offices/{office}/items/{itemId}/diff', {
              params: { path: { office, itemId }, query: { from, to } },
            }),
          ),
    [office, itemId, from, to],
  );

  return (
    <section className="panel" aria-labelledby="revisions-title">
      <h2 id="revisions-title">{t('revisions.title')}</h2>
      <Loaded state={list}>
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('content.itemTitle')}</th>
                    <th scope="col">{t('content.author')}</th>
                    <th scope="col">{t('revisions.at')}</th>
                    <th scope="col">{t('revisions.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.revisions.map((r) => (
                    <tr key={r.revisionId}>
                      <td>{r.number}</td>
                      <td>{r.title}</td>
                      <td>{actorName(r.author)}</td>
                      <td>{dateTime(r.createdAt, timeZone)}</td>
                      <td>{r.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="filters">
              <label>
                {t('revisions.from')}
                <select
                  value={from}
                  onChange={(e) => setFrom(Number(e.target.value))}
                  data-testid="diff-from"
                >
                  {page.revisions.map((r) => (
                    <option key={r.number} value={r.number}>
                      {r.number}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('revisions.to')}
                <select value={to} onChange={(e) => setTo(Number(e.target.value))} data-testid="diff-to">
                  {page.revisions.map((r) => (
                    <option key={r.number} value={r.number}>
                      {r.number}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </>
        )}
      </Loaded>
      {from === to ? (
        <p className="muted">{t('revisions.same')}</p>
      ) : (
        <Loaded state={diff}>
          {(d) =>
            d && (
              <>
                {d.fields.length > 0 && (
                  <table className="table">
                    <caption>{t('revisions.fields')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('revisions.field')}</th>
                        <th scope="col">{t('revisions.old', { n: d.from })}</th>
                        <th scope="col">{t('revisions.new', { n: d.to })}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.fields.map((f) => (
                        <tr key={f.field}>
                          <th scope="row">{f.field}</th>
                          <td>
                            <del>{show(f.old)}</del>
                          </td>
                          <td>
                            <ins>{show(f.new)}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {d.body.changed ? (
                  <SideBySideDiff
                    ops={d.body.ops}
                    fromLabel={t('revisions.old', { n: d.from })}
                    toLabel={t('revisions.new', { n: d.to })}
                  />
                ) : (
                  <p className="muted">{t('revisions.bodySame')}</p>
                )}
              </>
            )
          }
        </Loaded>
      )}
    </section>
  );
}
