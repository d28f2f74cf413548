import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { KarborFunction } from './karbor-function.js';
import { repoRoot } from './karbor-stack.js';

describe('lambda bundling', () => {
  it('bundles a function into an ESM module with the local esbuild, without Docker', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'karbor-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bundle');
    new KarborFunction(stack, 'Versions', {
      entry: join(repoRoot, 'functions', 'api', 'versions.ts'),
      description: 'bundling test',
    });
    const assembly = app.synth();
    expect(Template.fromStack(stack).findResources('AWS::Lambda::Function')).not.toEqual({});
    const [asset] = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const bundle = readFileSync(join(assembly.directory, asset as string, 'index.mjs'), 'utf8');
    expect(bundle).toContain('createRequire');
    expect(bundle).toMatch(/export\s*\{[^}]*as handler/);
    expect(readFileSync(join(assembly.directory, asset as string, 'index.mjs.map'), 'utf8')).toContain(
      'versions.ts',
    );
  });
});
