/** Scenario fixture: answers as the running scenario test says (statemachines/gc-pages.test.ts). */
import { scenarioTask } from '../scenario.js';

export const handler = (event: unknown) => scenarioTask('finish-gc', event);
