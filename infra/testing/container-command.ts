/**
 * What a container runs, composed the way Docker and ECS compose it, so infra tests can check
 * the mover's command line without a container engine:
 *
 * - A Dockerfile's ENTRYPOINT and CMD (exec form is a JSON array; shell form runs under
 *   `/bin/sh -c`) start from the base image's. Setting ENTRYPOINT resets a CMD inherited from
 *   the base image (not one set earlier in the same stage). docs.docker.com "Understand how
 *   CMD and ENTRYPOINT interact"; buildkit dispatchEntrypoint (`if !d.cmdSet { Cmd = nil }`).
 * - A container's entrypoint replaces the image's, and then the image's CMD is not used
 *   (moby daemon `merge`: image Cmd only when the container sets neither). ECS passes the
 *   task definition's `EntryPoint` and `Command` that way; a RunTask `ContainerOverrides[].Command`
 *   replaces `Command`.
 * - The node images' ENTRYPOINT is docker-entrypoint.sh, which runs `node "$@"` when the first
 *   argument starts with `-`, or is not a command on PATH, or is a file that is not executable
 *   (nodejs/docker-node `docker-entrypoint.sh`).
 */

interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
}

/** `node:22-bookworm-slim` as nodejs/docker-node's Dockerfile builds it. */
const nodeBaseImage: ImageConfig = { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'] };

/** Commands on PATH in the node base image that a first argument could name. */
const nodeImageCommands = new Set([
  'node',
  'npm',
  'npx',
  'corepack',
  'yarn',
  'sh',
  'bash',
  'docker-entrypoint.sh',
]);

class ContainerCommandError extends Error {
  override name = 'ContainerCommandError';
}

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with continuation lines joined and comments dropped. */
const parseDockerfile = (text: string): Instruction[] =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });

const commandForm = (args: string): string[] => {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
      throw new ContainerCommandError(`not an exec-form array: ${args}`);
    }
    return parsed;
  }
  return ['/bin/sh', '-c', args];
};

/**
 * The ENTRYPOINT and CMD of the Dockerfile's last stage, starting from `base` (the config of the
 * image its last FROM names).
 */
const imageConfigOf = (dockerfile: string, base: ImageConfig): ImageConfig => {
  const instructions = parseDockerfile(dockerfile);
  const stage = instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM') + 1);
  let { entrypoint, cmd } = base;
  let cmdSet = false;
  for (const { keyword, args } of stage) {
    if (keyword === 'CMD') {
      cmd = commandForm(args);
      cmdSet = true;
    } else if (keyword === 'ENTRYPOINT') {
      entrypoint = commandForm(args);
      if (!cmdSet) cmd = [];
    }
  }
  return { entrypoint, cmd };
};

interface ContainerSettings {
  /** the task definition's `EntryPoint` */
  readonly entryPoint?: readonly string[] | undefined;
  /** the task definition's `Command` */
  readonly command?: readonly string[] | undefined;
}

/** node's docker-entrypoint.sh: `exec "$@"`, or `exec node "$@"` when $1 is no command. */
const nodeDockerEntrypoint = (args: readonly string[]): string[] => {
  const [first = ''] = args;
  // an absolute path to a script is a file that is not executable (the image's are 0644)
  const isCommand = (first.startsWith('/') && !/\.[cm]?js$/.test(first)) || nodeImageCommands.has(first);
  return first.startsWith('-') || !isCommand ? ['node', ...args] : [...args];
};

/** The argv the container's process runs, after docker-entrypoint.sh if the image has it. */
const containerArgv = (
  image: ImageConfig,
  container: ContainerSettings,
  overrideCommand?: readonly string[],
): string[] => {
  const command = overrideCommand ?? container.command;
  const entrypoint =
    container.entryPoint !== undefined && container.entryPoint.length > 0 ? container.entryPoint : undefined;
  const argv =
    entrypoint !== undefined
      ? [...entrypoint, ...(command ?? [])]
      : [...image.entrypoint, ...(command ?? image.cmd)];
  const [first, ...rest] = argv;
  if (first === undefined) throw new ContainerCommandError('the container has no command');
  return first === 'docker-entrypoint.sh' || first.endsWith('/docker-entrypoint.sh')
    ? nodeDockerEntrypoint(rest)
    : argv;
};

export type { ContainerSettings, ImageConfig, Instruction };
export { ContainerCommandError, containerArgv, imageConfigOf, nodeBaseImage, parseDockerfile };
