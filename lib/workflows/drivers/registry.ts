import { ResourceTypes } from '../../protectables/model.js';
import type { ResourceRef, RunKind } from '../runs/resource-runs.js';
import type { WorkflowContext } from '../workflow-context.js';
import { type ResourceDriver, ResourceFailed } from './driver.js';
import { imageProtection } from './protect/image.js';
import { networkProtection } from './protect/network.js';
import { projectProtection } from './protect/project.js';
import { serverProtection } from './protect/server.js';
import { volumeProtection } from './protect/volume.js';
import { imageRestore } from './restore/image.js';
import { networkRestore } from './restore/network.js';
import { projectRestore } from './restore/project.js';
import { serverRestore } from './restore/server.js';
import { volumeRestore } from './restore/volume.js';
import { resourceVerification } from './verify/resource-verification.js';

/** Which driver moves a resource of each type through each workflow. */
const drivers: Record<RunKind, Partial<Record<string, ResourceDriver>>> = {
  protect: {
    [ResourceTypes.image]: imageProtection,
    [ResourceTypes.network]: networkProtection,
    [ResourceTypes.project]: projectProtection,
    [ResourceTypes.server]: serverProtection,
    [ResourceTypes.volume]: volumeProtection,
  },
  restore: {
    [ResourceTypes.image]: imageRestore,
    [ResourceTypes.network]: networkRestore,
    [ResourceTypes.project]: projectRestore,
    [ResourceTypes.server]: serverRestore,
    [ResourceTypes.volume]: volumeRestore,
  },
  verify: {},
};

/** The driver for every type a kind has no specific one for: verify treats all types alike. */
const fallbacks: Partial<Record<RunKind, ResourceDriver>> = { verify: resourceVerification };

export const driverFor = (context: Pick<WorkflowContext, 'kind'>, resource: ResourceRef): ResourceDriver => {
  const driver = drivers[context.kind][resource.type] ?? fallbacks[context.kind];
  if (!driver) throw new ResourceFailed(`${context.kind} has no driver for ${resource.type} resources`);
  return driver;
};
