import { done, type ResourceDriver, type StepContext } from '../driver.js';

/** The project is the container of the others: nothing to copy, its name and id are recorded. */
const record = async (context: StepContext) =>
  done({ project: { id: context.run.resource.id, name: context.run.resource.name } });

export const projectProtection: ResourceDriver = { firstStep: 'record', steps: { record } };
