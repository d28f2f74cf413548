import { useState } from 'preact/hooks';
import { IdentityClient, noauthTokenInfo, type TokenInfo } from '../api/identity.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import type { Session } from '../session/session.js';

/**
 * Sign-in: with an OpenStack account (Keystone password → project token, through the
 * console's own origin), or with a token the user already has — a Keystone token, or in
 * noauth mode Karbor's `user:project`.
 */

interface Props {
  readonly notice?: string;
  readonly onSignedIn: (session: Session, keep: boolean) => void;
}

const identity = new IdentityClient();

export const SignInPage = ({ notice, onSignedIn }: Props) => {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [keep, setKeep] = useState(true);

  const attempt = async (mode: Session['mode'], obtain: () => Promise<TokenInfo>) => {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn({ ...(await obtain()), mode }, keep);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const withPassword = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    void attempt('password', () =>
      identity.signIn({
        userName: text('user'),
        password: String(form.get('password') ?? ''),
        projectName: text('project'),
        domainName: text('domain') || 'Default',
      }),
    );
  };

  const withToken = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const token = String(form.get('token') ?? '').trim();
    const projectId = String(form.get('project-id') ?? '').trim();
    void attempt('token', async () => {
      const noauth = noauthTokenInfo(token);
      if (noauth) return noauth;
      if (projectId !== '')
        return { token, projectId, projectName: undefined, userName: undefined, expiresAt: undefined };
      return identity.describe(token);
    });
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Karbor</h1>
      <p>Protect and restore the servers, volumes, images and networks of your OpenStack project.</p>
      {notice && (
        <div class="notice notice-info" role="status">
          {notice}
        </div>
      )}
      <ErrorNotice error={error} context="Sign-in failed" />
      <div class="sign-in-forms">
        <form onSubmit={withPassword} aria-labelledby="password-heading">
          <h2 id="password-heading">With your OpenStack account</h2>
          <FormField id="user" label="User name">
            <input id="user" name="user" autocomplete="username" required />
          </FormField>
          <FormField id="password" label="Password">
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </FormField>
          <FormField id="project" label="Project">
            <input id="project" name="project" required />
          </FormField>
          <FormField id="domain" label="Domain">
            <input id="domain" name="domain" placeholder="Default" />
          </FormField>
          <button type="submit" class="button-primary" disabled={busy}>
            Sign in
          </button>
        </form>
        <form onSubmit={withToken} aria-labelledby="token-heading">
          <h2 id="token-heading">With a token</h2>
          <FormField id="token" label="Token">
            <input
              id="token"
              name="token"
              autocomplete="off"
              spellcheck={false}
              required
              aria-describedby="token-help"
            />
            <small id="token-help" class="help">
              A Keystone token (<code>openstack token issue</code>), or on a server in noauth mode{' '}
              <code>user:project</code>.
            </small>
          </FormField>
          <FormField id="project-id" label="Project id (optional)">
            <input id="project-id" name="project-id" autocomplete="off" aria-describedby="project-id-help" />
            <small id="project-id-help" class="help">
              Only needed when the console cannot ask Keystone about the token.
            </small>
          </FormField>
          <button type="submit" class="button-primary" disabled={busy}>
            Use token
          </button>
        </form>
      </div>
      <div class="field field-check">
        <input
          id="keep"
          type="checkbox"
          checked={keep}
          onChange={(event) => setKeep(event.currentTarget.checked)}
        />
        <label for="keep">Stay signed in when this tab reloads</label>
        <small class="help">
          The token is kept in this tab's session storage; otherwise only in memory. It is never stored
          elsewhere.
        </small>
      </div>
    </main>
  );
};
