import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getOptionalString } from './env.js';
import { envNames } from './env-names.js';

/**
 * How the mover reaches Ceph for `rbd export-diff` on AWS: the task definition injects the
 * text of a ceph.conf and a keyring from a Secrets Manager secret (`KARBOR_CEPH_CONF`,
 * `KARBOR_CEPH_KEYRING`) and sets, as plain variables, `CEPH_CONF` to `cephFiles.conf` and
 * `CEPH_ARGS` to `--keyring <cephFiles.keyring> --id <user>` (infra/mover.ts). The root
 * filesystem is read-only, so the mover writes both files under /tmp at start, readable by
 * its own user only; rbd, a child process, then finds them through the variables it inherits.
 */
const cephFiles = {
  conf: '/tmp/karbor-ceph/ceph.conf',
  keyring: '/tmp/karbor-ceph/keyring',
} as const;

/** `CEPH_ARGS` for a Ceph client user (the `karbor` of `client.karbor`). */
const cephArgs = (user: string): string => `--keyring ${cephFiles.keyring} --id ${user}`;

/**
 * Writes the files whose text the environment carries; returns the paths written. Does nothing
 * where neither variable is set (local mode reads the host's own Ceph configuration).
 */
const writeCephFilesFromEnv = async (
  files: { readonly conf: string; readonly keyring: string } = cephFiles,
): Promise<string[]> => {
  const written: string[] = [];
  for (const [text, path] of [
    [getOptionalString(envNames.cephConfText), files.conf],
    [getOptionalString(envNames.cephKeyringText), files.keyring],
  ] as const) {
    if (text === undefined) continue;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
    written.push(path);
  }
  return written;
};

export { cephArgs, cephFiles, writeCephFilesFromEnv };
