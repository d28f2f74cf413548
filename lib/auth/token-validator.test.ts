import { describe, expect, it, vi } from 'vitest';
import {
  CachingTokenValidator,
  InvalidToken,
  NoAuthValidator,
  type TokenValidator,
} from './token-validator.js';

describe('NoAuthValidator', () => {
  it('reads user and project from user:project and makes the caller a member', async () => {
    const { caller } = await new NoAuthValidator().validate('alice:proj-1');
    expect(caller).toMatchObject({ userId: 'alice', projectId: 'proj-1', isAdmin: false, roles: ['member'] });
  });

  it('gives the admin user, or a token ending in :admin, the admin role, cloud-wide only on the admin project', async () => {
    const scoped = () => ({ mode: 'scoped' as const, adminProject: 'admin' });
    const projectAdmin = (await new NoAuthValidator(scoped).validate('admin:proj-1')).caller;
    expect(projectAdmin).toMatchObject({ roles: ['admin', 'member'], isAdmin: false });
    expect((await new NoAuthValidator(scoped).validate('bob:proj-1:admin')).caller.isAdmin).toBe(false);
    expect((await new NoAuthValidator(scoped).validate('admin:admin')).caller.isAdmin).toBe(true);
    expect((await new NoAuthValidator(scoped).validate('bob:admin:admin')).caller.isAdmin).toBe(true);
    expect((await new NoAuthValidator(scoped).validate('bob:admin')).caller.isAdmin).toBe(false);
  });

  it("makes the admin role on any project cloud-wide with KARBOR_ADMIN_SCOPE=legacy (Karbor's rule)", async () => {
    const legacy = () => ({ mode: 'legacy' as const, adminProject: 'admin' });
    expect((await new NoAuthValidator(legacy).validate('admin:proj-1')).caller.isAdmin).toBe(true);
  });

  it('uses the user as the project when no project is given', async () => {
    expect((await new NoAuthValidator().validate('alice')).caller.projectId).toBe('alice');
  });

  it('rejects an empty user', async () => {
    await expect(new NoAuthValidator().validate(':proj')).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('CachingTokenValidator', () => {
  const validatorExpiringIn = (ms: number) => {
    const validate = vi.fn(async () => ({
      caller: { userId: 'u', projectId: 'p', roles: [], isAdmin: false },
      expiresAt: new Date(Date.now() + ms),
    }));
    return { validate } satisfies TokenValidator;
  };

  it('asks the inner validator once while the answer is fresh', async () => {
    const inner = validatorExpiringIn(60_000);
    const cached = new CachingTokenValidator(inner);
    await cached.validate('t');
    await cached.validate('t');
    expect(inner.validate).toHaveBeenCalledTimes(1);
  });

  it('never caches past the token expiry', async () => {
    const inner = validatorExpiringIn(-1);
    const cached = new CachingTokenValidator(inner);
    await cached.validate('t');
    await cached.validate('t');
    expect(inner.validate).toHaveBeenCalledTimes(2);
  });

  it('does not cache failures', async () => {
    const inner = { validate: vi.fn(async () => Promise.reject(new InvalidToken('no'))) };
    const cached = new CachingTokenValidator(inner);
    await expect(cached.validate('t')).rejects.toThrow('no');
    await expect(cached.validate('t')).rejects.toThrow('no');
    expect(inner.validate).toHaveBeenCalledTimes(2);
  });
});
