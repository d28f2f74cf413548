import { gcExecutionName } from './local-gc.js';
import { LocalOrchestrator } from './local-orchestrator.js';
import { stopAllProcesses } from './processes.js';

/**
 * `npm run gc`: one run of the gc workflow over the local block store (`KARBOR_BLOCK_STORE`, else
 * `file://$KARBOR_DATA_DIR/blocks`), as the daily schedule starts it. With the default `full`
 * timing a run condemns and a later run (≥ 20 h) deletes (docs/gc.md); `KARBOR_GC_SAFETY=none`
 * deletes at once (tests only: a backup running meanwhile could lose blocks).
 */
const main = async (): Promise<number> => {
  const orchestrator = new LocalOrchestrator();
  const name = gcExecutionName(new Date());
  await orchestrator.start('gc', name, {});
  const ended = await orchestrator.waitFor(name);
  console.log(JSON.stringify({ execution: name, status: ended.status, outcome: ended.outcome }, null, 2));
  return ended.status === 'SUCCEEDED' ? 0 : 1;
};

main()
  .then(async (code) => {
    await stopAllProcesses();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await stopAllProcesses();
    process.exit(1);
  });
