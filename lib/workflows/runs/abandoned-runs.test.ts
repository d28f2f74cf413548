import { describe, expect, it } from 'vitest';
import type { KeystoneSession } from '../../openstack/session.js';
import { releaseAbandonedRuns } from './abandoned-runs.js';
import type { ResourceRun, Temporary } from './resource-runs.js';

const run = (id: string, status: ResourceRun['status'], temporaries: Temporary[]): ResourceRun => ({
  project_id: 'p1',
  run_id: 'cp1',
  kind: 'protect',
  resource_key: `OS::Cinder::Volume#${id}`,
  resource: { type: 'OS::Cinder::Volume', id, name: id },
  status,
  step: 'wait_upload',
  data: {},
  temporaries,
  started_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

describe('releaseAbandonedRuns', () => {
  it('deletes the temporaries of the resources left running and records them as error', async () => {
    const stored = new Map<string, ResourceRun>([
      [
        'a',
        run('a', 'running', [
          { kind: 'snapshot', id: 's1' },
          { kind: 'volume', id: 'v1' },
        ]),
      ],
      ['b', run('b', 'available', [])],
      ['c', run('c', 'running', [{ kind: 'image', id: 'i1' }])],
    ]);
    const deleted: string[] = [];
    const released = await releaseAbandonedRuns(
      {
        runs: {
          list: async () => [...stored.values()],
          update: async (current, changes) => {
            const next = { ...current, ...changes } as ResourceRun;
            stored.set(current.resource.id, next);
            return next;
          },
        },
        session: async () => ({}) as KeystoneSession,
        deleteTemporaries: async (_session, temporaries) => {
          deleted.push(...temporaries.map((t) => t.id));
          return temporaries
            .filter((t) => t.kind === 'image')
            .map((temporary) => ({ temporary, reason: 'Glance answered 503' }));
        },
      },
      'p1',
      'cp1',
      'the protect workflow ended failed: States.Runtime',
    );
    expect(released).toEqual(['OS::Cinder::Volume#a', 'OS::Cinder::Volume#c']);
    expect(deleted).toEqual(['s1', 'v1', 'i1']);
    expect(stored.get('a')).toMatchObject({
      status: 'error',
      temporaries: [],
      reason: 'the protect workflow ended failed: States.Runtime',
    });
    expect(stored.get('b')?.status).toBe('available');
    expect(stored.get('c')).toMatchObject({ status: 'error', temporaries: [{ kind: 'image', id: 'i1' }] });
    expect(stored.get('c')?.reason).toContain('could not delete temporary image i1: Glance answered 503');
  });
});
