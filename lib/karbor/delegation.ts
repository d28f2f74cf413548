import { sharedServiceSession } from '../auth/keystone-validator.js';
import { type AuthMode, authModeFromEnv } from '../auth/validator-from-env.js';
import { createTrust, deleteTrust } from '../openstack/identity/delegation.js';
import type { CallerContext } from './http/api-types.js';
import { cloudConfigured, lazyCallerSession } from './openstack-protectables.js';

/**
 * Workflows outlive the caller's token, so an operation's user delegates to the Karbor service
 * user with a Keystone trust (as Karbor's operation engine and Heat do): impersonating, on the
 * caller's project, with the caller's roles, expiring when no workflow can still need it.
 * Workflows redeem it as the service user (lib/workflows/task-context.ts). In noauth mode
 * there is no user to delegate and workflows use the service's own cloud.
 */
export interface Delegation {
  /**
   * A trust id for a workflow acting for `caller`, or null when the mode has no delegation.
   * `lifetimeSeconds: null` makes a trust that never expires (a scheduled operation's, revoked
   * when the operation is deleted).
   */
  delegate(caller: CallerContext, lifetimeSeconds?: number | null): Promise<string | null>;
  /**
   * Ends a trust; an unknown one is not an error. Keystone lets the trustor (or an admin) delete
   * a trust, so the caller's own token is tried first when `caller` is given, then the service's.
   */
  revoke(trustId: string, caller?: CallerContext): Promise<void>;
}

export class DelegationFailed extends Error {
  override name = 'DelegationFailed';
}

/** A manual operation's trust: long enough for a multi-terabyte protect. */
export const operationTrustSeconds = 7 * 24 * 3600;

export const noDelegation: Delegation = {
  delegate: async () => null,
  revoke: async () => undefined,
};

export const keystoneDelegation = (now: () => Date = () => new Date()): Delegation => ({
  async delegate(caller, lifetimeSeconds = operationTrustSeconds) {
    if (!caller.authToken) throw new DelegationFailed('the request carries no token to delegate');
    const service = await (await sharedServiceSession()).access();
    const session = await lazyCallerSession(caller);
    try {
      const trust = await createTrust(session, {
        trustor_user_id: caller.userId,
        trustee_user_id: service.user.id,
        project_id: caller.projectId,
        role_names: caller.roles,
        impersonation: true,
        ...(lifetimeSeconds === null
          ? {}
          : { expires_at: new Date(now().getTime() + lifetimeSeconds * 1000).toISOString() }),
      });
      return trust.id;
    } catch (error) {
      throw new DelegationFailed(`Keystone refused the trust for the workflow: ${(error as Error).message}`, {
        cause: error,
      });
    }
  },
  async revoke(trustId, caller) {
    const gone = (error: unknown) => (error as { status?: number }).status === 404;
    if (caller?.authToken) {
      try {
        await deleteTrust(await lazyCallerSession(caller), trustId);
        return;
      } catch (error) {
        if (gone(error)) return;
        // not the trustor (an admin deleting another user's operation): try as the service
      }
    }
    try {
      await deleteTrust(await sharedServiceSession(), trustId);
    } catch (error) {
      if (!gone(error)) throw error;
    }
  },
});

export const delegationFor = (mode: AuthMode = authModeFromEnv()): Delegation =>
  mode === 'keystone' && cloudConfigured() ? keystoneDelegation() : noDelegation;
