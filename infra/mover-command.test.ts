import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../lib/blocks/job-spec.js';
import { submitMoverJob } from '../lib/workflows/mover-jobs.js';
import type { ResourceRun } from '../lib/workflows/runs/resource-runs.js';
import { buildMover } from '../mover-fargate/build.js';
import { repoRoot } from './karbor-stack.js';
const moverEntryPoint = ['node', '/app/dist/cli.mjs'];
import { synthKarbor } from './test-app.js';
import {
  type ContainerSettings,
  containerArgv,
  type ImageConfig,
  imageConfigOf,
  nodeBaseImage,
} from './testing/container-command.js';

/**
 * Finding 2 of issue 14: what the mover container runs on Fargate, composed from the image
 * (mover-fargate/Dockerfile over the node base image), the synthesized task definition and the
 * Command override of each synthesized state machine, then run with the built bundle.
 */

const run = promisify(execFile);
const dockerfile = await readFile(join(repoRoot, 'mover-fargate', 'Dockerfile'), 'utf8');
const builtImage = imageConfigOf(dockerfile, nodeBaseImage);
const dockerWorks = await run('docker', ['info'], { timeout: 10_000 }).then(
  () => true,
  () => false,
);

type CfnValue = string | { [key: string]: unknown } | CfnValue[];

/** A template value as CloudFormation would resolve it, with references as `<Ref …>` text. */
const resolveCfn = (value: CfnValue): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(resolveCfn).join('');
  const join = value['Fn::Join'] as [string, CfnValue[]] | undefined;
  if (join !== undefined) return join[1].map(resolveCfn).join(join[0]);
  return `<${JSON.stringify(value).replace(/"/g, '')}>`;
};

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ItemProcessor?: { readonly States: Record<string, AslState> };
  readonly Iterator?: { readonly States: Record<string, AslState> };
  readonly Branches?: { readonly States: Record<string, AslState> }[];
}

const statesOf = (states: Record<string, AslState>): AslState[] =>
  Object.values(states).flatMap((state) => [
    state,
    ...statesOf(state.ItemProcessor?.States ?? state.Iterator?.States ?? {}),
    ...(state.Branches ?? []).flatMap((branch) => statesOf(branch.States)),
  ]);

interface ContainerOverride {
  readonly Name: string;
  readonly 'Command.$'?: string;
  readonly Command?: string[];
  readonly EntryPoint?: unknown;
}

let template: Template;
let container: ContainerSettings & { readonly Name: string };
let overrides: Map<string, ContainerOverride[]>;

beforeAll(() => {
  template = synthKarbor().template;
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as {
    Properties: { ContainerDefinitions: { Name: string; EntryPoint?: string[]; Command?: string[] }[] };
  }[];
  const [definition] = taskDefinition?.Properties.ContainerDefinitions ?? [];
  if (definition === undefined) throw new Error('no container definition');
  container = { Name: definition.Name, entryPoint: definition.EntryPoint, command: definition.Command };
  overrides = new Map();
  for (const machine of Object.values(template.findResources('AWS::StepFunctions::StateMachine'))) {
    const { DefinitionString, StateMachineName } = (
      machine as { Properties: { DefinitionString: CfnValue; StateMachineName: CfnValue } }
    ).Properties;
    const asl = JSON.parse(resolveCfn(DefinitionString)) as { States: Record<string, AslState> };
    const runTasks = statesOf(asl.States).filter((s) => s.Resource?.includes(':states:::ecs:runTask'));
    if (runTasks.length === 0) continue;
    overrides.set(
      resolveCfn(StateMachineName).replace(/^.*-/, ''),
      runTasks.flatMap(
        (s) =>
          ((s.Parameters?.Overrides as { ContainerOverrides?: ContainerOverride[] } | undefined)
            ?.ContainerOverrides ?? []) as ContainerOverride[],
      ),
    );
  }
});

/** The mover's arguments as a workflow hands them over: a job written to a store, and its key. */
const argumentsFor = async (store: string, job: JobSpec): Promise<string[]> =>
  submitMoverJob(
    store,
    {
      project_id: job.project,
      run_id: `run-${job.operation}`,
      resource: { type: 'OS::Cinder::Volume', id: 'vol-1', name: 'vol-1' },
    } as unknown as ResourceRun,
    job,
  );

describe('mover container command (finding 2)', () => {
  it('overrides only the Command of the mover container, in every workflow that runs the mover', () => {
    expect([...overrides.keys()].sort()).toEqual(['gc', 'protect', 'restore', 'verify']);
    for (const [workflow, list] of overrides) {
      expect(list.length, workflow).toBeGreaterThan(0);
      for (const override of list) {
        expect(override.Name, workflow).toBe(container.Name);
        expect(override['Command.$'] ?? override.Command, workflow).toBeDefined();
        expect(override.EntryPoint, workflow).toBeUndefined();
      }
    }
  });

  it('gives the task definition the CLI as its entrypoint, the same as the image', () => {
    expect(container.entryPoint).toEqual(moverEntryPoint);
    expect(builtImage).toEqual({ entrypoint: moverEntryPoint, cmd: [] });
  });

  it.each([
    ['the image built from mover-fargate/Dockerfile', builtImage],
    ['a -c moverImage= image that keeps the node base image entrypoint', nodeBaseImage],
    [
      'a -c moverImage= image whose CMD was the CLI (9d4ea80)',
      { ...nodeBaseImage, cmd: [...moverEntryPoint] },
    ],
  ] as [string, ImageConfig][])(
    'runs the mover CLI with the override as its arguments from %s',
    (_, image) => {
      const args = [
        'backup',
        '--job-store',
        's3://bucket/karbor',
        '--job-key',
        'karbor/jobs/p/run-backup-volume-vol-1',
      ];
      expect(containerArgv(image, container, args)).toEqual([...moverEntryPoint, ...args]);
    },
  );

  it('would have run `node backup …` with the 9d4ea80 image and task definition (the composition is not vacuous)', () => {
    const old = imageConfigOf(
      dockerfile.replace(/^ENTRYPOINT .*$/m, 'CMD ["node", "/app/dist/cli.mjs"]'),
      nodeBaseImage,
    );
    expect(containerArgv(old, { entryPoint: undefined }, ['backup', '--job-key', 'k'])).toEqual([
      'node',
      'backup',
      '--job-key',
      'k',
    ]);
  });

  it.skipIf(!dockerWorks)(
    'builds the image from the repository (skipped: `docker info` fails, no container engine here)',
    async () => {
      await run('docker', ['build', '-f', 'mover-fargate/Dockerfile', '-t', 'karbor-mover:test', '.'], {
        cwd: repoRoot,
        timeout: 900_000,
      });
      const { stdout } = await run('docker', [
        'image',
        'inspect',
        '--format',
        '{{json .Config.Entrypoint}} {{json .Config.Cmd}}',
        'karbor-mover:test',
      ]);
      expect(stdout.trim()).toBe(`${JSON.stringify(moverEntryPoint)} null`);
    },
  );
});

describe('the built mover run through that command line (finding 2)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'karbor-mover-image-'));
    // the image's /app: dist/ from mover-fargate/build.ts and the one external package
    await buildMover(join(work, 'app', 'dist'));
    await mkdir(join(work, 'app', 'node_modules'));
    await cp(
      join(repoRoot, 'node_modules', 'lz4-wasm-nodejs'),
      join(work, 'app', 'node_modules', 'lz4-wasm-nodejs'),
      {
        recursive: true,
      },
    );
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  /** Runs the composed argv with /app mapped to the scratch image root, in a bare environment. */
  const runContainer = async (args: string[]) => {
    const [command = '', ...rest] = containerArgv(builtImage, container, args).map((part) =>
      part.startsWith('/app/') ? join(work, part) : part,
    );
    return run(command === 'node' ? process.execPath : command, rest, {
      cwd: join(work, 'app'),
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', NODE_ENV: 'production', HOME: work },
      timeout: 60_000,
    });
  };

  it('backs up a file into a file store and restores it byte for byte', async () => {
    const store = `file://${join(work, 'store')}`;
    const volume = join(work, 'volume.raw');
    const restored = join(work, 'restored.raw');
    const bytes = Buffer.concat([Buffer.alloc(3 << 20, 7), Buffer.from('the end of a small volume')]);
    await writeFile(volume, bytes);
    await writeFile(restored, Buffer.alloc(0));
    const common = { store, project: 'p1', checkpointId: 'cp-1', resourceId: 'vol-1' };
    const backup = await runContainer(
      await argumentsFor(store, {
        ...common,
        operation: 'backup',
        source: { type: 'file', path: volume },
      } as JobSpec),
    );
    expect(backup.stdout).toContain('"status":"');
    expect(JSON.parse(backup.stdout.trim().split('\n').at(-1) ?? '{}').summary).toMatchObject({
      operation: 'backup',
      exitCode: 0,
    });
    const restore = await runContainer(
      await argumentsFor(store, {
        ...common,
        operation: 'restore',
        target: { type: 'file', path: restored },
      } as JobSpec),
    );
    expect(JSON.parse(restore.stdout.trim().split('\n').at(-1) ?? '{}').summary).toMatchObject({
      operation: 'restore',
      exitCode: 0,
    });
    expect((await readFile(restored)).equals(bytes)).toBe(true);
  });
});
