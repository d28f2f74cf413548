import { describe, expect, it } from 'vitest';
import { type Exchange, fixture, loadFixtures, replaySession } from '../openstack/fixtures/replay.js';
import { KeystoneTokenValidator } from './keystone-validator.js';
import { InvalidToken } from './token-validator.js';

/** The captured validation answer (demo on project demo), with its scope and roles changed. */
const validation = (change: (token: Record<string, unknown>) => void): Exchange => {
  const captured = fixture(loadFixtures('identity'), 'token-validate');
  const body = structuredClone(captured.body) as { token: Record<string, unknown> };
  change(body.token);
  return { ...captured, body };
};

const validate = (answer: Exchange) => {
  const { session } = replaySession([fixture(loadFixtures('identity'), 'token-karbor'), answer]);
  return new KeystoneTokenValidator(async () => session).validate('subject-token');
};

const adminRole = [{ id: 'r1', name: 'admin' }];

describe('KeystoneTokenValidator', () => {
  it('keeps a member a member of its project', async () => {
    const { caller } = await validate(validation(() => {}));
    expect(caller).toMatchObject({ projectName: 'demo', isAdmin: false });
  });

  it('makes the admin role on a tenant project no cloud admin', async () => {
    const { caller } = await validate(validation((token) => Object.assign(token, { roles: adminRole })));
    expect(caller).toMatchObject({ projectName: 'demo', roles: ['admin'], isAdmin: false });
  });

  it("makes the admin role on Keystone's admin project a cloud admin", async () => {
    const { caller } = await validate(
      validation((token) => {
        token.roles = adminRole;
        token.project = {
          ...(token.project as object),
          name: 'admin',
          domain: { id: 'default', name: 'Default' },
        };
      }),
    );
    expect(caller.isAdmin).toBe(true);
  });

  it('accepts a system-scoped admin token as a cloud admin without a project', async () => {
    const { caller } = await validate(
      validation((token) => {
        token.project = undefined;
        token.system = { all: true };
        token.roles = adminRole;
      }),
    );
    expect(caller).toMatchObject({ projectId: '', isAdmin: true, systemScope: true });
  });

  it('refuses a system-scoped token without the admin role, and an unscoped token', async () => {
    const reader = validation((token) => {
      token.project = undefined;
      token.system = { all: true };
      token.roles = [{ id: 'r2', name: 'reader' }];
    });
    await expect(validate(reader)).rejects.toBeInstanceOf(InvalidToken);
    const unscoped = validation((token) => {
      token.project = undefined;
      token.roles = [];
    });
    await expect(validate(unscoped)).rejects.toBeInstanceOf(InvalidToken);
  });
});
