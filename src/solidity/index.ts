// Public API of tdk's Solidity pipeline: build a Foundry-layout project, load what it produced.
export {
  type Artifact,
  type BuildInfo,
  type ImmutableReferences,
  type LinkReferences,
  loadArtifact,
  loadBuildInfo,
  type StorageLayout,
} from './artifacts.js';
export { type BuildOptions, type BuildResult, build } from './build.js';
export { bundledVersions, loadCompiler, type SolcCompiler, selectVersions } from './compilers.js';
export { type ConfigOptions, findProjectRoot, loadProjectConfig, type ProjectConfig } from './config.js';
export { type Diagnostic, formatDiagnostic } from './diagnostics.js';
export { SolidityError, type SolidityErrorCode } from './errors.js';
export { buildSourceGraph, type SourceFile, type SourceGraph } from './graph.js';
export { parseRemapping, type Remapping } from './remappings.js';
