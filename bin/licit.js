#!/usr/bin/env node
// The shipped CLI: dist/main.js, the esbuild bundle of src/ (`npm run build`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(`licit: ${new URL('../dist/', import.meta.url).pathname} is not built: run \`npm run build\` in the licit checkout\n`);
  process.exit(2);
}
// Stack traces under --debug name src/ files and lines. Only then: reading the source maps of the
// modules loaded would cost every start.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import(main.href);
