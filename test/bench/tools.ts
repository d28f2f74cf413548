import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface Measured {
  readonly seconds: number;
  /** peak resident set size of the process tree's main process, bytes (GNU time %M) */
  readonly peakRss: number;
  readonly stdout: string;
}

/** Runs a command under GNU time, failing loudly on a non-zero exit. */
const measure = (command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '@@time %e %M', command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
    });
    child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => {
      const match = /@@time ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !match) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
        return;
      }
      resolve({ seconds: Number(match[1]), peakRss: Number(match[2]) * 1024, stdout });
    });
  });

/** Runs a shell pipeline (for `cat x > /dev/null` style baselines). */
const measureShell = (script: string): Promise<Measured> => measure('/bin/sh', ['-c', script]);

/** Node's SHA-256 (OpenSSL) over a file in 4 MiB reads, one thread: the hashing floor. */
const nodeSha256Seconds = async (path: string): Promise<number> => {
  const started = performance.now();
  const handle = await open(path, 'r');
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(4 << 20);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  hash.digest();
  return (performance.now() - started) / 1000;
};

/** Bytes of all files under a directory (what a store holds). */
const directoryBytes = async (dir: string): Promise<number> => {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
};

const filesEqual = async (a: string, b: string): Promise<boolean> => {
  const run = await measure('cmp', ['-s', a, b]).then(
    () => true,
    () => false,
  );
  return run;
};

export type { Measured };
export { directoryBytes, filesEqual, measure, measureShell, nodeSha256Seconds };
