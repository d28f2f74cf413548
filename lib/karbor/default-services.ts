import { type ApiServices, createApiServices } from './api-services.js';
import { openStackProtectables } from './openstack-protectables.js';

/** The services every API Lambda uses: the Bank, providers, Step Functions and OpenStack. */
export const apiServices = (): ApiServices => createApiServices(openStackProtectables());
