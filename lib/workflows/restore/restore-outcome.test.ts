import { describe, expect, it } from 'vitest';
import type { ResourceRun } from '../runs/resource-runs.js';
import { restoreOutcome } from './restore-outcome.js';

const run = (type: string, id: string, changes: Partial<ResourceRun>): ResourceRun => ({
  project_id: 'p',
  run_id: 'r',
  kind: 'restore',
  resource_key: `${type}#${id}`,
  resource: { type, id, name: id },
  status: 'available',
  step: 'record',
  data: {},
  temporaries: [],
  started_at: '',
  updated_at: '',
  ...changes,
});

const image = { type: 'OS::Glance::Image', id: 'i1', name: 'i1' };
const volume = { type: 'OS::Cinder::Volume', id: 'v1', name: 'v1' };
const server = { type: 'OS::Nova::Server', id: 's1', name: 's1' };

describe('restore outcome', () => {
  it('succeeds when every resource was restored, keyed by the new ids', () => {
    const outcome = restoreOutcome(
      [
        run(image.type, 'i1', { result: { new_id: 'i2' } }),
        run(volume.type, 'v1', { result: { new_id: 'v2' } }),
      ],
      [image, volume],
    );
    expect(outcome).toEqual({
      status: 'success',
      resources_status: { 'OS::Glance::Image#i2': 'available', 'OS::Cinder::Volume#v2': 'available' },
      resources_reason: {},
      reasons: [],
    });
  });

  it('fails with a reason under the original key for each resource not restored', () => {
    const outcome = restoreOutcome(
      [
        run(image.type, 'i1', { result: { new_id: 'i2' } }),
        run(volume.type, 'v1', { status: 'error', reason: 'cinder said no' }),
      ],
      [image, volume, server],
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.resources_status).toEqual({
      'OS::Glance::Image#i2': 'available',
      'OS::Cinder::Volume#v1': 'error',
      'OS::Nova::Server#s1': 'error',
    });
    expect(outcome.resources_reason).toEqual({
      'OS::Cinder::Volume#v1': 'cinder said no',
      'OS::Nova::Server#s1': 'was not restored',
    });
  });

  it('fails on a workflow error even when no resource failed, recording it under `restore`', () => {
    const outcome = restoreOutcome([], [], { workflowError: 'checkpoint c is error, not available' });
    expect(outcome.status).toBe('fail');
    expect(outcome.resources_reason).toEqual({ restore: 'checkpoint c is error, not available' });
  });

  it('succeeds with nothing to restore', () => {
    expect(restoreOutcome([], []).status).toBe('success');
  });
});
