import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The tenant console: one static bundle, no external CDN. `base: './'` makes every asset URL
 * relative, so the same build works under `/console/` (npm start) and at the root of the
 * CloudFront distribution. JSX compiles to Preact's automatic runtime.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
