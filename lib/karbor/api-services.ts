import { type Bank, createBank } from '../bank/bank.js';
import { type ProviderRegistry, providerRegistryFromEnv } from '../providers/provider-registry.js';
import { type Orchestrator, StepFunctionsOrchestrator } from '../workflows/orchestrator.js';
import type { ProtectablesFactory } from './protectables-port.js';

/** Everything a controller may use; created once per cold start (or once per local process). */
export interface ApiServices {
  readonly bank: Bank;
  readonly providers: ProviderRegistry;
  readonly orchestrator: Orchestrator;
  readonly protectables: ProtectablesFactory;
  readonly now: () => Date;
}

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
  now: override?.now ?? (() => new Date()),
});
