import { type ApiServices, createApiServices } from './api-services.js';
import { ProtectablesUnavailable } from './protectables-port.js';

/** The services every API Lambda uses: the Bank, providers, Step Functions and OpenStack. */
export const apiServices = (): ApiServices =>
  createApiServices(() => {
    throw new ProtectablesUnavailable('OpenStack is not configured for this service');
  });
