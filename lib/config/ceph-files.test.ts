import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cephArgs, writeCephFilesFromEnv } from './ceph-files.js';

describe('ceph files for rbd on AWS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes the ceph.conf and keyring the task secrets carry, readable by the owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'karbor-ceph-'));
    const files = { conf: join(dir, 'ceph', 'ceph.conf'), keyring: join(dir, 'ceph', 'keyring') };
    vi.stubEnv('KARBOR_CEPH_CONF', '[global]\nmon_host = 10.0.0.1');
    vi.stubEnv('KARBOR_CEPH_KEYRING', '[client.karbor]\n\tkey = AQBfake==\n');
    expect(await writeCephFilesFromEnv(files)).toEqual([files.conf, files.keyring]);
    expect(await readFile(files.conf, 'utf8')).toBe('[global]\nmon_host = 10.0.0.1\n');
    expect(await readFile(files.keyring, 'utf8')).toBe('[client.karbor]\n\tkey = AQBfake==\n');
    expect((await stat(files.keyring)).mode & 0o777).toBe(0o600);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes nothing where the task has no Ceph secret', async () => {
    vi.stubEnv('KARBOR_CEPH_CONF', '');
    vi.stubEnv('KARBOR_CEPH_KEYRING', '');
    const files = { conf: join(tmpdir(), 'never', 'ceph.conf'), keyring: join(tmpdir(), 'never', 'keyring') };
    expect(await writeCephFilesFromEnv(files)).toEqual([]);
  });

  it('names the keyring file and the client user for rbd', () => {
    expect(cephArgs('karbor')).toBe('--keyring /tmp/karbor-ceph/keyring --id karbor');
  });
});
