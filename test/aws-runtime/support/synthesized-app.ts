import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMover } from '../../../mover-fargate/build.js';

/**
 * What `cdk deploy` would ship, made once per source tree: the synthesized cloud assembly
 * (`cdk synth`, about 3 minutes) and the mover image's `/app` (mover-fargate/build.ts output
 * plus lz4-wasm-nodejs, as the Dockerfile copies them). Both are cached under the system's temp
 * directory by a hash of the sources, outside any node_modules, so a bundle cannot resolve a
 * package the Lambda asset does not hold.
 */

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const sourceDirs = ['infra', 'lib', 'functions', 'statemachines', 'mover-fargate'];
const sourceFiles = ['package.json', 'package-lock.json', 'cdk.json', 'tsconfig.json'];

/** A hash of every file synth and the mover build read (tracked or not; ignored files and tests left out). */
export const sourceHash = (): string => {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...sourceDirs, ...sourceFiles],
    { cwd: repositoryRoot, encoding: 'utf8' },
  );
  const hash = createHash('sha256');
  const sources = listed.split('\n').filter((file) => file !== '' && !file.endsWith('.test.ts'));
  for (const file of sources.sort()) {
    const path = join(repositoryRoot, file);
    if (!existsSync(path)) continue;
    hash.update(file).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
};

const cacheRoot = (): string => join(process.env.KARBOR_AWS_RUNTIME_CACHE ?? tmpdir(), 'karbor-aws-runtime');

/** Builds into a scratch directory and renames it into place, so a killed build leaves no half cache. */
const cached = async (dir: string, build: (scratch: string) => Promise<void> | void): Promise<string> => {
  if (existsSync(dir)) return dir;
  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  await build(scratch);
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return dir;
};

const synth = (outdir: string): void => {
  const result = spawnSync('npx', ['cdk', 'synth', '--no-notices', '-q', '-o', outdir], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0)
    throw new Error(`cdk synth failed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
};

/** The image's /app: dist/ from the mover build and node_modules/lz4-wasm-nodejs beside it. */
const buildMoverApp = async (app: string): Promise<void> => {
  await buildMover(join(app, 'dist'));
  cpSync(
    join(repositoryRoot, 'node_modules', 'lz4-wasm-nodejs'),
    join(app, 'node_modules', 'lz4-wasm-nodejs'),
    {
      recursive: true,
      dereference: true,
    },
  );
};

export interface SynthesizedApp {
  /** The cloud assembly directory (templates and Lambda assets). */
  readonly assembly: string;
  /** The mover image's /app directory. */
  readonly moverApp: string;
}

export const synthesizeApp = async (): Promise<SynthesizedApp> => {
  const dir = join(cacheRoot(), sourceHash());
  const assembly = await cached(join(dir, 'cdk.out'), synth);
  const moverApp = await cached(join(dir, 'mover-app'), buildMoverApp);
  return { assembly, moverApp };
};
