// Compiles the benchmark contracts in bench/contracts/ with solc-js (standard JSON, optimizer on with
// 200 runs, evmVersion cancun), resolving `@openzeppelin/...` imports from node_modules. No network:
// only the bundled soljson of the installed `solc` package is used.
//
// The result is cached in bench/.cache/solc-<key>.json. The key hashes the compiler version, the
// settings and the bench contracts' sources; the entry also records a hash of every imported file and
// is discarded if any of them changed (e.g. after an @openzeppelin/contracts upgrade).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CompiledContract {
  /** Creation bytecode (hex, no 0x). */
  readonly bytecode: string;
  /** Runtime bytecode (hex, no 0x). */
  readonly deployedBytecode: string;
  /** "transfer(address,uint256)" -> "a9059cbb". */
  readonly methodIdentifiers: Record<string, string>;
}

export interface CompileOutput {
  readonly solcVersion: string;
  /** Keyed by contract name (contract names are unique across bench/contracts). */
  readonly contracts: Record<string, CompiledContract>;
  /** Whether the output came from bench/.cache. */
  readonly cached: boolean;
  /** Time spent compiling (0 when cached). */
  readonly compileMs: number;
}

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: {
    '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] },
  },
};

/** The repository root: the nearest ancestor of this module holding bench/contracts. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'bench', 'contracts')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (bench/contracts)');
    dir = up;
  }
}

const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

interface CacheEntry {
  key: string;
  solcVersion: string;
  imports: Record<string, string>;
  contracts: Record<string, CompiledContract>;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      {
        evm: {
          bytecode: { object: string };
          deployedBytecode: { object: string };
          methodIdentifiers: Record<string, string>;
        };
      }
    >
  >;
}

/** Compiles every bench/contracts/*.sol (or returns the cached output). */
export async function compileBenchContracts(
  options: { cacheDir?: string; useCache?: boolean } = {},
): Promise<CompileOutput> {
  const root = repoRoot();
  const contractsDir = join(root, 'bench', 'contracts');
  const cacheDir = options.cacheDir ?? join(root, 'bench', '.cache');
  const require = createRequire(import.meta.url);
  const solcPkgPath = require.resolve('solc/package.json');
  const solcPkgVersion = (JSON.parse(readFileSync(solcPkgPath, 'utf8')) as { version: string }).version;

  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(contractsDir).sort()) {
    if (file.endsWith('.sol')) sources[file] = { content: readFileSync(join(contractsDir, file), 'utf8') };
  }
  const key = sha256(JSON.stringify({ solcPkgVersion, SETTINGS, sources })).slice(0, 24);
  const cacheFile = join(cacheDir, `solc-${key}.json`);

  const resolveImport = (path: string): string | undefined => {
    if (!path.startsWith('@')) return undefined;
    try {
      return require.resolve(path);
    } catch {
      return undefined;
    }
  };

  if (options.useCache !== false && existsSync(cacheFile)) {
    try {
      const entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheEntry;
      const fresh =
        entry.key === key &&
        Object.entries(entry.imports).every(([path, hash]) => {
          const file = resolveImport(path);
          return file !== undefined && sha256(readFileSync(file)) === hash;
        });
      if (fresh)
        return { solcVersion: entry.solcVersion, contracts: entry.contracts, cached: true, compileMs: 0 };
    } catch {
      // Unreadable cache entry: recompile.
    }
  }

  const t0 = performance.now();
  const solc = require('solc') as { version(): string; compile(input: string, callbacks: object): string };
  const imports: Record<string, string> = {};
  const findImports = (path: string): { contents: string } | { error: string } => {
    const file = resolveImport(path);
    if (file === undefined) return { error: `bench/solc: cannot resolve import ${path}` };
    const contents = readFileSync(file, 'utf8');
    imports[path] = sha256(contents);
    return { contents };
  };
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);

  const contracts: Record<string, CompiledContract> = {};
  for (const file of Object.keys(sources)) {
    for (const [name, c] of Object.entries(out.contracts?.[file] ?? {})) {
      contracts[name] = {
        bytecode: c.evm.bytecode.object,
        deployedBytecode: c.evm.deployedBytecode.object,
        methodIdentifiers: c.evm.methodIdentifiers,
      };
    }
  }
  const compileMs = performance.now() - t0;
  const entry: CacheEntry = { key, solcVersion: solc.version(), imports, contracts };
  if (options.useCache !== false) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(entry));
  }
  return { solcVersion: entry.solcVersion, contracts, cached: false, compileMs };
}

/** For ad-hoc use: `node dist/bench/solc.js` compiles and prints sizes. */
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await compileBenchContracts();
  console.log(`solc ${r.solcVersion} (${r.cached ? 'cached' : `${r.compileMs.toFixed(0)} ms`})`);
  for (const [name, c] of Object.entries(r.contracts)) {
    console.log(`${name}: initcode ${c.bytecode.length / 2} B, runtime ${c.deployedBytecode.length / 2} B`);
  }
}
