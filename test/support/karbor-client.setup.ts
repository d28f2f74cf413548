import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Global setup of the client tier: the real CLIs must be installed. A missing CLI fails the
 * run with what to install — the tier never skips.
 */

const execFileAsync = promisify(execFile);

const installHint =
  'The client tier drives the real python-karborclient. Install it with: ' +
  'apt-get install -y python3-karborclient python3-openstackclient';

export class ClientTierSetupError extends Error {
  override name = 'ClientTierSetupError';
}

const output = async (command: string, args: readonly string[]): Promise<string> => {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: 60_000 });
    return stdout;
  } catch (error) {
    throw new ClientTierSetupError(`\`${command} ${args.join(' ')}\` failed. ${installHint}`, {
      cause: error,
    });
  }
};

export default async function setup(): Promise<void> {
  const version = (await output('karbor', ['--version'])).trim();
  if (!/^\d+\.\d+/.test(version)) {
    throw new ClientTierSetupError(`\`karbor --version\` printed "${version}". ${installHint}`);
  }
  const modules = JSON.parse(await output('openstack', ['module', 'list', '-f', 'json'])) as Record<
    string,
    string
  >;
  if (!modules.karborclient) {
    throw new ClientTierSetupError(`openstack has no data protection plugin (karborclient). ${installHint}`);
  }
}
