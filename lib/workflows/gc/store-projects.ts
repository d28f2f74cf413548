import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { getOptionalString } from '../../config/env.js';

/**
 * The projects that have data in a block store: the `projects/<project>/` folders under its
 * root, listed one level deep (S3 `Delimiter`, a directory read for `file://`), so finding them
 * never walks the chunks.
 */

export class StoreListingError extends Error {
  override name = 'StoreListingError';
}

const s3Client = (): S3Client => {
  const endpoint = getOptionalString('AWS_ENDPOINT_URL_S3') ?? getOptionalString('AWS_ENDPOINT_URL');
  return new S3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
};

const inS3 = async (bucket: string, prefix: string, client: S3Client): Promise<string[]> => {
  const root = `${prefix ? `${prefix}/` : ''}projects/`;
  const projects: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client },
    { Bucket: bucket, Prefix: root, Delimiter: '/' },
  ))
    for (const common of page.CommonPrefixes ?? [])
      if (common.Prefix) projects.push(common.Prefix.slice(root.length).replace(/\/$/, ''));
  return projects;
};

const inDirectory = async (root: string): Promise<string[]> => {
  try {
    const entries = await readdir(join(root, 'projects'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};

export const projectsInStore = async (url: string, client?: S3Client): Promise<string[]> => {
  const parsed = new URL(url);
  let projects: string[];
  if (parsed.protocol === 'file:') projects = await inDirectory(decodeURIComponent(parsed.pathname));
  else if (parsed.protocol === 's3:')
    projects = await inS3(
      parsed.host,
      decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, ''),
      client ?? s3Client(),
    );
  else throw new StoreListingError(`store URL must start with file:// or s3://, got ${url}`);
  return projects.filter((project) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(project)).sort();
};
