import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stateMachinesDir } from '../lib/workflows/definitions.js';
import { type GcPageRequest, pageOfProjects } from '../lib/workflows/gc/gc-run.js';
import { LocalOrchestrator } from '../local/local-orchestrator.js';
import { localFixedValues } from '../local/local-workflow-values.js';
import { useScenario } from './test-fixtures/scenario.js';

/**
 * The real gc.asl.json collects one page of projects per execution and starts the next page
 * as a new execution, so neither the history (25,000 events) nor the state (256 KiB) of one
 * execution grows with the number of projects.
 */

const projects = Array.from({ length: 5 }, (_, i) => `project-${i}`);
const pageSize = 2;

const plan = (event: unknown) => {
  const { execution, request } = event as { execution: string; request: GcPageRequest };
  const run = request.run ?? execution;
  const page = request.page ?? 0;
  const { page: ids, last } = pageOfProjects(projects, request.after, pageSize);
  const next = last === null ? null : { run, page: page + 1, after: last };
  return {
    projects: ids.map((id) => ({ project_id: id, job_key: `jobs/${id}/gc`, command: ['gc', id] })),
    safety: 'full',
    run,
    page,
    next,
    next_name: next === null ? null : `${run}-page${next.page}`,
  };
};

describe('gc workflow over pages of projects', () => {
  it('collects every project, one execution per page, each starting the next', async () => {
    const scenario = useScenario({
      'prepare-gc': plan,
      'finish-gc': (event) => {
        const outcomes = (event as { outcomes: { project_id: string }[] }).outcomes;
        return { projects: outcomes.length, failed: 0, failed_projects: [] };
      },
    });
    const workflows = new LocalOrchestrator({
      dir: stateMachinesDir,
      tasksDir: fileURLToPath(new URL('./test-fixtures/tasks/', import.meta.url)),
      fixedValues: localFixedValues(),
      moverCommand: `${process.execPath} -e process.exit(0)`,
      logger: { info: () => undefined, error: () => undefined },
    });
    await workflows.start('gc', 'gc-daily', {});
    for (const name of ['gc-daily', 'gc-daily-page1', 'gc-daily-page2']) {
      await expect.poll(() => workflows.executions().some((e) => e.name === name)).toBe(true);
      expect((await workflows.waitFor(name)).status).toBe('SUCCEEDED');
    }
    expect(workflows.executions().map((e) => e.name)).toHaveLength(3);
    const collected = scenario.calls
      .filter((call) => call.task === 'finish-gc')
      .flatMap((call) =>
        (call.event as { outcomes: { project_id: string }[] }).outcomes.map((o) => o.project_id),
      );
    expect(collected.sort()).toEqual(projects);
  });
});
