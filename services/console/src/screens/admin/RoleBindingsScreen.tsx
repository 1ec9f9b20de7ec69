import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { once } from '../../api/mutate';
import { Field } from '../../components/Field';
import { DataTable } from '../../components/DataTable';
import { FormPanel } from '../../components/FormPanel';
import { Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote, fieldError } from '../../components/ProblemNote';
import { Status } from '../../components/Status';
import { t } from '../../i18n';
import { dateOnly } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';
import { useAction } from './useAction';

/** Who holds which SOP role, from when to when; grant and revoke. */
export default function RoleBindingsScreen({ office }: RouteProps) {
  const bindings = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/role-bindings', { params: { path: { office } } })),
    [office],
  );
  const users = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/users', { params: { path: { office } } })),
    [office],
  );
  const action = useAction();
  const [form, setForm] = useState({ userId: '', role: '', validFrom: '', validTo: '', note: '' });
  const knownRoles = [...new Set(bindings.data?.roleBindings.map((b) => b.role) ?? [])].sort();

  async function create(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/role-bindings', {
            params: { path: { office }, header: once() },
            body: {
              userId: form.userId,
              role: form.role.trim(),
              ...(form.validFrom ? { validFrom: form.validFrom } : {}),
              ...(form.validTo ? { validTo: form.validTo } : {}),
              ...(form.note ? { note: form.note } : {}),
            },
          }),
        ),
      t('bindings.created'),
    );
    if (ok) {
      setForm({ userId: '', role: '', validFrom: '', validTo: '', note: '' });
      await bindings.reload();
    }
  }

  async function revoke(bindingId: string) {
    await action.confirmThenRun(
      t('bindings.confirmRevoke'),
      () =>
        call(
          api().DELETE('/api/v1/offices/{office}/role-bindings/{bindingId}', {
            params: { path: { office, bindingId }, header: once() },
          }),
        ),
      t('bindings.revoked'),
      bindings.reload,
    );
  }

  return (
    <Page title={t('bindings.title')}>
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      <Loaded state={bindings}>
        {(list) => (
          <DataTable
            headers={[t('bindings.role'), t('users.name'), t('bindings.valid'), t('bindings.state')]}
            actions
          >
            {list.roleBindings.map((b) => (
              <tr key={b.id}>
                <td>
                  <code>{b.role}</code>
                </td>
                <td>
                  {b.userName}
                  <div className="muted small">{b.userEmail}</div>
                </td>
                <td>
                  {dateOnly(b.validFrom)} – {b.validTo ? dateOnly(b.validTo) : t('bindings.open')}
                </td>
                <td>
                  {b.revokedAt
                    ? t('bindings.revokedState')
                    : b.current
                      ? t('bindings.current')
                      : t('bindings.notCurrent')}
                </td>
                <td>
                  {!b.revokedAt && (
                    <button type="button" className="danger" onClick={() => void revoke(b.id)}>
                      {t('bindings.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <FormPanel id="new-binding" title={t('bindings.new')} onSubmit={create}>
        <Field label={t('users.name')} required error={fieldError(action.problem, 'userId')}>
          {({ id }) => (
            <select
              id={id}
              required
              value={form.userId}
              onChange={(e) => setForm({ ...form, userId: e.target.value })}
            >
              <option value="">{t('common.choose')}</option>
              {users.data?.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('bindings.role')}
          required
          hint={t('bindings.roleHint')}
          error={fieldError(action.problem, 'role')}
        >
          {({ id, describedBy }) => (
            <>
              <input
                id={id}
                list="known-roles"
                required
                aria-describedby={describedBy}
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value })}
              />
              <datalist id="known-roles">
                {knownRoles.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('bindings.from')}>
          {({ id }) => (
            <input
              id={id}
              type="date"
              value={form.validFrom}
              onChange={(e) => setForm({ ...form, validFrom: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('bindings.to')}>
          {({ id }) => (
            <input
              id={id}
              type="date"
              value={form.validTo}
              onChange={(e) => setForm({ ...form, validTo: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('bindings.note')}>
          {({ id }) => (
            <input id={id} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
          )}
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('bindings.grant')}
        </button>
      </FormPanel>
    </Page>
  );
}
