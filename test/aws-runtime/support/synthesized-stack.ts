import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { type Orchestrator, type WorkflowName, workflowNames } from '../../../lib/workflows/orchestrator.js';
import { type ExecutionReport, runDefinition } from '../../../local/asl-runner.js';
import {
  childExecutionResult,
  childInputOf,
  type Json,
  type TaskBinding,
  TaskFailure,
  taskStatesOf,
  withTaskTimeouts,
} from '../../../local/task-bindings.js';
import { DeployedTemplate } from './deployed-template.js';
import { FargateMover } from './fargate-mover.js';
import { LambdaBundles } from './lambda-bundles.js';
import { repositoryRoot, type SynthesizedApp } from './synthesized-app.js';

/**
 * The stack `cdk deploy` would create, run in-process: each state machine's DefinitionString
 * from the synthesized template, resolved as CloudFormation would, runs through the local ASL
 * runner (with Step Functions' history and payload limits); its `lambda:invoke` Tasks call the
 * synthesized bundles, its `ecs:runTask.sync` Tasks start the built mover as the Fargate task
 * would, and `states:startExecution(.sync:2)` runs the other state machine the same way. A
 * failed execution goes to the reconcile function, as the EventBridge status rule sends it.
 */

const isRecord = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface DeployedStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly definition: StateMachineDefinition;
}

export interface SynthesizedStackOptions {
  readonly app: SynthesizedApp;
  /** What `Ref` gives for the table, bucket and secret the test made (by logical-id prefix). */
  readonly resources: { readonly table: string; readonly bucket: string; readonly secretArn: string };
  /** Deploy-time settings that end up in the functions' environment (e.g. OS_AUTH_URL). */
  readonly settings?: Readonly<Record<string, string>>;
  /** What the roles and Fargate give a container: credentials, region, emulator endpoints. */
  readonly platformEnv: Readonly<Record<string, string>>;
  /** Milliseconds for Wait states, by state name (Step Functions' own times by default). */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
}

interface Execution {
  readonly workflow: string;
  readonly input: Json;
  readonly done: Promise<ExecutionReport>;
}

export class SynthesizedStack implements Orchestrator {
  readonly template: DeployedTemplate;
  readonly functions: LambdaBundles;
  readonly mover: FargateMover;
  readonly #machines = new Map<string, DeployedStateMachine>();
  readonly #executions = new Map<string, Execution>();
  readonly #options: SynthesizedStackOptions;

  constructor(options: SynthesizedStackOptions) {
    this.#options = options;
    const draft = DeployedTemplate.fromAssembly(options.app.assembly);
    const { table, bucket, secretArn } = options.resources;
    this.template = DeployedTemplate.fromAssembly(options.app.assembly, {
      [draft.logicalId('AWS::DynamoDB::Table', 'DataBank')]: table,
      [draft.logicalId('AWS::S3::Bucket', 'DataBlocks')]: bucket,
      [draft.logicalId('AWS::SecretsManager::Secret', 'DataServiceCredentials')]: secretArn,
    });
    this.functions = new LambdaBundles(this.template, options.app.assembly, options.settings);
    this.mover = new FargateMover(this.template, {
      repositoryRoot,
      moverApp: options.app.moverApp,
      platformEnv: options.platformEnv,
    });
    for (const id of this.template.ofType('AWS::StepFunctions::StateMachine')) {
      const properties = this.template.resource(id).Properties ?? {};
      const definition = JSON.parse(
        this.template.resolveString(properties.DefinitionString),
      ) as StateMachineDefinition;
      const machine = { arn: this.template.ref(id), name: String(properties.StateMachineName), definition };
      this.#machines.set(machine.arn, machine);
    }
  }

  /** The state machine of a workflow (`Karbor-<workflow>`). */
  machine(workflow: string): DeployedStateMachine {
    const found = [...this.#machines.values()].find((m) => m.name.endsWith(`-${workflow}`));
    if (!found) throw new Error(`the template has no state machine for ${workflow}`);
    return found;
  }

  /** StartExecution: runs in the background; a second start with the same name is ignored. */
  async start(workflow: WorkflowName, name: string, input: Readonly<Record<string, unknown>>): Promise<void> {
    this.#start(this.machine(workflow), name, JSON.parse(JSON.stringify(input)) as Json);
  }

  /** Runs an execution to its end. */
  async run(workflow: WorkflowName, name: string, input: Json): Promise<ExecutionReport> {
    return this.#start(this.machine(workflow), name, input).done;
  }

  async waitFor(name: string): Promise<ExecutionReport> {
    const execution = this.#executions.get(name);
    if (!execution) throw new Error(`no execution is named ${name}`);
    return execution.done;
  }

  executions(): { name: string; workflow: string; input: Json }[] {
    return [...this.#executions].map(([name, e]) => ({ name, workflow: e.workflow, input: e.input }));
  }

  #start(machine: DeployedStateMachine, name: string, input: Json): Execution {
    const existing = this.#executions.get(name);
    if (existing) return existing;
    const definition = withTaskTimeouts(machine.definition);
    const done = runDefinition({
      definition,
      bindings: this.#bindings(definition, name),
      input,
      executionName: name,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      waitTimeOverrides: this.#options.waitTimeOverrides,
      retryIntervalOverrides: this.#options.retryIntervalOverrides,
    }).then((report) => this.#reconcile(machine, name, input, report));
    const execution = { workflow: machine.name, input, done };
    this.#executions.set(name, execution);
    return execution;
  }

  #bindings(definition: StateMachineDefinition, executionName: string): Record<string, TaskBinding> {
    const bindings: Record<string, TaskBinding> = {};
    for (const state of taskStatesOf(definition)) {
      if (state.resource === 'arn:aws:states:::lambda:invoke')
        bindings[state.name] = (input) => {
          const parameters = isRecord(input) ? input : {};
          return this.functions.invoke(String(parameters.FunctionName), parameters.Payload ?? {});
        };
      else if (state.resource === 'arn:aws:states:::ecs:runTask.sync')
        bindings[state.name] = (input) => this.mover.runTaskSync(input);
      else if (state.resource.startsWith('arn:aws:states:::states:startExecution'))
        bindings[state.name] = (input) => this.#startExecutionTask(state.resource, input, executionName);
      else throw new Error(`state ${state.name}: the harness cannot run ${state.resource}`);
    }
    return bindings;
  }

  /** `states:startExecution` answers at once; `.sync:2` waits and hands back the output as JSON. */
  async #startExecutionTask(resource: string, input: Json, parentName: string): Promise<Json> {
    const parameters = isRecord(input) ? input : {};
    const machine = this.#machines.get(String(parameters.StateMachineArn));
    if (!machine)
      throw new TaskFailure(
        'States.TaskFailed',
        `StateMachineDoesNotExist: ${String(parameters.StateMachineArn)}`,
      );
    const name = typeof parameters.Name === 'string' ? parameters.Name : `${parentName}-child-${Date.now()}`;
    const childInput = childInputOf(parameters);
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const startDate = new Date().toISOString();
    const execution = this.#start(machine, name, childInput);
    if (!resource.includes('.sync')) return { ExecutionArn: executionArn, StartDate: startDate };
    const { outcome } = await execution.done;
    return childExecutionResult(resource, { executionArn, input: childInput, startDate }, outcome);
  }

  /** The EventBridge rule's target: the reconcile function gets every execution that did not succeed. */
  async #reconcile(machine: DeployedStateMachine, name: string, input: Json, report: ExecutionReport) {
    if (report.outcome.status === 'SUCCEEDED') return report;
    const reconcile = this.functions
      .functions()
      .find((fn) => fn.logicalId.startsWith('ExecutionWatchReconcile'));
    if (!reconcile) return report;
    const detail = {
      executionArn: `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn: machine.arn,
      name,
      status: 'FAILED',
      input: JSON.stringify(input),
      error: report.outcome.error,
      cause: report.outcome.cause,
    };
    await this.functions
      .invoke(reconcile.arn, {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail,
      })
      .catch(() => undefined);
    return report;
  }
}

export const isWorkflowName = (name: string): name is WorkflowName =>
  (workflowNames as readonly string[]).includes(name);
