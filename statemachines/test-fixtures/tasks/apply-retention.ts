/** Scenario fixture: answers as the running scenario test says (statemachines/lifecycle.scenarios.test.ts). */
import { scenarioTask } from '../scenario.js';

export const handler = (event: unknown) => scenarioTask('apply-retention', event);
