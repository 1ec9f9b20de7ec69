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

/** The office's people: add one, make them admin, deactivate them. */
export default function UsersScreen({ office }: RouteProps) {
  const users = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/users', { params: { path: { office } } })),
    [office],
  );
  const action = useAction();
  const [form, setForm] = useState({ email: '', name: '', password: '', officeAdmin: false });

  async function create(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/users', {
            params: { path: { office }, header: once() },
            body: form,
          }),
        ),
      t('users.created', { name: form.name }),
    );
    if (ok) {
      setForm({ email: '', name: '', password: '', officeAdmin: false });
      await users.reload();
    }
  }

  async function update(userId: string, body: { active?: boolean; officeAdmin?: boolean }) {
    await action.run(
      () =>
        call(
          api().PATCH('/api/v1/offices/{office}/users/{userId}', {
            params: { path: { office, userId }, header: once() },
            body,
          }),
        ),
      t('common.saved'),
    );
    await users.reload();
  }

  return (
    <Page title={t('users.title')}>
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      <Loaded state={users}>
        {(list) => (
          <DataTable
            headers={[
              t('users.name'),
              t('users.email'),
              t('users.since'),
              t('users.admin'),
              t('users.active'),
            ]}
          >
            {list.members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{dateOnly(m.memberSince)}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('users.adminOf', { name: m.name })}
                    checked={m.officeAdmin}
                    disabled={action.busy}
                    onChange={(e) => void update(m.id, { officeAdmin: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('users.activeOf', { name: m.name })}
                    checked={m.active}
                    disabled={action.busy}
                    onChange={(e) => void update(m.id, { active: e.target.checked })}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <FormPanel id="new-user" title={t('users.new')} onSubmit={create}>
        <Field label={t('users.name')} required error={fieldError(action.problem, 'name')}>
          {({ id }) => (
            <input
              id={id}
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('users.email')} required error={fieldError(action.problem, 'email')}>
          {({ id }) => (
            <input
              id={id}
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('users.password')}
          required
          hint={t('users.passwordHint')}
          error={fieldError(action.problem, 'password')}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              required
              aria-describedby={describedBy}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.officeAdmin}
            onChange={(e) => setForm({ ...form, officeAdmin: e.target.checked })}
          />{' '}
          {t('users.admin')}
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('users.add')}
        </button>
      </FormPanel>
    </Page>
  );
}
