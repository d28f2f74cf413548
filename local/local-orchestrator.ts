import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateMachinesDir } from '../lib/workflows/definitions.js';
import { type Orchestrator, type WorkflowName, WorkflowUnavailable } from '../lib/workflows/orchestrator.js';

/**
 * Local mode's orchestrator runs `statemachines/<workflow>.asl.json`. A workflow whose file is
 * not there cannot run, and says so; the object it was started for then ends in error with
 * this reason instead of waiting forever.
 */
export class LocalOrchestrator implements Orchestrator {
  readonly #dir: string;

  constructor(dir = stateMachinesDir) {
    this.#dir = dir;
  }

  async start(workflow: WorkflowName): Promise<void> {
    const file = join(this.#dir, `${workflow}.asl.json`);
    if (!existsSync(file))
      throw new WorkflowUnavailable(`the ${workflow} workflow is not installed (${file} is missing)`);
    throw new WorkflowUnavailable(
      `local mode cannot run ${file} yet: the ASL runner is not part of this build`,
    );
  }
}
