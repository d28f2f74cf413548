import { describe, expect, it } from 'vitest';
import type { ChunkStore } from '../../blocks/chunk-store.js';
import { gcPageSize, pageOfProjects, prepareGc } from './gc-run.js';

const projects = Array.from({ length: 450 }, (_, i) => `p${String(i).padStart(4, '0')}`).reverse();

const recordingStore = () => {
  const keys: string[] = [];
  const store = { put: async (key: string) => void keys.push(key) } as unknown as ChunkStore;
  return { store, keys };
};

describe('gc pages', () => {
  it('takes the projects in sorted order, a page at a time, and says where the next page starts', () => {
    const first = pageOfProjects(projects, null, 200);
    expect(first.page[0]).toBe('p0000');
    expect(first.last).toBe('p0199');
    const third = pageOfProjects(projects, 'p0399', 200);
    expect(third.page).toHaveLength(50);
    expect(third.last).toBeNull();
  });

  it('writes a job for each project of the page only, under the run name every page shares', async () => {
    const { store, keys } = recordingStore();
    const plan = await prepareGc({ store, storeUrl: 's3://b/k', projects }, 'gc-daily-page1', 'full', {
      run: 'gc-daily',
      page: 1,
      after: `p${String(gcPageSize - 1).padStart(4, '0')}`,
    });
    expect(plan.projects).toHaveLength(gcPageSize);
    expect(plan.projects[0]?.project_id).toBe('p0200');
    expect(keys.every((key) => key.endsWith('/gc-gc-daily.json'))).toBe(true);
    expect(plan.next).toEqual({ run: 'gc-daily', page: 2, after: 'p0399' });
    expect(plan.next_name).toBe('gc-daily-page2');
  });

  it('keeps a page of projects and their outcomes well inside the 256 KiB state', async () => {
    const { store } = recordingStore();
    const plan = await prepareGc(
      { store, storeUrl: 's3://karbor-blocks-123456789012/karbor', projects },
      'gc',
      'full',
    );
    const outcomes = plan.projects.map((item) => ({
      ...item,
      mover: { Error: 'States.TaskFailed', Cause: 'x'.repeat(300) },
    }));
    expect(Buffer.byteLength(JSON.stringify({ ...plan, outcomes }))).toBeLessThan(200 * 1024);
  });
});
