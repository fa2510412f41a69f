// A contract's storage layout, normalised from solc's `storageLayout` (bigint slots, enum member
// names and UDVT underlying types from the AST) plus its ERC-7201 namespaces, which solc leaves out.
// A namespace's member layout is solc's own: the build's exact input is compiled again with one extra
// source that declares a variable of each namespaced struct type, and that variable's layout is read
// back (OpenZeppelin's technique, on tdk's pipeline). The extra source sorts after every other unit,
// so the AST ids of the original sources, which the artifact's type ids name, stay the same.
import semver from 'semver';
import type { Artifact, BuildInfo, StorageLayout } from '../solidity/artifacts.js';
import { loadCompiler } from '../solidity/compilers.js';
import { AstIndex, type AstNode, srcRange, typeNodeId } from './ast.js';
import { LayoutError } from './errors.js';
import { erc7201Slot } from './slots.js';
import type { ContractLayout, Namespace, StorageType, StorageVariable } from './types.js';

type RawTypes = NonNullable<StorageLayout['types']>;

/** The extra source unit; `~` sorts after every path solc sees, so no original AST id moves. */
const NAMESPACE_UNIT = '~tdk-namespaces.sol';
const NAMESPACE_CONTRACT = '__TdkNamespaces';
const ERC7201 = /@custom:storage-location\s+erc7201:([^\s*]+)/;

/** Per build-info: all source ASTs (compiled on demand) and namespaced struct layouts found so far. */
interface BuildAnalysis {
  asts?: AstIndex;
  /** Struct AST id -> the struct's type id and every type it reaches, as solc laid them out. */
  namespaces: Map<number, { type: string; types: RawTypes }>;
}
const analyses = new Map<string, BuildAnalysis>();
const layouts = new WeakMap<Artifact, ContractLayout>();

/**
 * The artifact's layout. `buildInfo` (out/build-info/<artifact.buildInfo>.json) is needed for
 * ERC-7201 namespaces and for types declared in other source units (bases, imported enums);
 * without it only the artifact's own source is searched.
 */
export function layoutFromArtifact(artifact: Artifact, buildInfo?: BuildInfo): ContractLayout {
  const cached = buildInfo && layouts.get(artifact);
  if (cached) return cached;
  const name = `${artifact.sourcePath}:${artifact.contractName}`;
  const raw = artifact.storageLayout;
  if (!raw) {
    throw new LayoutError(
      `${name} has no storage layout: solc ${artifact.compiler.version} does not report one`,
      'TDK_LAYOUT_UNAVAILABLE',
      'compile with solc ≥ 0.5.13 (e.g. raise the pragma); tdk build asks every compiler that can for it',
    );
  }
  const analysis = buildInfo ? analysisOf(buildInfo) : undefined;
  const own = new AstIndex();
  own.add(artifact.ast, artifact.sourcePath);
  const contract = own
    .all('ContractDefinition')
    .find((c) => c.node.name === artifact.contractName && c.unit === artifact.sourcePath)?.node;
  const bases = (contract?.linearizedBaseContracts as number[] | undefined) ?? [];
  const typeIds = Object.keys(raw.types ?? {});
  const needed = [...bases, ...typeIds.map(typeNodeId).filter((id) => id !== undefined)];
  // Bases and types from other source units need the whole build's ASTs.
  const asts = buildInfo && needed.some((id) => !own.has(id)) ? fullAsts(buildInfo, analysis!) : own;

  const types: Record<string, StorageType> = {};
  addTypes(types, raw.types ?? {}, asts);
  // solc names the laid-out contract on every variable; the AST knows which base declared it.
  const storage = raw.storage.map((v) => ({
    ...toVariable(v),
    contract: declaringContract(asts, v.astId) ?? v.contract,
  }));

  const structs = namespacedStructs(asts, bases, buildInfo);
  const namespaces: Namespace[] = [];
  if (structs.length > 0) {
    if (!buildInfo) {
      throw new LayoutError(
        `${name} declares ERC-7201 namespaces (${structs.map((s) => s.id).join(', ')}) whose layout needs the build info`,
        'TDK_LAYOUT_NAMESPACE',
        `pass out/build-info/${artifact.buildInfo}.json along with the artifact`,
      );
    }
    const laidOut = namespaceLayouts(buildInfo, analysis!, structs);
    for (const s of structs) {
      const ns = laidOut.get(s.structId)!;
      addTypes(types, ns.types, analysis!.asts ?? asts);
      namespaces.push({ id: s.id, slot: erc7201Slot(s.id), type: ns.type, contract: s.contract });
    }
  }
  const layout: ContractLayout = { contract: name, storage, types, namespaces };
  if (buildInfo) layouts.set(artifact, layout);
  return layout;
}

function toVariable(v: StorageLayout['storage'][number]): StorageVariable {
  return { label: v.label, slot: BigInt(v.slot), offset: v.offset, type: v.type, contract: v.contract };
}

/** Normalises solc's types into `into`, adding enum members and UDVT underlying types from the AST. */
function addTypes(into: Record<string, StorageType>, raw: RawTypes, asts: AstIndex): void {
  for (const [id, t] of Object.entries(raw)) {
    if (into[id]) continue;
    const members = t.members as StorageLayout['storage'] | undefined;
    const node = asts.get(typeNodeId(id) ?? -1)?.node;
    // Members are declared by the struct's contract (solc names the laid-out, or helper, contract).
    const owner = declaringContract(asts, typeNodeId(id) ?? -1);
    const type: StorageType = {
      id,
      label: t.label,
      encoding: t.encoding as StorageType['encoding'],
      numberOfBytes: Number(t.numberOfBytes),
      ...(typeof t.key === 'string' ? { key: t.key } : {}),
      ...(typeof t.value === 'string' ? { value: t.value } : {}),
      ...(typeof t.base === 'string' ? { base: t.base } : {}),
      ...(members
        ? { members: members.map((m) => ({ ...toVariable(m), contract: owner ?? m.contract })) }
        : {}),
      ...(node?.nodeType === 'EnumDefinition'
        ? { enumMembers: (node.members as AstNode[]).map((m) => m.name!) }
        : {}),
      ...(node?.nodeType === 'UserDefinedValueTypeDefinition'
        ? { underlying: (node.underlyingType as AstNode).name! }
        : {}),
    };
    into[id] = type;
  }
}

/** `unit:Name` of the contract a node (state variable, struct) is declared in. */
function declaringContract(asts: AstIndex, nodeId: number): string | undefined {
  const hit = asts.get(nodeId);
  return hit?.scope ? `${hit.unit}:${hit.scope.name}` : undefined;
}

interface NamespacedStruct {
  id: string;
  structId: number;
  structName: string;
  /** Declaring contract as `unit:Name`. */
  contract: string;
  unit: string;
  contractName: string;
}

/** Structs marked `@custom:storage-location erc7201:<id>` in the given contracts, bases first. */
function namespacedStructs(asts: AstIndex, contracts: readonly number[], buildInfo?: BuildInfo) {
  const found: NamespacedStruct[] = [];
  for (const contractId of [...contracts].reverse()) {
    const c = asts.get(contractId);
    if (!c) continue;
    const children = (c.node.nodes as AstNode[] | undefined) ?? [];
    children.forEach((child, i) => {
      if (child.nodeType !== 'StructDefinition') return;
      const id = storageLocation(child, children[i - 1] ?? c.node, sourceOf(buildInfo, c.unit));
      if (id === undefined) return;
      found.push({
        id,
        structId: child.id,
        structName: child.name!,
        contract: `${c.unit}:${c.node.name}`,
        unit: c.unit,
        contractName: c.node.name!,
      });
    });
  }
  return found;
}

/**
 * The erc7201 id in a struct's NatSpec. Compilers that keep no struct documentation in the AST get
 * the source text between the previous declaration and the struct searched instead.
 */
function storageLocation(struct: AstNode, previous: AstNode, source?: Buffer): string | undefined {
  const doc = struct.documentation as { text?: string } | string | null | undefined;
  if (doc !== undefined) {
    const text = typeof doc === 'string' ? doc : doc?.text;
    return text ? ERC7201.exec(text)?.[1] : undefined;
  }
  const end = srcRange(struct)?.[0];
  const before = srcRange(previous);
  if (!source || end === undefined || !before) return undefined;
  // From the previous sibling's end, or from the contract's own start when the struct comes first.
  const start = previous.nodeType === 'ContractDefinition' ? before[0] : before[1];
  const text = source.subarray(start, end).toString('utf8');
  return ERC7201.exec(text.slice(text.lastIndexOf('{') + 1))?.[1];
}

function sourceOf(buildInfo: BuildInfo | undefined, unit: string): Buffer | undefined {
  const content = inputOf(buildInfo)?.sources[unit]?.content;
  return content === undefined ? undefined : Buffer.from(content, 'utf8');
}

interface Input {
  language: string;
  sources: Record<string, { content?: string }>;
  settings: Record<string, unknown> & { remappings?: string[] };
}

function inputOf(buildInfo: BuildInfo | undefined): Input | undefined {
  return buildInfo?.input as Input | undefined;
}

function analysisOf(buildInfo: BuildInfo): BuildAnalysis {
  let a = analyses.get(buildInfo.id);
  if (!a) analyses.set(buildInfo.id, (a = { namespaces: new Map() }));
  return a;
}

/** ASTs of every source of the build: solc's analysis only, no code generation. */
function fullAsts(buildInfo: BuildInfo, analysis: BuildAnalysis): AstIndex {
  if (!analysis.asts) {
    const input = inputOf(buildInfo)!;
    const output = compile(buildInfo, { ...input, settings: withOutputs(input, { '*': { '': ['ast'] } }) });
    analysis.asts = indexOutput(output);
  }
  return analysis.asts;
}

/**
 * Solc's layout of each namespaced struct, compiling once per build for every namespaced struct
 * known so far (all of them once the full ASTs are in, so later artifacts of the build reuse it).
 */
function namespaceLayouts(
  buildInfo: BuildInfo,
  analysis: BuildAnalysis,
  wanted: readonly NamespacedStruct[],
): BuildAnalysis['namespaces'] {
  if (wanted.every((s) => analysis.namespaces.has(s.structId))) return analysis.namespaces;
  const all = new Map<number, NamespacedStruct>(wanted.map((s) => [s.structId, s]));
  if (analysis.asts) {
    const contracts = analysis.asts.all('ContractDefinition').map((c) => c.node.id);
    for (const s of namespacedStructs(analysis.asts, contracts, buildInfo)) all.set(s.structId, s);
  }
  const structs = [...all.values()];
  const input = inputOf(buildInfo)!;
  // One remapping per declaring unit: unit names such as ../node_modules/x.sol cannot be imported
  // directly (a leading ../ makes an import relative to the importing file).
  const units = [...new Set(structs.map((s) => s.unit))];
  const imports = structs.map(
    (s, i) => `import {${s.contractName} as __tdk_c${i}} from "__tdk_unit_${units.indexOf(s.unit)}";`,
  );
  const vars = structs.map((s, i) => `    __tdk_c${i}.${s.structName} __tdk_ns_${i};`);
  const source = `${imports.join('\n')}\ncontract ${NAMESPACE_CONTRACT} {\n${vars.join('\n')}\n}\n`;
  const remappings = [...(input.settings.remappings ?? []), ...units.map((u, i) => `__tdk_unit_${i}=${u}`)];
  const output = compile(buildInfo, {
    ...input,
    sources: { ...input.sources, [NAMESPACE_UNIT]: { content: source } },
    settings: {
      ...withOutputs(input, {
        [NAMESPACE_UNIT]: { [NAMESPACE_CONTRACT]: ['storageLayout'] },
        '*': { '': ['ast'] },
      }),
      remappings,
    },
  });
  const asts = indexOutput(output);
  const layout = output.contracts?.[NAMESPACE_UNIT]?.[NAMESPACE_CONTRACT]?.storageLayout as
    | StorageLayout
    | undefined;
  if (!layout) throw namespaceFailure(buildInfo, 'solc returned no storage layout for the helper contract');
  structs.forEach((s, i) => {
    const v = layout.storage.find((x) => x.label === `__tdk_ns_${i}`);
    // The helper source sorts last, so the struct keeps its AST id; check rather than trust.
    if (!v || typeNodeId(v.type) !== s.structId || asts.get(s.structId)?.node.name !== s.structName) {
      throw namespaceFailure(buildInfo, `the layout of ${s.contract}.${s.structName} did not come back`);
    }
    analysis.namespaces.set(s.structId, { type: v.type, types: reachable(v.type, layout.types ?? {}) });
  });
  analysis.asts ??= asts;
  return analysis.namespaces;
}

/** The types a type refers to, itself included (the helper's layout holds every namespace's types). */
function reachable(root: string, types: RawTypes): RawTypes {
  const out: RawTypes = {};
  const visit = (id: string): void => {
    const t = types[id];
    if (!t || out[id]) return;
    out[id] = t;
    for (const ref of [t.key, t.value, t.base]) if (typeof ref === 'string') visit(ref);
    for (const m of (t.members as { type: string }[] | undefined) ?? []) visit(m.type);
  };
  visit(root);
  return out;
}

interface CompileOutput {
  errors?: { severity: string; formattedMessage?: string; message: string }[];
  sources?: Record<string, { ast?: unknown; legacyAST?: unknown }>;
  contracts?: Record<string, Record<string, { storageLayout?: unknown }>>;
}

function withOutputs(input: Input, outputSelection: Record<string, Record<string, string[]>>) {
  return { ...input.settings, outputSelection };
}

function compile(buildInfo: BuildInfo, input: Input): CompileOutput {
  const compiler = loadCompiler(buildInfo.solcVersion);
  // Every source the build used is in its input; nothing else may be read.
  const raw = compiler.compile(JSON.stringify(input), (path) => ({
    error: `not in the build input: ${path}`,
  }));
  let output: CompileOutput;
  try {
    output = JSON.parse(raw) as CompileOutput;
  } catch {
    throw namespaceFailure(buildInfo, `solc returned output that is not JSON: ${raw.slice(0, 200)}`);
  }
  const error = output.errors?.find((e) => e.severity === 'error');
  if (error) throw namespaceFailure(buildInfo, error.formattedMessage ?? error.message);
  return output;
}

function indexOutput(output: CompileOutput): AstIndex {
  const index = new AstIndex();
  for (const [unit, s] of Object.entries(output.sources ?? {})) index.add(s.ast ?? s.legacyAST, unit);
  return index;
}

function namespaceFailure(buildInfo: BuildInfo, detail: string): LayoutError {
  const old = semver.valid(buildInfo.solcVersion) && semver.lt(buildInfo.solcVersion, '0.5.13');
  return new LayoutError(
    `cannot analyse build ${buildInfo.id} (solc ${buildInfo.solcVersion}): ${detail}`,
    'TDK_LAYOUT_NAMESPACE',
    old ? 'compile with solc ≥ 0.5.13' : 'run `tdk build --force` so out/build-info matches the sources',
  );
}
