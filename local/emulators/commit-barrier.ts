import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * DynamoDB Local answers a write before the write is committed: its `commitTransaction`
 * (SQLiteDBAccess, DynamoDB Local 3.3.1) puts the SQLite `COMMIT` on its single database queue
 * and returns without waiting for it, and the HTTP answer goes out while the COMMIT is still
 * queued. A SIGKILL in that window loses an answered write (SQLite rolls the open transaction
 * back when the file is next opened). No flag changes this; every other job on that queue is
 * waited for.
 *
 * This proxy sits between the Bank and DynamoDB Local and holds each answer to a write until a
 * read has gone through the same queue after it (`ListTables`, which waits for its job): the
 * queue runs jobs in order, so by then the COMMIT has run and the data is in the database file.
 * A process kill after that loses nothing (the OS has the file's pages; SQLite's default
 * `synchronous=FULL` also syncs them). If the barrier cannot be confirmed the client gets a 503
 * (`ServiceUnavailable`), never the success it cannot rely on. Reads pass straight through.
 */

const readOperations = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'DescribeTable',
  'ListTables',
  'DescribeTimeToLive',
  'DescribeEndpoints',
  'DescribeLimits',
  'ListTagsOfResource',
  'DescribeContinuousBackups',
]);

const operationOf = (req: IncomingMessage): string => {
  const target = req.headers['x-amz-target'];
  const value = Array.isArray(target) ? target[0] : target;
  return value?.split('.').at(-1) ?? '';
};

/** DynamoDB Local wants an Authorization header but does not check the signature. */
const anyAuthorization =
  'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

export interface BackendResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

const readBody = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

const forwardedHeaders = (headers: IncomingMessage['headers']): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  return out;
};

const serviceUnavailable = (message: string): BackendResponse => ({
  status: 503,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: Buffer.from(
    JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message }),
  ),
});

export interface CommitBarrierOptions {
  /** where DynamoDB Local listens now; read per request, so a restarted backend on a new port is found */
  readonly backend: () => string | undefined;
  /** 0 (default) picks a free port */
  readonly port?: number;
}

export interface CommitBarrier {
  readonly endpoint: string;
  close(): Promise<void>;
}

export class CommitBarrierProxy {
  readonly #backend: () => string | undefined;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(backend: () => string | undefined) {
    this.#backend = backend;
  }

  /** One request to the backend; rejects with BackendUnavailable when it cannot be reached. */
  async send(method: string, path: string, headers: Record<string, string | string[]>, body: Buffer) {
    const base = this.#backend();
    if (base === undefined) throw new BackendUnavailable('DynamoDB Local is restarting');
    return new Promise<BackendResponse>((resolve, reject) => {
      const req = request(
        new URL(path, base),
        { method, headers: { ...headers, 'content-length': String(body.length) }, agent: this.#agent },
        (res) => {
          readBody(res).then(
            (bytes) =>
              resolve({ status: res.statusCode ?? 502, headers: forwardedHeaders(res.headers), body: bytes }),
            (error: Error) => reject(new BackendUnavailable(error.message, { cause: error })),
          );
        },
      );
      req.on('error', (error) => reject(new BackendUnavailable(error.message, { cause: error })));
      req.end(body);
    });
  }

  /** Resolves once every write the backend answered before this call is committed. */
  async barrier(authorization: Record<string, string | string[]>): Promise<void> {
    const body = Buffer.from(JSON.stringify({ Limit: 1 }));
    const response = await this.send(
      'POST',
      '/',
      {
        ...authorization,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body,
    );
    if (response.status !== 200)
      throw new BackendUnavailable(`commit barrier answered ${response.status}: ${response.body.toString()}`);
  }

  async handle(req: IncomingMessage): Promise<BackendResponse> {
    const body = await readBody(req);
    const headers = forwardedHeaders(req.headers);
    try {
      const response = await this.send(req.method ?? 'POST', req.url ?? '/', headers, body);
      if (readOperations.has(operationOf(req)) || response.status >= 500) return response;
      await this.barrier({ authorization: req.headers.authorization ?? anyAuthorization });
      return response;
    } catch (error) {
      if (error instanceof BackendUnavailable) return serviceUnavailable(error.message);
      throw error;
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}

const reply = (res: ServerResponse, response: BackendResponse): void => {
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
  res.end(response.body);
};

/** Starts the proxy on 127.0.0.1; its endpoint stays the same when the backend restarts. */
export const startCommitBarrier = async (options: CommitBarrierOptions): Promise<CommitBarrier> => {
  const proxy = new CommitBarrierProxy(options.backend);
  const server: Server = createServer((req, res) => {
    proxy.handle(req).then(
      (response) => reply(res, response),
      (error: Error) => reply(res, serviceUnavailable(error.message)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      proxy.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
