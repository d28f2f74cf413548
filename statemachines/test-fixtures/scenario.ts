/**
 * The task results of the scenario being run: each fixture handler in tasks/ asks `scenarioTask`
 * for its answer, so one test can drive the real state-machine files with mocked tasks (as SAM's
 * MockConfigFile does) and see every call.
 */

export type TaskBehaviour = (event: unknown, attempt: number) => unknown;

interface Scenario {
  readonly behaviours: Record<string, TaskBehaviour>;
  readonly calls: { task: string; event: unknown }[];
}

const holder = globalThis as { karborScenario?: Scenario };

export const useScenario = (behaviours: Record<string, TaskBehaviour>): Scenario => {
  holder.karborScenario = { behaviours, calls: [] };
  return holder.karborScenario;
};

export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export const scenarioTask = async (task: string, event: unknown): Promise<unknown> => {
  const scenario = holder.karborScenario;
  if (!scenario) throw new Error('no scenario is running');
  scenario.calls.push({ task, event });
  const behaviour = scenario.behaviours[task];
  if (!behaviour) throw new Error(`the scenario did not expect task ${task}`);
  return behaviour(event, scenario.calls.filter((c) => c.task === task).length);
};
