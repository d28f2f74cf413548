import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { WorkflowName } from '../lib/workflows/orchestrator.js';

/**
 * What Step Functions keeps for AWS and the in-memory local orchestrator loses with its
 * process: which executions are running. One small file per running execution under
 * `<dataDir>/executions/`, written (fsynced, renamed) before the execution begins and removed
 * when it ends; the files left at start are the executions a killed `npm start` was running.
 */

export interface ExecutionRecord {
  readonly workflow: WorkflowName;
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly started_at: string;
  /** how many times a restart has resumed it already */
  readonly resumes: number;
}

const fileNameOf = (name: string): string => `${encodeURIComponent(name)}.json`;

const fsyncDirectory = (directory: string): void => {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

export class ExecutionRecords {
  readonly #directory: string;

  constructor(directory: string) {
    this.#directory = directory;
    mkdirSync(directory, { recursive: true });
  }

  write(record: ExecutionRecord): void {
    const target = join(this.#directory, fileNameOf(record.name));
    const temp = `${target}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(record));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    fsyncDirectory(this.#directory);
  }

  remove(name: string): void {
    rmSync(join(this.#directory, fileNameOf(name)), { force: true });
  }

  /** The executions recorded as running, oldest first; unreadable files are skipped and named. */
  list(onUnreadable: (file: string, error: Error) => void = () => undefined): ExecutionRecord[] {
    const records: ExecutionRecord[] = [];
    for (const file of readdirSync(this.#directory)) {
      const path = join(this.#directory, file);
      if (!file.endsWith('.json')) {
        rmSync(path, { force: true }); // a write cut short
        continue;
      }
      try {
        records.push(JSON.parse(readFileSync(path, 'utf8')) as ExecutionRecord);
      } catch (error) {
        onUnreadable(file, error as Error);
      }
    }
    return records.sort((a, b) => a.started_at.localeCompare(b.started_at));
  }
}
