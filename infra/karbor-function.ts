import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, managedPolicy, wildcardResource } from './nag.js';

/**
 * Packages a bundle loads at run time with `createRequire` (esbuild leaves such requires
 * alone) and that therefore ship beside `index.mjs` in `node_modules/`: lz4-wasm-nodejs reads
 * its .wasm from its own directory (lib/blocks/codecs.ts, loaded on first use).
 */
export const bundledPackages: readonly string[] = ['lz4-wasm-nodejs'];

const packageDir = (name: string): string =>
  dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export interface KarborFunctionProps {
  /** The entry file, e.g. `functions/api/plans.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** @default - no extra variables (NODE_OPTIONS is always set) */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(29) - API Gateway's integration limit */
  readonly timeout?: Duration;
  /** @default - unreserved, the function shares the account's pool */
  readonly reservedConcurrentExecutions?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * Our Lambda defaults in one place: Node 22 on ARM64, X-Ray, ESM bundle built by the local
 * esbuild (never Docker) including the pinned AWS SDK, source maps, and a log group with
 * retention owned by the stack.
 */
export class KarborFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: KarborFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        // The SDK versions package-lock.json pins, not whatever the runtime ships.
        bundleAwsSDK: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [
            `mkdir -p ${shellQuote(`${outputDir}/node_modules`)}`,
            ...bundledPackages.map(
              (name) =>
                `cp -R ${shellQuote(packageDir(name))} ${shellQuote(`${outputDir}/node_modules/${name}`)}`,
            ),
          ],
        },
      },
    });
    acknowledge(
      this,
      'Node.js 22 is the runtime this project targets and tests (DESIGN.md); newer runtimes come with a project decision.',
      'AwsSolutions-L1',
      'Serverless-LambdaLatestVersion',
    );
    acknowledge(
      this,
      'Invoked synchronously (API Gateway, authorizer, Step Functions Task); failures return to the caller, and a DLQ only receives asynchronous invocations.',
      'Serverless-LambdaDLQ',
    );
    acknowledge(
      this,
      'AWSLambdaBasicExecutionRole only allows writing this function’s CloudWatch logs.',
      managedPolicy('service-role/AWSLambdaBasicExecutionRole'),
    );
    acknowledge(
      this,
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
      wildcardResource(this, '*'),
    );
  }
}
