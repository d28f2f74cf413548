/**
 * The one module that knows where things live in a chunk store (docs/DESIGN.md §5):
 *
 *   projects/<project>/chunks/<hh>/<sha256>                    one stored block, immutable
 *   projects/<project>/checkpoints/<id>/<resource>.manifest
 *   projects/<project>/checkpoints/<id>/<resource>.journal/<run>-<seq>   resume journal segments
 *   projects/<project>/checkpoints/<id>/<resource>.missing     blocks a failed run found gone
 *   projects/<project>/gc/condemned/<time>-<run>                chunks one gc run condemned (docs/gc.md)
 *   projects/<project>/gc/lease                                 held by the one gc running
 *
 * Keys are relative to the store's root (`<prefix>` of `s3://bucket/<prefix>`, or the directory
 * of `file:///dir`); both backends use these keys and differ only in how they join them.
 */
class KeyLayoutError extends Error {
  override name = 'KeyLayoutError';
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

const checkSegment = (what: string, value: string): string => {
  if (!SEGMENT.test(value) || value.includes('..')) {
    throw new KeyLayoutError(`${what} "${value}" must be 1-128 of [A-Za-z0-9._-], not starting with . or -`);
  }
  return value;
};

const checkHash = (sha256: string): string => {
  if (!SHA256_HEX.test(sha256)) throw new KeyLayoutError(`"${sha256}" is not a lower-case SHA-256 in hex`);
  return sha256;
};

const projectPrefix = (project: string): string => `projects/${checkSegment('project', project)}/`;
const chunksPrefix = (project: string): string => `${projectPrefix(project)}chunks/`;
const checkpointsPrefix = (project: string): string => `${projectPrefix(project)}checkpoints/`;

const chunkKey = (project: string, sha256: string): string =>
  `${chunksPrefix(project)}${checkHash(sha256).slice(0, 2)}/${sha256}`;

const checkpointPrefix = (project: string, checkpointId: string): string =>
  `${checkpointsPrefix(project)}${checkSegment('checkpoint id', checkpointId)}/`;

const manifestKey = (project: string, checkpointId: string, resourceId: string): string =>
  `${checkpointPrefix(project, checkpointId)}${checkSegment('resource id', resourceId)}.manifest`;

const journalPrefix = (project: string, checkpointId: string, resourceId: string): string =>
  `${checkpointPrefix(project, checkpointId)}${checkSegment('resource id', resourceId)}.journal/`;

const missingBlocksKey = (project: string, checkpointId: string, resourceId: string): string =>
  `${checkpointPrefix(project, checkpointId)}${checkSegment('resource id', resourceId)}.missing`;

const gcPrefix = (project: string): string => `${projectPrefix(project)}gc/`;
const condemnedPrefix = (project: string): string => `${gcPrefix(project)}condemned/`;
const condemnedListKey = (project: string, name: string): string =>
  `${condemnedPrefix(project)}${checkSegment('condemned list', name)}`;
const gcLeaseKey = (project: string): string => `${gcPrefix(project)}lease`;

/** The hash a chunk key names, or undefined when the key is not a chunk key. */
const hashOfChunkKey = (key: string): string | undefined => {
  const match = /\/chunks\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(key);
  return match?.[2]?.startsWith(match[1] ?? '') ? match[2] : undefined;
};

const isManifestKey = (key: string): boolean => key.endsWith('.manifest');

/**
 * A mover job spec written by a workflow task for one run (it may carry a short-lived token,
 * so it lives apart from the data, under `jobs/`, and is deleted when the mover is done; a
 * bucket lifecycle rule expires what a crash leaves).
 */
const jobKey = (project: string, name: string): string =>
  `jobs/${checkSegment('project', project)}/${checkSegment('job name', name)}.json`;

export {
  checkpointPrefix,
  checkpointsPrefix,
  chunkKey,
  chunksPrefix,
  condemnedListKey,
  condemnedPrefix,
  gcLeaseKey,
  hashOfChunkKey,
  isManifestKey,
  jobKey,
  journalPrefix,
  KeyLayoutError,
  manifestKey,
  missingBlocksKey,
};
