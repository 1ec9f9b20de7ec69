import { useState, type FormEvent } from 'react';
import type { Problem } from '@tatalaman/api-client';
import { api } from '../api/client';
import { loadMe } from '../api/me';
import { asProblem, toProblem } from '../api/problem';
import { signedIn } from '../api/session';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ProblemNote, fieldError } from '../components/ProblemNote';
import { t, useLanguage } from '../i18n';
import { navigate, useLocation } from '../lib/router';

/** Email and password; then the page one was going to, or the first office's tasks. */
export function SignInScreen() {
  useLanguage();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      // The browser keeps the session (an HttpOnly cookie): every tab shares it.
      const { data, error, response } = await api().POST('/api/v1/auth/login', {
        body: { email, password, session: 'cookie' },
      });
      if (!data) {
        setProblem(asProblem(error, response.status, t('problem.unknown')));
        return;
      }
      signedIn(data);
      const me = await loadMe(true);
      const wanted =
        location.path !== '/' && location.path !== '/masuk'
          ? location.path + (location.query.size ? `?${location.query.toString()}` : '')
          : null;
      navigate(wanted ?? (me.offices[0] ? `/${me.offices[0].code}/tugas` : '/'), { replace: true });
    } catch (err) {
      setProblem(toProblem(err, t('problem.network')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <LanguageSwitch />
        <h1>{t('signIn.title')}</h1>
        <p className="hint">{t('signIn.lead')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('signIn.email')} error={fieldError(problem, 'email')} required>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Field label={t('signIn.password')} error={fieldError(problem, 'password')} required>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <ProblemNote problem={problem} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
