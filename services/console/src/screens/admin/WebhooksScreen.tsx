import { Fragment, useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { once } from '../../api/mutate';
import { Field } from '../../components/Field';
import { FormPanel } from '../../components/FormPanel';
import { Empty, Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote, fieldError } from '../../components/ProblemNote';
import { Status } from '../../components/Status';
import { t, type MessageKey } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';
import { useAction } from './useAction';

const DELIVERY_STATUS: Record<string, MessageKey> = {
  pending: 'webhooks.status.pending',
  delivered: 'webhooks.status.delivered',
  dead: 'webhooks.status.dead',
};

/** Agency systems told of publications: subscriptions, their delivery log, replays. */
export default function WebhooksScreen({ office }: RouteProps) {
  const hooks = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/webhooks', { params: { path: { office } } })),
    [office],
  );
  const [status, setStatus] = useState<'' | 'pending' | 'delivered' | 'dead'>('');
  const deliveries = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/webhook-deliveries', {
          params: { path: { office }, query: { limit: 50, ...(status ? { status } : {}) } },
        }),
      ),
    [office, status],
  );
  const action = useAction();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const created = await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/webhooks', {
            params: { path: { office }, header: once() },
            body: { url, ...(description ? { description } : {}) },
          }),
        ),
      t('webhooks.created'),
    );
    if (created) {
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      await hooks.reload();
    }
  }

  async function disable(webhookId: string) {
    await action.confirmThenRun(
      t('webhooks.confirmDisable'),
      () =>
        call(
          api().POST('/api/v1/offices/{office}/webhooks/disable', {
            params: { path: { office }, header: once() },
            body: { webhookId },
          }),
        ),
      t('webhooks.disabled'),
      hooks.reload,
    );
  }

  async function replay(deliveryId: string) {
    await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/webhook-deliveries/replay', {
            params: { path: { office }, header: once() },
            body: { deliveryId },
          }),
        ),
      t('webhooks.replayed'),
    );
    await deliveries.reload();
  }

  return (
    <Page title={t('webhooks.title')}>
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      {secret && (
        <div className="secret" role="alert">
          <p>{t('webhooks.secretOnce')}</p>
          <code className="secret-value">{secret}</code>
        </div>
      )}
      <Loaded state={hooks}>
        {(list) =>
          list.webhooks.length === 0 ? (
            <Empty>{t('webhooks.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">{t('webhooks.events')}</th>
                    <th scope="col">{t('bindings.state')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.webhooks.map((w) => (
                    <tr key={w.webhookId}>
                      <td>
                        <code>{w.url}</code>
                        {w.description && <div className="muted small">{w.description}</div>}
                      </td>
                      <td>{w.events.map((e) => e.replace('publishing.publication-', '')).join(', ')}</td>
                      <td>{w.active ? t('webhooks.active') : t('webhooks.inactive')}</td>
                      <td>
                        {w.active && (
                          <button type="button" className="danger" onClick={() => void disable(w.webhookId)}>
                            {t('webhooks.disable')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <FormPanel id="new-hook" title={t('webhooks.new')} onSubmit={create}>
        <Field label="URL" required error={fieldError(action.problem, 'url')}>
          {({ id }) => (
            <input id={id} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
          )}
        </Field>
        <Field label={t('webhooks.description')}>
          {({ id }) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('webhooks.add')}
        </button>
      </FormPanel>
      <section className="panel" aria-labelledby="deliveries">
        <h2 id="deliveries">{t('webhooks.deliveries')}</h2>
        <label>
          {t('content.status')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('common.all')}</option>
            {(['pending', 'delivered', 'dead'] as const).map((s) => (
              <option key={s} value={s}>
                {t(DELIVERY_STATUS[s]!)}
              </option>
            ))}
          </select>
        </label>
        <Loaded state={deliveries}>
          {(list) =>
            list.deliveries.length === 0 ? (
              <Empty>{t('webhooks.noDeliveries')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('webhooks.event')}</th>
                      <th scope="col">URL</th>
                      <th scope="col">{t('content.status')}</th>
                      <th scope="col">{t('webhooks.attempts')}</th>
                      <th scope="col">{t('revisions.at')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.deliveries.map((d) => (
                      <Fragment key={d.deliveryId}>
                        <tr>
                          <td>{d.eventType}</td>
                          <td>
                            <code>{d.url}</code>
                          </td>
                          <td>
                            <span className={`status delivery-${d.status}`}>
                              {t(DELIVERY_STATUS[d.status]!)}
                            </span>
                            {d.lastStatusCode && <div className="muted small">HTTP {d.lastStatusCode}</div>}
                            {d.lastError && <div className="muted small">{d.lastError}</div>}
                          </td>
                          <td>{d.attempts}</td>
                          <td>{dateTime(d.createdAt, 'Asia/Jakarta')}</td>
                          <td className="actions">
                            {d.attemptLog?.length ? (
                              <button
                                type="button"
                                aria-expanded={expanded === d.deliveryId}
                                onClick={() => setExpanded(expanded === d.deliveryId ? null : d.deliveryId)}
                              >
                                {t('webhooks.log')}
                              </button>
                            ) : null}
                            {d.status === 'dead' && (
                              <button type="button" onClick={() => void replay(d.deliveryId)}>
                                {t('webhooks.replay')}
                              </button>
                            )}
                          </td>
                        </tr>
                        {expanded === d.deliveryId && (
                          <tr>
                            <td colSpan={6}>
                              <ol className="compact-list">
                                {d.attemptLog?.map((a) => (
                                  <li key={a.attempt}>
                                    #{a.attempt} {dateTime(a.at, 'Asia/Jakarta')} — {a.statusCode ?? '—'}{' '}
                                    {a.error ?? ''} ({a.durationMs} ms)
                                  </li>
                                ))}
                              </ol>
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </Page>
  );
}
