import { setTimeout as sleep } from 'node:timers/promises';
import { type KarborServer, type ServerOptions, startServer } from '../client/server.js';

/** `npm start` in a child process (test/client/server.ts), once it also serves the console. */
export const startConsoleServer = async (options: ServerOptions = {}): Promise<KarborServer> => {
  const server = await startServer(options);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${server.url}/console/`).catch(() => undefined);
    const text = (await response?.text()) ?? '';
    if (response?.status === 200) return server;
    if (response?.status === 503 && text.includes('build failed')) break;
    await sleep(300);
  }
  const output = server.output();
  await server.stop();
  throw new Error(`the console was not served at ${server.url}/console/:\n${output}`);
};

/** A Keystone-style project id, for noauth `user:project` tokens. */
export const newProjectId = (): string => crypto.randomUUID().replaceAll('-', '');
