import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../infra/testing/container-command.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const text = readFileSync(new URL('./Dockerfile', import.meta.url), 'utf8');
const instructions = parseDockerfile(text);
const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('mover Dockerfile', () => {
  it('uses only known instructions', () => {
    const known = ['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'CMD', 'ARG', 'LABEL', 'ENTRYPOINT'];
    expect(instructions.map((i) => i.keyword).filter((k) => !known.includes(k))).toEqual([]);
  });

  it('is multi-stage on node:22-bookworm-slim and ships only the bundle stage output', () => {
    expect(all('FROM')).toEqual(['node:22-bookworm-slim AS build', 'node:22-bookworm-slim']);
    const final = instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM'));
    const copies = final.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual(['--from=build --chown=node:node /out/ ./']);
  });

  it('runs as the non-root node user with node and the CLI as the entrypoint, not npm, and no CMD', () => {
    expect(instructions.at(-2)).toEqual({ keyword: 'USER', args: 'node' });
    expect(JSON.parse(all('ENTRYPOINT').at(-1) ?? '[]')).toEqual(['node', '/app/dist/cli.mjs']);
    expect(all('CMD')).toEqual([]);
  });

  it('installs the rbd client without recommended packages and cleans apt lists', () => {
    const install = all('RUN').find((r) => r.includes('ceph-common')) ?? '';
    expect(install).toMatch(/apt-get install -y --no-install-recommends ceph-common/);
    expect(install).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
  });

  it('copies files that exist and builds with the repository bundler into dist/cli.mjs', () => {
    for (const args of all('COPY').filter((a) => !a.startsWith('--from'))) {
      const sources = args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(`${root}/${source}`), source).toBe(true);
    }
    expect(all('RUN').some((r) => r.includes('mover-fargate/build.ts /out/dist'))).toBe(true);
    expect(readFileSync(`${root}/mover-fargate/build.ts`, 'utf8')).toContain(
      "cli: 'mover-fargate/src/cli.ts'",
    );
    expect(all('RUN').some((r) => r.includes('node_modules/lz4-wasm-nodejs'))).toBe(true);
  });
});
