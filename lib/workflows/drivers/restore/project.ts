import { done, type ResourceDriver, type StepContext } from '../driver.js';

/**
 * The project is the container of the others: restored means "the target project", by its id.
 * Without a restore target that is the caller's own project (the one its trust is scoped to),
 * known without asking OpenStack; with one, the project the target session is scoped to.
 */
const targetProject = async (context: StepContext): Promise<string> =>
  context.workflow.restore_target ? (await context.session()).projectId() : context.workflow.project_id;

const record = async (context: StepContext) =>
  done({ new_id: await targetProject(context), restored_from: context.run.resource.id });

export const projectRestore: ResourceDriver = { firstStep: 'record', steps: { record } };
