import { execFile, spawn } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { join } from 'node:path';
import { rbdImageName } from '../../lib/openstack/block-storage/rbd-names.js';

/**
 * Data inside the test cloud's RBD volumes, as a VM would have written it: there is no VM (Nova
 * runs its fake driver), so bytes are written with the Ceph admin key through librbd, and read
 * back for checksums with the mover's read-only key.
 */

const testCloudDir = (): string => process.env.KARBOR_TESTCLOUD_DIR ?? '/var/lib/karbor-testcloud';
const adminConf = (): string => join(testCloudDir(), 'data', 'ceph', 'ceph.conf');
const moverConf = (): string => join(testCloudDir(), 'etc', 'ceph', 'ceph.conf');

/** Deterministic pseudo-random bytes (AES-CTR keystream of `seed`). */
export const keystreamBytes = (seed: string, length: number): Buffer => {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(
    Buffer.alloc(length),
  );
};

const writer = `
import sys, rados, rbd
conf, pool, name, offset = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = sys.stdin.buffer.read()
cluster = rados.Rados(conffile=conf)
cluster.connect()
try:
    ioctx = cluster.open_ioctx(pool)
    with rbd.Image(ioctx, name) as image:
        image.write(data, offset)
        image.flush()
    ioctx.close()
finally:
    cluster.shutdown()
`;

/** Writes `data` at `offset` into the RBD image of Cinder volume `volumeId` (pool `volumes`). */
export const writeVolumeBytes = (
  volumeId: string,
  offset: number,
  data: Uint8Array,
  pool = 'volumes',
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      '/usr/bin/python3',
      ['-c', writer, adminConf(), pool, rbdImageName(volumeId), String(offset)],
      { maxBuffer: 1 << 20 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`rbd write failed: ${stderr || error.message}`)) : resolve(),
    );
    child.stdin?.end(data);
  });

/** SHA-256 of the whole RBD image of a volume (`rbd export` with the mover's read-only key). */
export const volumeSha256 = (volumeId: string, pool = 'volumes'): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const child = spawn(
      'rbd',
      ['--conf', moverConf(), '--id', 'karbor-mover', 'export', `${pool}/${rbdImageName(volumeId)}`, '-'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => hash.update(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(hash.digest('hex'))
        : reject(new Error(`rbd export failed (${code}): ${stderr.trim()}`)),
    );
  });
