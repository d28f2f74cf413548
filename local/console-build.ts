import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { guardedSpawn } from './child-guard.js';
import { trackChild } from './processes.js';

/**
 * `npm start` serves console/dist; this keeps it current. The check is a walk over the
 * console's sources (and the shared code it bundles) comparing modification times with the
 * built index.html, so an up-to-date console costs a few milliseconds at start-up; a stale or
 * missing one is rebuilt with Vite in the background while the API already answers.
 */

export class ConsoleBuildError extends Error {
  override name = 'ConsoleBuildError';
}

export interface ConsoleLayout {
  readonly repoRoot: string;
  /** console/ */
  readonly sourceDir: string;
  /** console/dist/ */
  readonly distDir: string;
  /** Other inputs of the bundle: directories walked, single files. */
  readonly sharedInputs: readonly string[];
}

export const consoleLayout = (repoRoot: string): ConsoleLayout => ({
  repoRoot,
  sourceDir: join(repoRoot, 'console'),
  distDir: join(repoRoot, 'console', 'dist'),
  sharedInputs: [join(repoRoot, 'lib', 'schedules'), join(repoRoot, 'package-lock.json')],
});

const skipped = new Set(['dist', 'node_modules']);
const isTest = (name: string): boolean => /\.test\.tsx?$/.test(name);

/** The newest modification time (ms) of the files under `path`, tests excluded. */
const newestInput = async (path: string): Promise<number> => {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (skipped.has(entry.name) || isTest(entry.name)) continue;
    newest = Math.max(newest, await newestInput(join(path, entry.name)));
  }
  return newest;
};

/** Why the console must be built, or undefined when console/dist is newer than every input. */
export const staleReason = async (layout: ConsoleLayout): Promise<string | undefined> => {
  const built = await stat(join(layout.distDir, 'index.html')).catch(() => undefined);
  if (!built) return 'console/dist is missing';
  const inputs = await Promise.all([layout.sourceDir, ...layout.sharedInputs].map(newestInput));
  return Math.max(...inputs) > built.mtimeMs ? 'its sources changed since the last build' : undefined;
};

/** Runs `vite build` for the console; rejects with Vite's output when it fails. */
export const buildConsole = async (layout: ConsoleLayout): Promise<void> => {
  const vite = join(layout.repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new ConsoleBuildError('vite is not installed: run npm ci');
  const child = trackChild(
    guardedSpawn(process.execPath, [vite, 'build', '--config', join(layout.sourceDir, 'vite.config.ts')], {
      cwd: layout.repoRoot,
    }),
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new ConsoleBuildError(`vite build failed (exit ${code}):\n${output.trim()}`);
};

export type ConsoleState =
  | { readonly state: 'ready'; readonly built: boolean }
  | { readonly state: 'building' }
  | { readonly state: 'failed'; readonly reason: string };

/**
 * Builds the console if needed. `current()` tells the static server what to answer meanwhile;
 * `done` settles when the console is ready or its build failed (it never rejects).
 */
export const ensureConsoleBuilt = (
  layout: ConsoleLayout,
): { current(): ConsoleState; done: Promise<ConsoleState> } => {
  let state: ConsoleState = { state: 'building' };
  const done = (async (): Promise<ConsoleState> => {
    try {
      if ((await staleReason(layout)) === undefined) return { state: 'ready', built: false };
      await buildConsole(layout);
      return { state: 'ready', built: true };
    } catch (error) {
      return { state: 'failed', reason: (error as Error).message };
    }
  })().then((final) => {
    state = final;
    return final;
  });
  return { current: () => state, done };
};
