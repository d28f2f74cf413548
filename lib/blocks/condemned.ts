import { randomBytes } from 'node:crypto';
import { type ChunkStore, NotFoundError } from './chunk-store.js';
import { condemnedListKey, condemnedPrefix } from './key-layout.js';

/**
 * Lists of chunk hashes stored as one small object each: `{"version":1,"hashes":[...]}`.
 * A gc run writes one condemned list (docs/gc.md); its store last-modified time is the list's
 * epoch, so it is measured on the same clock as the chunks' own times. A failed backup keeps
 * the hashes it found gone in the same format (key-layout.ts `missingBlocksKey`).
 */
class HashListError extends Error {
  override name = 'HashListError';
}

interface CondemnedList {
  readonly key: string;
  /** when the store wrote the list: chunks last modified before it were condemned */
  readonly epoch: Date;
  readonly hashes: ReadonlySet<string>;
}

const HEX64 = /^[0-9a-f]{64}$/;

const encodeHashList = (hashes: Iterable<string>): Buffer =>
  Buffer.from(JSON.stringify({ version: 1, hashes: [...hashes] }));

const decodeHashList = (key: string, bytes: Buffer): Set<string> => {
  let parsed: { version?: unknown; hashes?: unknown };
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as typeof parsed;
  } catch (cause) {
    throw new HashListError(`${key} is not JSON`, { cause });
  }
  const { hashes } = parsed;
  if (parsed.version !== 1 || !Array.isArray(hashes) || !hashes.every((h) => HEX64.test(String(h)))) {
    throw new HashListError(`${key} is not a list of SHA-256 hashes`);
  }
  return new Set(hashes as string[]);
};

/** A hash list, or an empty set when the key is missing. */
const readHashList = async (store: ChunkStore, key: string): Promise<Set<string>> => {
  try {
    return decodeHashList(key, await store.get(key));
  } catch (error) {
    if (error instanceof NotFoundError) return new Set();
    throw error;
  }
};

/** Every condemned list of the project; a list pruned while this reads is skipped. */
const readCondemnedLists = async (store: ChunkStore, project: string): Promise<CondemnedList[]> => {
  const found: { key: string; epoch: Date }[] = [];
  for await (const info of store.list(condemnedPrefix(project))) {
    found.push({ key: info.key, epoch: info.lastModified });
  }
  const lists = await Promise.all(
    found.map(async ({ key, epoch }) => {
      try {
        return { key, epoch, hashes: decodeHashList(key, await store.get(key)) };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    }),
  );
  return lists.filter((list) => list !== undefined);
};

/** Writes one run's condemned list and returns it with the epoch the store gave it. */
const writeCondemnedList = async (
  store: ChunkStore,
  project: string,
  hashes: readonly string[],
  now: Date,
): Promise<CondemnedList> => {
  const name = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
  const key = condemnedListKey(project, name);
  await store.put(key, encodeHashList(hashes));
  const info = await store.head(key);
  if (info === undefined) throw new HashListError(`${key} vanished right after it was written`);
  return { key, epoch: info.lastModified, hashes: new Set(hashes) };
};

const allHashes = (lists: readonly CondemnedList[]): Set<string> => {
  const all = new Set<string>();
  for (const list of lists) for (const hash of list.hashes) all.add(hash);
  return all;
};

export type { CondemnedList };
export {
  allHashes,
  decodeHashList,
  encodeHashList,
  HashListError,
  readCondemnedLists,
  readHashList,
  writeCondemnedList,
};
