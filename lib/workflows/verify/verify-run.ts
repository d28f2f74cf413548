import type { Bank } from '../../bank/bank.js';
import { ConditionFailed } from '../../bank/bank-errors.js';
import { handlesOf, type ResourceHandle, runWaves } from '../resource-handles.js';
import { type ResourceRunRepository, resourceKeyOf } from '../runs/resource-runs.js';
import { runTotals } from '../runs/run-summary.js';
import type { FinishOptions } from '../states-error.js';
import { wavesOfPackedGraph } from '../waves.js';
import type { WorkflowContext } from '../workflow-context.js';

/**
 * The first and last task of the verify workflow. Start checks the verification and its
 * checkpoint and hands every resource of the checkpoint to the per-resource loop (one wave:
 * verifying has no order); finish records each resource's outcome in `resources_status` /
 * `resources_reason` and ends the verification `success` only if every resource verified,
 * else `fail`; it never stays `in_progress`.
 */

export interface VerifyRequest {
  readonly project_id: string;
  readonly verification_id: string;
  readonly checkpoint_id: string;
  readonly provider_id: string;
  readonly operation_log_id: string | null;
  readonly trust_id?: string | null;
}

export interface VerifyStart {
  readonly context: WorkflowContext;
  /** where each resource sits, not the resource: the state payload stays small (resource-handles.ts) */
  readonly waves: ResourceHandle[][];
}

export class VerificationRefused extends Error {
  override name = 'VerificationRefused';
}

export const startVerify = async (bank: Bank, request: VerifyRequest, now: Date): Promise<VerifyStart> => {
  const verification = await bank.verifications.get(request.project_id, request.verification_id);
  if (!verification) throw new VerificationRefused(`verification ${request.verification_id} does not exist`);
  if (verification.status !== 'in_progress')
    throw new VerificationRefused(`verification ${verification.id} already ended ${verification.status}`);
  const checkpoint = await bank.checkpoints.get(request.project_id, request.checkpoint_id);
  if (!checkpoint) throw new VerificationRefused(`checkpoint ${request.checkpoint_id} does not exist`);
  if (checkpoint.status !== 'available')
    throw new VerificationRefused(`checkpoint ${checkpoint.id} is ${checkpoint.status}, not available`);
  const waves = runWaves('verify', checkpoint.resource_graph);
  return {
    context: {
      kind: 'verify',
      project_id: request.project_id,
      provider_id: checkpoint.provider_id,
      checkpoint_id: checkpoint.id,
      run_id: verification.id,
      plan_id: checkpoint.plan_id,
      operation_log_id: request.operation_log_id,
      trust_id: request.trust_id ?? null,
      started_at: now.toISOString(),
    },
    waves: handlesOf(waves),
  };
};

export const finishVerify = async (
  bank: Bank,
  runs: ResourceRunRepository,
  request: Pick<VerifyRequest, 'project_id' | 'verification_id' | 'checkpoint_id' | 'operation_log_id'>,
  now: Date,
  options: FinishOptions = {},
): Promise<{ status: 'success' | 'fail' }> => {
  const checkpoint = await bank.checkpoints.get(request.project_id, request.checkpoint_id);
  const expected = wavesOfPackedGraph(checkpoint?.resource_graph ?? null)
    .flat()
    .map(resourceKeyOf);
  const resourceRuns = await runs.list(request.project_id, request.verification_id);
  const byKey = new Map(resourceRuns.map((run) => [run.resource_key, run]));
  const resourcesStatus: Record<string, string> = {};
  const resourcesReason: Record<string, string> = {};
  for (const key of expected) {
    const run = byKey.get(key);
    const ok = run?.status === 'available';
    resourcesStatus[key] = ok ? 'available' : 'error';
    if (!ok) resourcesReason[key] = run?.reason ?? (run ? run.status : 'was not verified');
  }
  if (options.workflowError) resourcesReason.verify = options.workflowError;
  const failed = options.workflowError !== undefined || Object.keys(resourcesReason).length > 0;
  const status = failed ? 'fail' : 'success';
  try {
    await bank.verifications.update(
      request.project_id,
      request.verification_id,
      { status, resources_status: resourcesStatus, resources_reason: resourcesReason },
      {
        expression: '#status = :running',
        names: { '#status': 'status' },
        values: { ':running': 'in_progress' },
      },
    );
  } catch (error) {
    // a re-run after the verification already ended changes nothing
    if (!(error instanceof ConditionFailed)) throw error;
  }
  if (request.operation_log_id) {
    const totals = runTotals(resourceRuns);
    await bank.operationLogs.update(request.project_id, request.operation_log_id, {
      status,
      ended_at: now.toISOString(),
      error_info: failed
        ? Object.entries(resourcesReason)
            .map(([k, r]) => `${k}: ${r}`)
            .join('; ')
        : null,
      extra_info: JSON.stringify({ bytes_checked: totals.bytes_read }),
    });
  }
  return { status };
};
