import type { Server } from 'node:http';
import { authorize } from '../lib/auth/authorize.js';
import { createKeystoneValidator } from '../lib/auth/keystone-validator.js';
import type { TokenValidator } from '../lib/auth/token-validator.js';
import { type AuthMode, validatorFor } from '../lib/auth/validator-from-env.js';
import type { ApiGroup } from '../lib/karbor/routes.js';
import { createLocalApi, type LocalMount, type ProxyHandler } from './http-adapter.js';

/** The API's Lambda handlers behind the local adapter, on 127.0.0.1. */

const handlerCache = new Map<ApiGroup, Promise<ProxyHandler>>();

export const handlerFor = (group: ApiGroup): Promise<ProxyHandler> => {
  let handler = handlerCache.get(group);
  if (!handler) {
    handler = import(`../functions/api/${group}.ts`).then(
      (module: { handler: ProxyHandler }) => module.handler,
    );
    handlerCache.set(group, handler);
  }
  return handler;
};

export interface RunningApi {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export const startApiServer = async (options: {
  port: number;
  authMode: AuthMode;
  validator?: TokenValidator;
  /** Paths served beside the API: the console, the identity pass-through. */
  mounts?: readonly LocalMount[];
}): Promise<RunningApi> => {
  const validator = options.validator ?? validatorFor(options.authMode, createKeystoneValidator);
  const server = createLocalApi({
    handlerFor,
    authorize: (headers) => authorize(validator, headers),
    ...(options.mounts ? { mounts: options.mounts } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
