import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { KarborFunction } from './karbor-function.js';
import { repoRoot } from './karbor-stack.js';

describe('lambda bundling', () => {
  it('bundles a function into a runnable ESM module with the local esbuild, without Docker', async () => {
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
    const bundleDir = join(assembly.directory, asset as string);
    expect(readFileSync(join(bundleDir, 'index.mjs'), 'utf8')).toContain('createRequire');
    expect(readFileSync(join(bundleDir, 'index.mjs.map'), 'utf8')).toContain('versions.ts');

    const { handler } = await import(pathToFileURL(join(bundleDir, 'index.mjs')).href);
    const response = await handler(
      { httpMethod: 'GET', path: '/', headers: { Host: 'api.example' }, requestContext: { requestId: 'r1' } },
      { functionName: 'versions', awsRequestId: 'r1', getRemainingTimeInMillis: () => 1000 },
    );
    expect(response.statusCode).toBe(300);
    expect(JSON.parse(response.body).versions[0]).toMatchObject({ id: 'v1.0', status: 'CURRENT' });
  });
});
