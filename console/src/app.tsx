import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from './api/api-error.js';
import { IdentityClient } from './api/identity.js';
import { KarborClient } from './api/karbor-client.js';
import { ConsoleContext, type ConsoleContextValue } from './components/console-context.js';
import { Layout } from './components/layout.js';
import { parseRoute, type Route } from './model/routes.js';
import { PageFor } from './pages/page-for.js';
import { SignInPage } from './pages/sign-in-page.js';
import { forgetSession, loadSession, msUntilExpiry, type Session, saveSession } from './session/session.js';

/** The console: signed out it shows the sign-in page; signed in, the page the URL fragment names. */

const expiredNotice = 'Your session has ended: the token expired or is no longer valid. Sign in again.';

const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
};

export const App = () => {
  const [session, setSession] = useState<Session | undefined>(() => loadSession(sessionStorage, new Date()));
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const route = useRoute();

  const signOut = useCallback(
    (why?: string) => {
      if (session?.mode === 'password' && why === undefined) {
        void new IdentityClient().revoke(session.token).catch(() => undefined);
      }
      forgetSession(sessionStorage);
      setSession(undefined);
      setNotice(why ?? 'You have signed out.');
    },
    [session],
  );

  useEffect(() => {
    if (!session) return;
    const ms = msUntilExpiry(session, new Date());
    if (ms === undefined) return;
    const timer = setTimeout(() => signOut(expiredNotice), Math.min(ms, 2_147_000_000));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const context = useMemo((): ConsoleContextValue | undefined => {
    if (!session) return undefined;
    return {
      session,
      client: new KarborClient({ projectId: session.projectId, token: session.token }),
      reportError: (error) => {
        if (error instanceof ApiError && error.isUnauthenticated) {
          signOut(expiredNotice);
          return true;
        }
        return false;
      },
    };
  }, [session, signOut]);

  if (!context) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(next, keep) => {
          if (keep) saveSession(sessionStorage, next);
          else forgetSession(sessionStorage);
          setNotice(undefined);
          setSession(next);
        }}
      />
    );
  }
  return (
    <ConsoleContext.Provider value={context}>
      <Layout route={route} onSignOut={() => signOut()}>
        <PageFor route={route} />
      </Layout>
    </ConsoleContext.Provider>
  );
};
