import type { WorkflowName } from '../lib/workflows/orchestrator.js';
import type { ExecutionRecord, ExecutionRecords } from './execution-records.js';
import { LocalOrchestrator } from './local-orchestrator.js';

/**
 * The local orchestrator with a record of every running execution in the data directory
 * (execution-records.ts), so that the next `npm start` can recover what this one was running.
 * Child executions (a retention's protect, its deletes) go through `start` too and are
 * recorded the same way.
 */
export class RecordedOrchestrator extends LocalOrchestrator {
  readonly #records: ExecutionRecords;
  readonly #resumes = new Map<string, number>();

  constructor(records: ExecutionRecords, options: ConstructorParameters<typeof LocalOrchestrator>[0] = {}) {
    super(options);
    this.#records = records;
  }

  override async start(
    workflow: WorkflowName,
    executionName: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (this.executions().some((execution) => execution.name === executionName)) return;
    this.#records.write({
      workflow,
      name: executionName,
      input,
      started_at: new Date().toISOString(),
      resumes: this.#resumes.get(executionName) ?? 0,
    });
    try {
      await super.start(workflow, executionName, input);
    } catch (error) {
      this.#records.remove(executionName);
      throw error;
    }
    const forget = () => this.#records.remove(executionName);
    void this.waitFor(executionName).then(forget, forget);
  }

  /** Starts a recorded execution again under its name, counting the resume. */
  async resume(record: ExecutionRecord): Promise<void> {
    this.#resumes.set(record.name, record.resumes + 1);
    await this.start(record.workflow, record.name, record.input);
  }
}
