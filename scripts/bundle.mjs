// Bundles the compiled CLI (dist/src/cli/main.js) and the `tdk test` worker into dist/bundle/.
//
// Why: tsc's output is ~750 ES modules once viem, noble and commander are loaded, and Node 20 spends
// about a second resolving and linking them on every `tdk` start (no compile cache before Node 22).
// One file per entry starts in ~0.3 s. bin/tdk.js prefers the bundle and falls back to dist/src.
// Left out (loaded from node_modules at run time): native addons, wasm, and the solc builds whose
// multi-megabyte soljson is only read when a compiler is needed.
import { build } from 'esbuild';

const external = [
  'better-sqlite3',
  'tiny-secp256k1',
  'solc',
  'solc-*',
  '@nomicfoundation/*',
  '@ethereumjs/*',
];

await build({
  entryPoints: { tdk: 'dist/src/cli/main.js', worker: 'dist/src/testing/worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // CommonJS dependencies (commander) call require() for Node built-ins; give the ES module one.
  banner: { js: "import { createRequire as __tdkRequire } from 'node:module'; const require = __tdkRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
