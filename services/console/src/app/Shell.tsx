import { Suspense, useEffect, useState } from 'react';
import { signOut as endSession } from '../api/client';
import { can, forgetMe, officeOf, useMe } from '../api/me';
import { session } from '../api/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { t, useLanguage } from '../i18n';
import { matchPath, navigate, useLocation } from '../lib/router';
import { routes } from './routes';

async function signOut() {
  await endSession().catch(() => undefined);
  forgetMe();
  navigate('/');
}

/** The frame of every office screen: skip link, header, navigation, the screen. */
export function Shell() {
  useLanguage();
  const me = useMe();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [, officeCode = '', ...rest] = location.path.split('/');
  const subPath = `/${rest.join('/')}`;
  const office = officeOf(me, officeCode);
  const match = routes
    .map((r) => ({ route: r, params: matchPath(r.pattern, subPath) }))
    .find((m) => m.params !== null);

  useEffect(() => setMenuOpen(false), [location.path]);

  const navItems = routes.filter((r) => r.nav && (!office || !r.permission || can(office, r.permission)));
  const Screen = match?.route.screen;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <Link className="brand" href={`/${officeCode}/tugas`}>
          Tata Laman <span className="brand-sub">{t('shell.console')}</span>
        </Link>
        {me && me.offices.length > 1 ? (
          <label className="office-switch">
            <span className="visually-hidden">{t('shell.office')}</span>
            <select
              value={officeCode}
              onChange={(e) =>
                navigate(
                  `/${e.target.value}${subPath.startsWith('/admin') ? '/tugas' : subPath.split('/').slice(0, 2).join('/') || '/tugas'}`,
                )
              }
              data-testid="office-switch"
            >
              {me.offices.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="office-name">{office?.name ?? officeCode}</span>
        )}
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t('shell.menu')}
        </button>
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="user-name" data-testid="user-name">
            {me?.name ?? session().user?.name}
          </span>
          <button type="button" className="link-button" onClick={() => void signOut()} data-testid="sign-out">
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav id="main-nav" className={`sidenav${menuOpen ? ' open' : ''}`} aria-label={t('shell.navigation')}>
          {(['work', 'admin'] as const).map((group) => {
            const items = navItems.filter((r) => r.group === group);
            if (!items.length) return null;
            return (
              <div key={group} className="nav-group">
                <p className="nav-group-title">{t(group === 'work' ? 'nav.work' : 'nav.admin')}</p>
                <ul>
                  {items.map((r) => {
                    const href = `/${officeCode}${r.pattern}`;
                    const current = subPath === r.pattern || subPath.startsWith(`${r.pattern}/`);
                    return (
                      <li key={r.pattern}>
                        <Link href={href} aria-current={current ? 'page' : undefined}>
                          {t(r.nav!)}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" tabIndex={-1}>
          {me && !office && officeCode && (
            <p className="problem" role="alert">
              {t('shell.noOffice')}
            </p>
          )}
          {me && me.offices.length === 0 && <p>{t('shell.noOffices')}</p>}
          {Screen ? (
            <Suspense fallback={<Loading />}>
              <Screen key={`${officeCode}${subPath}`} office={officeCode} params={match.params!} />
            </Suspense>
          ) : (
            officeCode && <p>{t('shell.notFound')}</p>
          )}
        </main>
      </div>
    </div>
  );
}
