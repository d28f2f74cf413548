import type { KeystoneSession } from '../session.js';

/** Nova keypairs: a user's public keys (Nova generates none from 2.92 on, so pass one). */

export interface Keypair {
  readonly name: string;
  readonly public_key: string;
  readonly fingerprint: string;
  readonly type?: string;
}

export const keypairUrls = {
  list: () => '/os-keypairs',
  one: (name: string) => `/os-keypairs/${encodeURIComponent(name)}`,
};

export const listKeypairs = async (session: KeystoneSession): Promise<Keypair[]> =>
  (
    await session.requestJson<{ keypairs: { keypair: Keypair }[] }>('compute', {
      operation: 'nova: list keypairs',
      method: 'GET',
      path: keypairUrls.list(),
      expected: [200],
    })
  ).keypairs.map((k) => k.keypair);

export const createKeypair = async (
  session: KeystoneSession,
  name: string,
  publicKey: string,
): Promise<Keypair> =>
  (
    await session.requestJson<{ keypair: Keypair }>('compute', {
      operation: `nova: import keypair ${name}`,
      method: 'POST',
      path: keypairUrls.list(),
      json: { keypair: { name, public_key: publicKey } },
      expected: [200, 201],
    })
  ).keypair;

export const deleteKeypair = async (session: KeystoneSession, name: string): Promise<void> => {
  await session.request('compute', {
    operation: `nova: delete keypair ${name}`,
    method: 'DELETE',
    path: keypairUrls.one(name),
    expected: [202, 204],
  });
};
