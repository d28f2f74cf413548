import { done, type ResourceDriver, type StepContext } from '../driver.js';

/** The project is the container of the others: restored means "the target project", by its id. */
const record = async (context: StepContext) =>
  done({ new_id: await (await context.session()).projectId(), restored_from: context.run.resource.id });

export const projectRestore: ResourceDriver = { firstStep: 'record', steps: { record } };
