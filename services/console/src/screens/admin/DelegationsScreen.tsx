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

/** Someone away hands their SOP roles to a colleague for a few days. */
export default function DelegationsScreen({ office }: RouteProps) {
  const list = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/delegations', { params: { path: { office } } })),
    [office],
  );
  const users = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/users', { params: { path: { office } } })),
    [office],
  );
  const action = useAction();
  const empty = { fromUserId: '', toUserId: '', role: '', validFrom: '', validTo: '', reason: '' };
  const [form, setForm] = useState(empty);

  async function create(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      () =>
        call(
          api().POST('/api/v1/offices/{office}/delegations', {
            params: { path: { office }, header: once() },
            body: {
              fromUserId: form.fromUserId,
              toUserId: form.toUserId,
              validFrom: form.validFrom,
              validTo: form.validTo,
              reason: form.reason,
              ...(form.role ? { role: form.role } : {}),
            },
          }),
        ),
      t('delegations.created'),
    );
    if (ok) {
      setForm(empty);
      await list.reload();
    }
  }

  async function revoke(delegationId: string) {
    await action.confirmThenRun(
      t('delegations.confirmRevoke'),
      () =>
        call(
          api().DELETE('/api/v1/offices/{office}/delegations/{delegationId}', {
            params: { path: { office, delegationId }, header: once() },
          }),
        ),
      t('delegations.revoked'),
      list.reload,
    );
  }

  const people = users.data?.members ?? [];
  const personSelect = (key: 'fromUserId' | 'toUserId', label: string) => (
    <Field label={label} required error={fieldError(action.problem, key)}>
      {({ id }) => (
        <select
          id={id}
          required
          value={form[key]}
          onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        >
          <option value="">{t('common.choose')}</option>
          {people.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <Page title={t('delegations.title')}>
      <Status message={action.message} />
      <ProblemNote problem={action.problem} />
      <Loaded state={list}>
        {(data) => (
          <DataTable
            headers={[
              t('delegations.from'),
              t('delegations.to'),
              t('bindings.role'),
              t('bindings.valid'),
              t('delegations.reason'),
            ]}
            actions
          >
            {data.delegations.map((d) => (
              <tr key={d.id}>
                <td>{d.from.name}</td>
                <td>{d.to.name}</td>
                <td>{d.role ? <code>{d.role}</code> : t('delegations.allRoles')}</td>
                <td>
                  {dateOnly(d.validFrom)} – {dateOnly(d.validTo)}
                  {d.current && <span className="badge urgency-normal"> {t('bindings.current')}</span>}
                </td>
                <td>{d.reason}</td>
                <td>
                  {!d.revokedAt ? (
                    <button type="button" className="danger" onClick={() => void revoke(d.id)}>
                      {t('bindings.revoke')}
                    </button>
                  ) : (
                    t('bindings.revokedState')
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <FormPanel id="new-delegation" title={t('delegations.new')} onSubmit={create}>
        {personSelect('fromUserId', t('delegations.from'))}
        {personSelect('toUserId', t('delegations.to'))}
        <Field label={t('bindings.role')} hint={t('delegations.roleHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('bindings.from')} required>
          {({ id }) => (
            <input
              id={id}
              type="date"
              required
              value={form.validFrom}
              onChange={(e) => setForm({ ...form, validFrom: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('bindings.to')} required>
          {({ id }) => (
            <input
              id={id}
              type="date"
              required
              value={form.validTo}
              onChange={(e) => setForm({ ...form, validTo: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('delegations.reason')} required>
          {({ id }) => (
            <input
              id={id}
              required
              value={form.reason}
              onChange={(e) => setForm({ ...form, reason: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('delegations.add')}
        </button>
      </FormPanel>
    </Page>
  );
}
