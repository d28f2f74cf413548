import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskFailure } from '../../../local/task-bindings.js';
import type { DeployedTemplate } from './deployed-template.js';

/**
 * Runs the mover as `ecs:runTask.sync` runs its Fargate task: the command line Docker builds
 * from the image (the final stage of mover-fargate/Dockerfile, over the node base image's
 * `docker-entrypoint.sh`), the task definition's EntryPoint/Command and the state machine's
 * ContainerOverrides; the environment from the image, the task definition and the override
 * only. The result is what Step Functions gets from ECS: the task description, and on a
 * non-zero exit States.TaskFailed with that description as Cause (`Containers[].ExitCode`,
 * `StoppedReason: "Essential container in task exited"`, no stderr).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
}

/** What the official node images set (nodejs/docker-node: ENTRYPOINT docker-entrypoint.sh, CMD node). */
const nodeBaseImage: ImageConfig = {
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['node'],
  workdir: '/',
  env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', NODE_VERSION: '22' },
};

const jsonOrShell = (text: string): string[] =>
  text.trim().startsWith('[') ? (JSON.parse(text) as string[]) : ['/bin/sh', '-c', text.trim()];

/** The image config of the Dockerfile's final stage, on top of its node base image. */
export const parseDockerfile = (text: string): ImageConfig => {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const finalStage = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const from = lines[finalStage]?.split(/\s+/)[1] ?? '';
  if (!from.startsWith('node:')) throw new Error(`the harness knows only node base images, not ${from}`);
  let image: ImageConfig = nodeBaseImage;
  for (const line of lines.slice(finalStage + 1)) {
    const match = /^(\w+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, instruction, rest] = match as unknown as [string, string, string];
    switch (instruction.toUpperCase()) {
      case 'ENTRYPOINT':
        // Docker: setting ENTRYPOINT resets the CMD inherited from the base image
        image = { ...image, entrypoint: jsonOrShell(rest), cmd: [] };
        break;
      case 'CMD':
        image = { ...image, cmd: jsonOrShell(rest) };
        break;
      case 'WORKDIR':
        image = { ...image, workdir: rest.trim() };
        break;
      case 'ENV':
        image = {
          ...image,
          env: {
            ...image.env,
            ...Object.fromEntries([...rest.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
          },
        };
        break;
    }
  }
  return image;
};

export interface ContainerDefinition {
  readonly name: string;
  readonly entryPoint?: readonly string[] | undefined;
  readonly command?: readonly string[] | undefined;
  readonly environment: Readonly<Record<string, string>>;
}

/** Docker's merge of container config and image config (daemon: `merge(userConf, imageConf)`). */
export const containerArgv = (
  image: ImageConfig,
  container: { entryPoint?: readonly string[] | undefined; command?: readonly string[] | undefined },
): string[] => {
  if (container.entryPoint && container.entryPoint.length > 0)
    return [...container.entryPoint, ...(container.command ?? [])];
  const command = container.command && container.command.length > 0 ? container.command : image.cmd;
  return [...image.entrypoint, ...command];
};

const commandsOnPath = new Set(['node', 'npm', 'npx', 'sh', 'bash', 'rbd', 'docker-entrypoint.sh']);

/** nodejs/docker-node's docker-entrypoint.sh: `node` is put first unless $1 is a command. */
export const afterNodeEntrypoint = (argv: readonly string[]): string[] => {
  if (argv[0] !== 'docker-entrypoint.sh') return [...argv];
  const args = argv.slice(1);
  const first = args[0] ?? '';
  const isCommand = !first.startsWith('-') && (commandsOnPath.has(first) || first.startsWith('/'));
  return isCommand ? args : ['node', ...args];
};

export interface StartedTask {
  readonly argv: readonly string[];
  /** SIGTERM to the container's process, as Fargate sends when it stops a task */
  stop(): void;
  /** calls `listener` on each piece of log the container writes */
  onLog(listener: (text: string) => void): void;
}

export interface FargateRun {
  readonly exitCode: number;
  readonly argv: readonly string[];
  /** the end of what the container wrote to stderr: CloudWatch's, never in the ECS result */
  readonly logTail: string;
}

interface ContainerOverride {
  readonly Name?: string;
  readonly Command?: string[];
  readonly Environment?: { Name: string; Value: string }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalidParameter = (message: string): TaskFailure =>
  new TaskFailure(
    'ECS.InvalidParameterException',
    JSON.stringify({ errorType: 'InvalidParameterException', errorMessage: message }),
  );

/** ECS: the overrides of one RunTask, JSON-encoded, may be at most 8192 characters. */
const maxOverrideCharacters = 8192;

export class FargateMover {
  readonly image: ImageConfig;
  readonly container: ContainerDefinition;
  readonly taskDefinitionArn: string;
  readonly clusterArn: string;
  readonly #moverApp: string;
  readonly #platformEnv: Readonly<Record<string, string>>;
  readonly runs: FargateRun[] = [];
  /** Called with each started task; the test may stop it (SIGTERM, as Fargate does). */
  onStart: ((task: StartedTask) => void) | undefined;

  /**
   * `moverApp`: the built image's /app; `platformEnv`: what the task role and Fargate put in the
   * container's environment (credentials, region; endpoints of the emulated services).
   */
  constructor(
    template: DeployedTemplate,
    options: { repositoryRoot: string; moverApp: string; platformEnv: Readonly<Record<string, string>> },
  ) {
    this.image = parseDockerfile(
      readFileSync(join(options.repositoryRoot, 'mover-fargate', 'Dockerfile'), 'utf8'),
    );
    const taskId = template.ofType('AWS::ECS::TaskDefinition')[0] as string;
    const definitions = template.resolve(
      template.resource(taskId).Properties?.ContainerDefinitions,
    ) as Record<string, Json>[];
    const [definition] = definitions;
    if (!definition || definitions.length !== 1)
      throw new Error('the mover task definition needs one container');
    this.container = {
      name: String(definition.Name),
      entryPoint: definition.EntryPoint as string[] | undefined,
      command: definition.Command as string[] | undefined,
      environment: Object.fromEntries(
        ((definition.Environment ?? []) as { Name: string; Value: string }[]).map((e) => [e.Name, e.Value]),
      ),
    };
    this.taskDefinitionArn = template.ref(taskId);
    this.clusterArn = template.getAtt(template.ofType('AWS::ECS::Cluster')[0] as string, 'Arn');
    this.#moverApp = options.moverApp;
    this.#platformEnv = options.platformEnv;
  }

  /** The `ecs:runTask.sync` integration: the task's description, or States.TaskFailed. */
  async runTaskSync(parameters: Json): Promise<Json> {
    const override = this.#checkRequest(parameters);
    const argv = afterNodeEntrypoint(
      containerArgv(this.image, { ...this.container, command: override.Command ?? this.container.command }),
    );
    const environment = {
      ...this.image.env,
      ...this.container.environment,
      ...Object.fromEntries((override.Environment ?? []).map((e) => [e.Name, e.Value])),
      ...this.#platformEnv,
    };
    const { exitCode, logTail } = await this.#start(argv, environment);
    this.runs.push({ exitCode, argv, logTail });
    const task = this.#description(exitCode);
    if (exitCode === 0) return task;
    throw new TaskFailure('States.TaskFailed', JSON.stringify(task));
  }

  #checkRequest(parameters: Json): ContainerOverride {
    if (!isRecord(parameters)) throw invalidParameter('no parameters');
    if (parameters.Cluster !== this.clusterArn)
      throw invalidParameter(`unknown cluster ${String(parameters.Cluster)}`);
    if (parameters.TaskDefinition !== this.taskDefinitionArn)
      throw invalidParameter(`unknown task definition ${String(parameters.TaskDefinition)}`);
    if (parameters.LaunchType !== 'FARGATE') throw invalidParameter('the task definition requires FARGATE');
    const overrides = isRecord(parameters.Overrides) ? parameters.Overrides : {};
    if (JSON.stringify(overrides).length > maxOverrideCharacters)
      throw invalidParameter(`Container Overrides length must be at most ${maxOverrideCharacters}`);
    const containers = (overrides.ContainerOverrides ?? []) as ContainerOverride[];
    for (const container of containers)
      if (container.Name !== this.container.name)
        throw invalidParameter(
          `Override for container named ${String(container.Name)} is not a container in the TaskDefinition.`,
        );
    return containers[0] ?? {};
  }

  /** Starts argv inside the "image": /app is the built mover, `node` this Node.js. */
  #start(
    argv: readonly string[],
    environment: Record<string, string>,
  ): Promise<{ exitCode: number; logTail: string }> {
    const inImage = (word: string): string =>
      word === 'node'
        ? process.execPath
        : word.startsWith('/app/')
          ? join(this.#moverApp, word.slice(5))
          : word;
    const [executable, ...args] = argv.map(inImage) as [string, ...string[]];
    const workdir = this.image.workdir === '/app' ? this.#moverApp : tmpdir();
    const scratch = mkdtempSync(join(tmpdir(), 'karbor-fargate-tmp-'));
    return new Promise((resolve) => {
      if (!existsSync(executable) && executable !== process.execPath) {
        resolve({ exitCode: 127, logTail: `exec: ${executable}: not found` });
        return;
      }
      const child = spawn(executable, args, {
        cwd: workdir,
        env: { ...environment, TMPDIR: scratch, HOME: scratch },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let logTail = '';
      child.stderr.on('data', (chunk: Buffer) => {
        logTail = (logTail + chunk.toString()).slice(-4000);
      });
      this.onStart?.({
        argv,
        stop: () => child.kill('SIGTERM'),
        onLog: (listener) => child.stderr.on('data', (chunk: Buffer) => listener(chunk.toString())),
      });
      child.once('error', (error) => resolve({ exitCode: 127, logTail: error.message }));
      child.once('close', (code, signal) =>
        resolve({ exitCode: code ?? (signal === 'SIGKILL' ? 137 : 143), logTail }),
      );
    });
  }

  #description(exitCode: number): Record<string, Json> {
    const taskArn = `arn:aws:ecs:us-east-1:000000000000:task/${this.clusterArn.split('/').at(-1)}/${this.runs.length}`;
    return {
      Attachments: [],
      ClusterArn: this.clusterArn,
      Containers: [
        {
          ContainerArn: `${taskArn}/container`,
          ExitCode: exitCode,
          LastStatus: 'STOPPED',
          Name: this.container.name,
        },
      ],
      DesiredStatus: 'STOPPED',
      LastStatus: 'STOPPED',
      LaunchType: 'FARGATE',
      StopCode: 'EssentialContainerExited',
      StoppedReason: 'Essential container in task exited',
      TaskArn: taskArn,
      TaskDefinitionArn: this.taskDefinitionArn,
    };
  }
}
