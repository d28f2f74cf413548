import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KarborFault } from './faults.js';
import { matchRoute } from './router.js';
import { routes } from './routes.js';

const project = '2f4e5c8c1c6b4e0e9f3a7d1b6c5a4e3d';

describe('matchRoute', () => {
  it('matches every route of the table by its own template', () => {
    for (const route of routes) {
      const path = route.path.replace(/\{[^}]+\}/g, 'x1');
      expect(matchRoute(route.method, path)?.route, `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('extracts path parameters and decodes them', () => {
    const match = matchRoute('GET', `/v1/${project}/protectables/OS%3A%3ANova%3A%3AServer/instances`);
    expect(match?.route.action).toBe('instances');
    expect(match?.pathParameters).toEqual({ project_id: project, protectable_type: 'OS::Nova::Server' });
  });

  it('prefers the literal copy route over a checkpoint id named action', () => {
    expect(matchRoute('POST', `/v1/${project}/providers/p/checkpoints/action`)?.route.action).toBe('copy');
    expect(matchRoute('GET', `/v1/${project}/providers/p/checkpoints/action`)?.route.action).toBe('show');
  });

  it('accepts the .json suffix and a trailing slash', () => {
    expect(matchRoute('GET', `/v1/${project}/plans.json`)?.route.action).toBe('index');
    expect(matchRoute('GET', `/v1/${project}/plans/`)?.route.action).toBe('index');
  });

  it('serves the versions document for any GET outside /v1', () => {
    expect(matchRoute('GET', '/')?.route.group).toBe('versions');
    expect(matchRoute('GET', '/anything/else')?.route.group).toBe('versions');
    expect(matchRoute('POST', '/')).toBeUndefined();
  });

  it('reports methods a controller lacks as no match, as Karbor answers 404', () => {
    expect(matchRoute('POST', `/v1/${project}/providers`)).toBeUndefined();
    expect(matchRoute('DELETE', `/v1/${project}/restores/r`)).toBeUndefined();
    expect(matchRoute('PUT', `/v1/${project}/scheduled_operations/s`)).toBeUndefined();
  });

  it('rejects malformed percent-encoding with a 400 fault', () => {
    expect(() => matchRoute('GET', `/v1/${project}/plans/%E0%A4%A`)).toThrow('Malformed request url');
  });
});

describe('matchRoute under fuzzing', () => {
  it('answers 10,000 random requests with a route, no route, or a 400 fault, never another error', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        project,
        'plans',
        'providers',
        'checkpoints',
        'action',
        'protectables',
        'instances',
        '.json',
        '%',
        '%zz',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'),
        fc.array(segment, { maxLength: 8 }),
        (method, parts) => {
          try {
            const match = matchRoute(method, `/${parts.join('/')}`);
            if (match) expect(match.route.method).toBe(method);
          } catch (error) {
            expect(error).toBeInstanceOf(KarborFault);
            expect((error as KarborFault).status).toBe(400);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
