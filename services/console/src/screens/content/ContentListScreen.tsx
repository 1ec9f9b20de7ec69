import { useState } from 'react';
import { api, call } from '../../api/client';
import { can, officeOf, useMe } from '../../api/me';
import { actorName } from '../../components/Actor';
import { Link } from '../../components/Link';
import { Empty, Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';
import { ITEM_STATUSES, itemStatusLabel, typeLabel, type ItemStatus } from './content-text';

/** The office's content items, newest first, filtered by status, type and text. */
export default function ContentListScreen({ office }: RouteProps) {
  const me = useMe();
  const myOffice = officeOf(me, office);
  const timeZone = myOffice?.timeZone ?? 'Asia/Jakarta';
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [pages, setPages] = useState<string[]>([]);

  const types = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/content-types', { params: { path: { office } } })),
    [office],
  );
  const items = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/items', {
          params: {
            path: { office },
            query: {
              limit: 50,
              ...(status ? { status } : {}),
              ...(type ? { type } : {}),
              ...(query ? { text: query } : {}),
              ...(pages.length ? { cursor: pages[pages.length - 1] } : {}),
            },
          },
        }),
      ),
    [office, status, type, query, pages],
  );

  return (
    <Page
      title={t('content.title')}
      actions={
        can(myOffice, 'content:write') && (
          <Link className="button primary" href={`/${office}/konten/baru`} data-testid="new-item">
            {t('content.new')}
          </Link>
        )
      }
    >
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setQuery(text.trim());
        }}
      >
        <label>
          {t('content.status')}
          <select
            value={status}
            onChange={(e) => {
              setPages([]);
              setStatus(e.target.value as ItemStatus | '');
            }}
          >
            <option value="">{t('common.all')}</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {itemStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('content.type')}
          <select
            value={type}
            onChange={(e) => {
              setPages([]);
              setType(e.target.value);
            }}
          >
            <option value="">{t('common.all')}</option>
            {types.data?.contentTypes.map((x) => (
              <option key={x.code} value={x.code}>
                {typeLabel(types.data?.contentTypes, x.code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('content.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit">{t('content.searchButton')}</button>
      </form>
      <Loaded state={items}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('content.empty')}</Empty>
          ) : (
            <>
              <p className="muted">{t('content.total', { count: page.total })}</p>
              <div className="table-wrap">
                <table className="table" data-testid="content-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('content.itemTitle')}</th>
                      <th scope="col">{t('content.type')}</th>
                      <th scope="col">{t('content.status')}</th>
                      <th scope="col">{t('content.author')}</th>
                      <th scope="col">{t('content.updated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((item) => (
                      <tr key={item.itemId}>
                        <td>
                          <Link href={`/${office}/konten/${item.itemId}`}>{item.title}</Link>
                        </td>
                        <td>{typeLabel(types.data?.contentTypes, item.type)}</td>
                        <td>
                          <span className={`status status-${item.status}`}>
                            {itemStatusLabel(item.status)}
                          </span>
                        </td>
                        <td>{actorName(item.author)}</td>
                        <td>{dateTime(item.updatedAt, timeZone)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                {pages.length > 0 && (
                  <button type="button" onClick={() => setPages((p) => p.slice(0, -1))}>
                    {t('common.previous')}
                  </button>
                )}
                {page.nextCursor && (
                  <button type="button" onClick={() => setPages((p) => [...p, page.nextCursor!])}>
                    {t('common.next')}
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
