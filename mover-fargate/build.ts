import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the mover into two files: `cli.mjs` and `block-worker.mjs` (worker threads load it
 * beside the CLI). lz4-wasm-nodejs stays external: it loads its .wasm from its own directory,
 * so the image copies that one package into node_modules.
 */
const buildMover = async (outdir: string): Promise<void> => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'mover-fargate/src/cli.ts', 'block-worker': 'lib/blocks/pipeline/block-worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    external: ['lz4-wasm-nodejs'],
    // CommonJS dependencies (the AWS SDK) call require(): give the ESM bundle one
    banner: {
      js: "import { createRequire as __moverRequire } from 'node:module'; const require = __moverRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildMover(process.argv[2] ?? fileURLToPath(new URL('./dist', import.meta.url)));
}

export { buildMover };
