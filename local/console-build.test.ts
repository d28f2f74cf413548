import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConsoleLayout, staleReason } from './console-build.js';

const layoutIn = (dir: string): ConsoleLayout => ({
  repoRoot: dir,
  sourceDir: join(dir, 'console'),
  distDir: join(dir, 'console', 'dist'),
  sharedInputs: [join(dir, 'lib')],
});

const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

const world = () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
  mkdirSync(join(dir, 'console', 'src'), { recursive: true });
  mkdirSync(join(dir, 'console', 'dist'));
  mkdirSync(join(dir, 'lib'));
  for (const file of [
    'console/src/app.tsx',
    'console/src/app.test.ts',
    'lib/shared.ts',
    'console/dist/index.html',
  ]) {
    writeFileSync(join(dir, file), '');
    at(join(dir, file), 1000);
  }
  at(join(dir, 'console/dist/index.html'), 2000);
  return dir;
};

describe('staleReason', () => {
  it('is undefined while the build is newer than every input', async () => {
    expect(await staleReason(layoutIn(world()))).toBeUndefined();
  });

  it('wants a build when console/dist is missing', async () => {
    expect(await staleReason(layoutIn(mkdtempSync(join(tmpdir(), 'console-build-'))))).toBe(
      'console/dist is missing',
    );
  });

  it('wants a build after a source or shared file changed, but not after a test changed', async () => {
    const dir = world();
    at(join(dir, 'console/src/app.test.ts'), 3000);
    expect(await staleReason(layoutIn(dir))).toBeUndefined();
    at(join(dir, 'lib/shared.ts'), 3000);
    expect(await staleReason(layoutIn(dir))).toBe('its sources changed since the last build');
  });
});
