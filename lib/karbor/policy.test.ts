import { describe, expect, it } from 'vitest';
import type { KarborFault } from './faults.js';
import type { ApiRequest, CallerContext } from './http/api-types.js';
import { callerOf } from './policy.js';

const requestFor = (caller: CallerContext, urlProject: string): ApiRequest =>
  ({ caller, pathParameters: { project_id: urlProject } }) as unknown as ApiRequest;

const statusOf = (run: () => unknown): number => {
  try {
    run();
  } catch (error) {
    return (error as KarborFault).status;
  }
  return 200;
};

describe('callerOf', () => {
  const member: CallerContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false };

  it("refuses a URL naming another project than the token's, cloud admins included", () => {
    expect(callerOf(requestFor(member, 'p1'))).toBe(member);
    expect(statusOf(() => callerOf(requestFor(member, 'p2')))).toBe(400);
    expect(statusOf(() => callerOf(requestFor({ ...member, roles: ['admin'], isAdmin: true }, 'p2')))).toBe(
      400,
    );
  });

  it("puts a system-scoped admin in the URL's project, and nobody else", () => {
    const system: CallerContext = {
      userId: 'u',
      projectId: '',
      roles: ['admin'],
      isAdmin: true,
      systemScope: true,
    };
    expect(callerOf(requestFor(system, 'p2')).projectId).toBe('p2');
    expect(statusOf(() => callerOf(requestFor({ ...system, isAdmin: false }, 'p2')))).toBe(400);
  });

  it('answers 401 without a caller', () => {
    expect(statusOf(() => callerOf({ pathParameters: {} } as unknown as ApiRequest))).toBe(401);
  });
});
