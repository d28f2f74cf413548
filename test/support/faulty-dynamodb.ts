import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../../local/processes.js';

/**
 * A DynamoDB client for outage tests: it talks to the real endpoint until told to fail, then
 * either sends every request to a closed port (a Bank that is down) or throws the named SDK
 * error (what DynamoDB answers when throttling or failing on AWS).
 */
export type BankFailure =
  | { readonly kind: 'none' }
  | { readonly kind: 'closed-port' }
  | { readonly kind: 'sdk-error'; readonly name: string; readonly httpStatusCode: number };

export interface FaultyDynamoDb {
  readonly client: DynamoDBClient;
  fail(failure: BankFailure): void;
}

export const faultyDynamoDb = async (): Promise<FaultyDynamoDb> => {
  const closedPort = await freePort();
  let failure: BankFailure = { kind: 'none' };
  const client = new DynamoDBClient({ maxAttempts: 2 });
  client.middlewareStack.add(
    (next) => async (args) => {
      if (failure.kind === 'sdk-error') {
        throw Object.assign(new Error(`injected ${failure.name}`), {
          name: failure.name,
          $fault: failure.httpStatusCode >= 500 ? 'server' : 'client',
          $metadata: { httpStatusCode: failure.httpStatusCode },
        });
      }
      if (failure.kind === 'closed-port') {
        const request = args.request as { hostname: string; port?: number };
        request.hostname = '127.0.0.1';
        request.port = closedPort;
      }
      return next(args);
    },
    { step: 'build', name: 'injectBankFailure' },
  );
  return {
    client,
    fail: (next) => {
      failure = next;
    },
  };
};
