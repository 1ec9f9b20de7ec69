import { useState } from 'react';
import { api, call } from '../../api/client';
import { actorName } from '../../components/Actor';
import { Empty, Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Who changed what in the office, newest first. */
export default function AuditScreen({ office }: RouteProps) {
  const [entity, setEntity] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const audit = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/audit', {
          params: {
            path: { office },
            query: {
              limit: 50,
              ...(entity ? { entity } : {}),
              ...(cursors.length ? { cursor: cursors[cursors.length - 1] } : {}),
            },
          },
        }),
      ),
    [office, entity, cursors],
  );
  return (
    <Page title={t('audit.title')}>
      <label>
        {t('audit.entity')}{' '}
        <input
          value={entity}
          onChange={(e) => {
            setCursors([]);
            setEntity(e.target.value.trim());
          }}
        />
      </label>
      <Loaded state={audit}>
        {(page) =>
          page.entries.length === 0 ? (
            <Empty>{t('audit.empty')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('revisions.at')}</th>
                      <th scope="col">{t('audit.actor')}</th>
                      <th scope="col">{t('audit.action')}</th>
                      <th scope="col">{t('audit.entity')}</th>
                      <th scope="col">{t('audit.changes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.entries.map((e) => (
                      <tr key={e.id}>
                        <td>{dateTime(e.occurredAt, 'Asia/Jakarta')}</td>
                        <td>{actorName(e.actor)}</td>
                        <td>{e.action}</td>
                        <td>
                          {e.service}/{e.entity}
                          <div className="muted small">
                            <code>{e.entityId}</code>
                          </div>
                        </td>
                        <td>
                          <ul className="compact-list">
                            {e.changes.slice(0, 6).map((c) => (
                              <li key={c.field}>
                                <code>{c.field}</code>: {show(c.old)} → {show(c.new)}
                              </li>
                            ))}
                            {e.changes.length > 6 && (
                              <li>{t('audit.more', { count: e.changes.length - 6 })}</li>
                            )}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                {cursors.length > 0 && (
                  <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
                    {t('common.previous')}
                  </button>
                )}
                {page.nextCursor && (
                  <button type="button" onClick={() => setCursors((c) => [...c, page.nextCursor!])}>
                    {t('audit.older')}
                  </button>
                )}
              </div>
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
