import { execFile } from 'node:child_process';
import { parseDict, parseTable, type Row } from '../../test/client/table.js';

/**
 * The real `karbor` CLI (python3-karborclient) as a tenant runs it in token mode against our
 * API. Every command is remembered, with the token left out, for the demo's report.
 */

export interface CliRun {
  readonly args: readonly string[];
  readonly stdout: string;
  readonly seconds: number;
}

export class KarborCliError extends Error {
  override name = 'KarborCliError';
}

const cleanEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OS_'))),
  PYTHONWARNINGS: 'ignore',
  LC_ALL: 'C.UTF-8',
  COLUMNS: '400',
});

export class KarborCli {
  readonly runs: CliRun[] = [];
  readonly #token: () => string;
  readonly #endpoint: string;

  /** `endpoint`: `<api>/v1/<project>`; `token` is read at every call (tokens are renewed). */
  constructor(endpoint: string, token: () => string) {
    this.#endpoint = endpoint;
    this.#token = token;
  }

  run(args: readonly string[]): Promise<string> {
    const started = Date.now();
    const auth = ['--os-no-client-auth', '--os-auth-token', this.#token(), '--karbor-url', this.#endpoint];
    return new Promise((resolve, reject) => {
      execFile(
        'karbor',
        [...auth, ...args],
        { env: cleanEnv(), timeout: 120_000 },
        (error, stdout, stderr) => {
          if (error) {
            reject(new KarborCliError(`karbor ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
            return;
          }
          this.runs.push({ args, stdout, seconds: (Date.now() - started) / 1000 });
          resolve(stdout);
        },
      );
    });
  }

  async show(args: readonly string[]): Promise<Row> {
    return parseDict(await this.run(args));
  }

  async list(args: readonly string[]): Promise<Row[]> {
    return parseTable(await this.run(args));
  }

  /** Runs `show` until `done` holds for the object; fails with its last state after `timeoutMs`. */
  async waitFor(args: readonly string[], done: (row: Row) => boolean, timeoutMs = 900_000): Promise<Row> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.show(args);
      if (done(row)) return row;
      if (Date.now() > deadline)
        throw new KarborCliError(`karbor ${args.join(' ')}: gave up waiting, last: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  /** The commands as a user would type them (`$TOKEN` for the token). */
  transcript(): string[] {
    const lines: string[] = [];
    let repeats = 0;
    this.runs.forEach(({ args }, index) => {
      const line = `karbor --os-auth-token $TOKEN --karbor-url $KARBOR_URL ${args.map(quote).join(' ')}`;
      const next = this.runs[index + 1];
      if (next && next.args.join(' ') === args.join(' ')) {
        repeats++;
        return;
      }
      lines.push(repeats > 0 ? `${line}   # polled ${repeats + 1} times` : line);
      repeats = 0;
    });
    return lines;
  }
}

const quote = (word: string): string =>
  /^[\w@%+=:,./#-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
