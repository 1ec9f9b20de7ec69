import { useEffect, useState } from 'react';
import { refreshSession } from '../api/client';
import { loadMe, useMe } from '../api/me';
import { hasBrowserSession, useSession } from '../api/session';
import { Loading } from '../components/Loading';
import { navigate, useLocation } from '../lib/router';
import { SignInScreen } from '../screens/SignInScreen';
import { Shell } from './Shell';

/**
 * Signed out: the sign-in screen (remembering where one was going). Signed in: the
 * office's screens. A new tab or a reload has no access token (memory only): the browser's
 * session cookie gets one before the first screen asks for data, so tabs share a session.
 */
export function App() {
  const session = useSession();
  const location = useLocation();
  const [booting, setBooting] = useState(() => !session.accessToken && hasBrowserSession());

  useEffect(() => {
    if (!booting) return;
    void refreshSession().finally(() => setBooting(false));
  }, [booting]);

  if (booting) return <Loading />;
  if (!session.user || !session.accessToken) return <SignInScreen />;
  if (location.path === '/' || location.path === '/masuk') return <Home />;
  return <Shell />;
}

/** `/` signed in: the first office's tasks (or the page asked for before signing in). */
function Home() {
  const me = useMe();
  const location = useLocation();
  useEffect(() => {
    const next = location.query.get('next');
    if (next && next.startsWith('/') && !next.startsWith('//')) {
      navigate(next, { replace: true });
      return;
    }
    void loadMe().then((person) => {
      const office = person.offices[0]?.code;
      if (office) navigate(`/${office}/tugas`, { replace: true });
    });
  }, [location]);
  if (me && me.offices.length === 0) return <Shell />;
  return <Loading />;
}
