#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm install`),
// then bundled into one file (dist/bundle/tdk.js) that starts in a fraction of the time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/bundle/tdk.js', import.meta.url));
const modules = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const main = existsSync(bundle) ? bundle : modules;
if (!existsSync(main)) {
  process.stderr.write(
    'tdk: not built yet. Run `npm install` (or `npm run build`) in the tdk folder first.\n',
  );
  process.exit(2);
}
await import(main);
