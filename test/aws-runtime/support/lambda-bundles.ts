import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { TaskFailure } from '../../../local/task-bindings.js';
import type { DeployedTemplate } from './deployed-template.js';

/**
 * Invokes a Lambda function of the synthesized template as the Lambda runtime would: its
 * asset's bundle (`index.mjs`, nothing else: no node_modules, no TypeScript source) imported
 * once per process like a warm container, with the function's Environment from the template,
 * its Timeout as the context's deadline, and JSON in and out. A failure is what
 * `lambda:invoke` reports to Step Functions: the error type as Error, the Lambda error JSON as
 * Cause.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface DeployedFunction {
  readonly logicalId: string;
  readonly arn: string;
  readonly bundle: string;
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
}

const lambdaError = (errorType: string, errorMessage: string): TaskFailure =>
  new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage }));

export class LambdaBundles {
  readonly #byArn = new Map<string, DeployedFunction>();
  readonly #modules = new Map<string, Promise<Record<string, unknown>>>();

  /** `settings`: environment values an operator sets at deploy time (`-c openstackAuthUrl=…`). */
  constructor(template: DeployedTemplate, assembly: string, settings: Readonly<Record<string, string>> = {}) {
    for (const id of template.ofType('AWS::Lambda::Function')) {
      const resource = template.resource(id);
      const asset = resource.Metadata?.['aws:asset:path'];
      if (typeof asset !== 'string') continue;
      const variables = template.resolve(
        (resource.Properties?.Environment as { Variables?: Json } | undefined)?.Variables ?? {},
      ) as Record<string, string>;
      const fn: DeployedFunction = {
        logicalId: id,
        arn: template.getAtt(id, 'Arn'),
        bundle: join(assembly, asset),
        handler: String(resource.Properties?.Handler ?? 'index.handler'),
        environment: { ...variables, ...settings },
        timeoutSeconds: Number(resource.Properties?.Timeout ?? 3),
      };
      this.#byArn.set(fn.arn, fn);
    }
  }

  functions(): DeployedFunction[] {
    return [...this.#byArn.values()];
  }

  byArn(arn: string): DeployedFunction {
    const fn = this.#byArn.get(arn);
    if (!fn) throw lambdaError('Lambda.ResourceNotFoundException', `Function not found: ${arn}`);
    return fn;
  }

  async #handler(fn: DeployedFunction): Promise<Handler> {
    const [file, exported] = fn.handler.split('.') as [string, string];
    let loading = this.#modules.get(fn.arn);
    if (!loading) {
      loading = import(pathToFileURL(join(fn.bundle, `${file}.mjs`)).href) as Promise<
        Record<string, unknown>
      >;
      this.#modules.set(fn.arn, loading);
    }
    try {
      const handler = (await loading)[exported];
      if (typeof handler !== 'function')
        throw lambdaError('Runtime.HandlerNotFound', `${fn.handler} is undefined or not exported`);
      return handler as Handler;
    } catch (error) {
      if (error instanceof TaskFailure) throw error;
      throw lambdaError('Runtime.ImportModuleError', `Error: ${(error as Error).message}`);
    }
  }

  /** The function's result as `lambda:invoke` returns it (`Payload`, `StatusCode`, …). */
  async invoke(arn: string, payload: Json): Promise<Json> {
    const fn = this.byArn(arn);
    Object.assign(process.env, fn.environment, { AWS_LAMBDA_FUNCTION_NAME: fn.logicalId });
    const handler = await this.#handler(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const event = JSON.parse(JSON.stringify(payload ?? {})) as Json;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(lambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds}.00 seconds`)),
        fn.timeoutSeconds * 1000,
      );
    });
    try {
      const result = await Promise.race([handler(event, lambdaContext(fn, deadline)), timedOut]);
      return {
        Payload: JSON.parse(JSON.stringify(result ?? null)) as Json,
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
      };
    } catch (error) {
      if (error instanceof TaskFailure) throw error;
      const failed = error instanceof Error ? error : new Error(String(error));
      throw lambdaError(failed.name, failed.message);
    } finally {
      clearTimeout(timer);
    }
  }
}

let requests = 0;

const lambdaContext = (fn: DeployedFunction, deadline: number): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: fn.logicalId,
  functionVersion: '$LATEST',
  invokedFunctionArn: fn.arn,
  memoryLimitInMB: '1024',
  awsRequestId: `request-${++requests}`,
  logGroupName: `/aws/lambda/${fn.logicalId}`,
  logStreamName: 'aws-runtime-harness',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
