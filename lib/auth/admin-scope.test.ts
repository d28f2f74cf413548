import { describe, expect, it } from 'vitest';
import { type AdminScope, isCloudAdmin } from './admin-scope.js';

const scoped: AdminScope = { mode: 'scoped', adminProject: 'admin' };
const legacy: AdminScope = { mode: 'legacy', adminProject: 'admin' };

describe('isCloudAdmin', () => {
  it('gives cloud-wide power to the admin role on the admin project, by id or by name in the Default domain', () => {
    expect(isCloudAdmin({ roles: ['admin'], projectId: 'admin' }, scoped)).toBe(true);
    expect(
      isCloudAdmin(
        { roles: ['admin'], projectId: 'f00', projectName: 'admin', projectDomainId: 'default' },
        scoped,
      ),
    ).toBe(true);
    expect(
      isCloudAdmin(
        { roles: ['admin'], projectId: 'f00', projectName: 'admin', projectDomainId: 'd1' },
        scoped,
      ),
    ).toBe(false);
  });

  it('keeps the admin role on any other project to that project', () => {
    expect(isCloudAdmin({ roles: ['admin', 'member'], projectId: 'p1', projectName: 'demo' }, scoped)).toBe(
      false,
    );
  });

  it('gives it to a system-scoped admin token, never to a token without the admin role', () => {
    expect(isCloudAdmin({ roles: ['admin'], systemScope: true }, scoped)).toBe(true);
    expect(isCloudAdmin({ roles: ['reader'], systemScope: true }, scoped)).toBe(false);
    expect(isCloudAdmin({ roles: ['member'], projectId: 'admin' }, scoped)).toBe(false);
  });

  it("keeps Karbor's old rule, the admin role anywhere, as the legacy setting", () => {
    expect(isCloudAdmin({ roles: ['admin'], projectId: 'p1' }, legacy)).toBe(true);
    expect(isCloudAdmin({ roles: ['member'], projectId: 'p1' }, legacy)).toBe(false);
  });

  it('honours another admin project', () => {
    const custom: AdminScope = { mode: 'scoped', adminProject: 'c0ffee' };
    expect(isCloudAdmin({ roles: ['admin'], projectId: 'c0ffee' }, custom)).toBe(true);
    expect(isCloudAdmin({ roles: ['admin'], projectId: 'admin' }, custom)).toBe(false);
  });
});
