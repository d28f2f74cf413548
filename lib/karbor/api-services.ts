import { type Bank, createBank } from '../bank/bank.js';
import { getChoice } from '../config/env.js';
import { type ProviderRegistry, providerRegistryFromEnv } from '../providers/provider-registry.js';
import { defaultLimits, type ScheduleLimits, testLimits } from '../schedules/index.js';
import { EventBridgeOperationScheduler } from '../workflows/eventbridge-scheduler.js';
import type { OperationScheduler } from '../workflows/operation-scheduler.js';
import { type Orchestrator, StepFunctionsOrchestrator } from '../workflows/orchestrator.js';
import { type Delegation, delegationFor } from './delegation.js';
import type { ProtectablesFactory } from './protectables-port.js';

/** Everything a controller may use; created once per cold start (or once per local process). */
export interface ApiServices {
  readonly bank: Bank;
  readonly providers: ProviderRegistry;
  readonly orchestrator: Orchestrator;
  readonly protectables: ProtectablesFactory;
  readonly scheduler: OperationScheduler;
  /** Keystone trusts that let workflows act for the requesting user. */
  readonly delegation: Delegation;
  readonly scheduleLimits: ScheduleLimits;
  readonly now: () => Date;
}

/** Local mode: a trigger may fire every minute, with any window Karbor or devstack allow. */
export const relaxedLimits: ScheduleLimits = {
  minInterval: 60,
  minWindow: testLimits.minWindow,
  maxWindow: defaultLimits.maxWindow,
};

/** `KARBOR_SCHEDULE_LIMITS`: `karbor` (at most hourly, window 900–1800 s) or `relaxed` (every minute, 20–1800 s). */
export const scheduleLimitsFromEnv = (): ScheduleLimits =>
  getChoice('KARBOR_SCHEDULE_LIMITS', ['karbor', 'relaxed'], 'karbor') === 'relaxed'
    ? relaxedLimits
    : defaultLimits;

let override: Partial<ApiServices> | undefined;

/** Local mode and tests replace parts (the local orchestrator, a test cloud's protectables). */
export const overrideApiServices = (services: Partial<ApiServices> | undefined): void => {
  override = services;
};

export const createApiServices = (protectables: ProtectablesFactory): ApiServices => ({
  bank: override?.bank ?? createBank(),
  providers: override?.providers ?? providerRegistryFromEnv(),
  orchestrator: override?.orchestrator ?? new StepFunctionsOrchestrator(),
  protectables: override?.protectables ?? protectables,
  scheduler: override?.scheduler ?? new EventBridgeOperationScheduler(),
  delegation: override?.delegation ?? delegationFor(),
  scheduleLimits: override?.scheduleLimits ?? scheduleLimitsFromEnv(),
  now: override?.now ?? (() => new Date()),
});
