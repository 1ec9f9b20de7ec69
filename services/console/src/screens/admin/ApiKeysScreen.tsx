import type { Schemas } from '@tatalaman/api-client';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { once } from '../../api/mutate';
import { actorName } from '../../components/Actor';
import { Field } from '../../components/Field';
import { DataTable } from '../../components/DataTable';
import { FormPanel } from '../../components/FormPanel';
import { Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote, fieldError } from '../../components/ProblemNote';
import { Status } from '../../components/Status';
import { t } from '../../i18n';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';
import { useAction } from './useAction';

type Scope = Schemas['CreateApiKeyBody']['scopes'][number];
const SCOPES: Scope[] = [
  'office:read',
  'content:read',
  'content:write',
  'runs:read',
  'decisions:write',
  'reports:read',
];

/** Keys of agency systems: issue (the secret is shown once) and revoke. */
export default function ApiKeysScreen({ office }: RouteProps) {
  const keys = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/api-keys', { params: { path: { office } } })),
    [office],
  );
  const action = useAction();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['content:read']));
  const [expiresAt, setExpiresAt] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const created = await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/api-keys', {
            params: { path: { office }, header: once() },
            body: {
              name,
              scopes: [...scopes],
              ...(expiresAt ? { expiresAt: new Date(`${expiresAt}T23:59:59`).toISOString() } : {}),
            },
          }),
        ),
      t('apiKeys.created'),
    );
    if (created) {
      setSecret(created.secret);
      setName('');
      await keys.reload();
    }
  }

  async function revoke(apiKeyId: string) {
    await action.confirmThenRun(
      t('apiKeys.confirmRevoke'),
      () =>
        call(
          api().DELETE('/api/v1/offices/{office}/api-keys/{apiKeyId}', {
            params: { path: { office, apiKeyId }, header: once() },
          }),
        ),
      t('apiKeys.revoked'),
      keys.reload,
    );
  }

  return (
    <Page title={t('apiKeys.title')}>
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      {secret && (
        <div className="secret" role="alert">
          <p>{t('apiKeys.secretOnce')}</p>
          <code className="secret-value">{secret}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
            {t('common.copy')}
          </button>
        </div>
      )}
      <Loaded state={keys}>
        {(list) => (
          <DataTable
            headers={[
              t('apiKeys.name'),
              t('apiKeys.prefix'),
              t('apiKeys.scopes'),
              t('apiKeys.lastUsed'),
              t('bindings.state'),
            ]}
            actions
          >
            {list.apiKeys.map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name}
                  <div className="muted small">
                    {actorName(k.createdBy)} · {dateTime(k.createdAt, 'Asia/Jakarta')}
                  </div>
                </td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.lastUsedAt ? dateTime(k.lastUsedAt, 'Asia/Jakarta') : '—'}</td>
                <td>{k.revokedAt ? t('bindings.revokedState') : t('bindings.current')}</td>
                <td>
                  {!k.revokedAt && (
                    <button type="button" className="danger" onClick={() => void revoke(k.id)}>
                      {t('bindings.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <FormPanel id="new-key" title={t('apiKeys.new')} onSubmit={create}>
        <Field
          label={t('apiKeys.name')}
          required
          hint={t('apiKeys.nameHint')}
          error={fieldError(action.problem, 'name')}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              required
              aria-describedby={describedBy}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('apiKeys.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.has(s)}
                onChange={(e) =>
                  setScopes((cur) => {
                    const next = new Set(cur);
                    if (e.target.checked) next.add(s);
                    else next.delete(s);
                    return next;
                  })
                }
              />{' '}
              <code>{s}</code>
            </label>
          ))}
        </fieldset>
        <Field label={t('apiKeys.expires')} hint={t('apiKeys.expiresHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="date"
              aria-describedby={describedBy}
              value={expiresAt}
              onChange={(e) => setExpiresAt(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={action.busy || scopes.size === 0}>
          {t('apiKeys.issue')}
        </button>
      </FormPanel>
    </Page>
  );
}
