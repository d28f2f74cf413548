import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnChild, startProcess } from '../processes.js';

/**
 * moto_server (Python moto, preinstalled on our machines) as the S3, Secrets Manager, STS and
 * Step Functions API emulator. moto 5.2.1 accepts only one StartExecution per process; the
 * launcher back-ports the upstream fix (moto 5.2.3, issue #10077) before starting the server.
 */

const patchedLauncher = `
import copy, sys
try:
    import moto.stepfunctions.parser.models as m
    _dc = copy.deepcopy
    class _C:
        @staticmethod
        def deepcopy(x, memo=None):
            if memo is None and hasattr(x, "executions") and hasattr(x, "backend"):
                memo = {id(x.executions): [], id(x.backend): x.backend}
            return _dc(x, memo)
    m.copy = _C
except ImportError:
    pass
from moto.server import main
main(sys.argv[1:])
`;

export interface MotoServer {
  readonly endpoint: string;
  readonly process: ChildProcess;
}

export const startMoto = async (options: { port?: number; python?: string } = {}): Promise<MotoServer> => {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const launcher = join(mkdtempSync(join(tmpdir(), 'karbor-moto-')), 'moto_patched_server.py');
  writeFileSync(launcher, patchedLauncher);
  const child = await startProcess({
    name: 'moto_server',
    launch: () =>
      spawnChild(options.python ?? 'python3', [launcher, '-H', '127.0.0.1', '-p', String(port)], {
        env: { ...process.env, MOTO_PORT: String(port) },
      }),
    isReady: async () => (await fetch(`${endpoint}/moto-api/`)).ok,
    installHint: 'moto_server needs Python 3 with moto[server] 5.x: pip install "moto[server]"',
  });
  return { endpoint, process: child };
};
