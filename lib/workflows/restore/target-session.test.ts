import { describe, expect, it } from 'vitest';
import { RestoreAuthInvalid, targetAuthOf } from './target-session.js';

describe('restore_auth', () => {
  it('authenticates with the password and scopes to the named project', () => {
    expect(
      targetAuthOf({
        type: 'password',
        username: 'alt_demo',
        password: 'secret',
        project_name: 'alt_demo',
        user_domain_name: 'Users',
        project_domain_name: 'Projects',
      }),
    ).toEqual({
      method: {
        type: 'password',
        password: 'secret',
        username: 'alt_demo',
        userDomain: { domainName: 'Users' },
      },
      scope: { projectName: 'alt_demo', projectDomain: { domainName: 'Projects' } },
    });
  });

  it('prefers a project id and leaves the scope open when no project is named', () => {
    expect(targetAuthOf({ username: 'u', password: 'p', project_id: 'abc' }).scope).toEqual({
      projectId: 'abc',
    });
    expect(targetAuthOf({ username: 'u', password: 'p' }).scope).toBeUndefined();
  });

  it('refuses other auth types and missing credentials with a clear reason', () => {
    expect(() => targetAuthOf({ type: 'token', token: 't' })).toThrow(RestoreAuthInvalid);
    expect(() => targetAuthOf({ username: 'u' })).toThrow(/needs a username \(or user_id\) and a password/);
  });
});
