// The JSON forms of a layout (`tdk layout --json`, schema "tdk.layout/v1") and of decoded storage
// (`tdk storage --json`, schema "tdk.storage/v1"). Stable for tools: slots are 0x-hex with 64 digits,
// integers in values are decimal strings (never JSON numbers, which lose precision past 2^53), keys
// are written in one order. Each has a reader that checks the shape and gives back the same objects,
// so a file written by one tdk can be read by another. docs/layout.md describes both schemas.
import { EvmError } from '../../evm/errors.js';
import type {
  ContractLayout,
  DecodedValue,
  DecodedVariable,
  Namespace,
  StorageType,
  StorageVariable,
  TypeEncoding,
} from '../types.js';
import { slotHex } from './format.js';

export const LAYOUT_SCHEMA = 'tdk.layout/v1';
export const STORAGE_SCHEMA = 'tdk.storage/v1';

export interface StorageVariableJson {
  label: string;
  slot: string;
  offset: number;
  type: string;
  contract?: string;
}

export interface StorageTypeJson {
  label: string;
  encoding: TypeEncoding;
  numberOfBytes: number;
  key?: string;
  value?: string;
  base?: string;
  members?: StorageVariableJson[];
  enumMembers?: string[];
  underlying?: string;
}

export interface NamespaceJson {
  id: string;
  slot: string;
  type: string;
  contract: string;
}

export interface LayoutJson {
  schema: typeof LAYOUT_SCHEMA;
  contract: string;
  storage: StorageVariableJson[];
  /** Keyed by solc type id, sorted by id. */
  types: Record<string, StorageTypeJson>;
  namespaces: NamespaceJson[];
}

export type DecodedValueJson =
  | { kind: 'value'; primitive: 'integer'; value: string }
  | { kind: 'value'; primitive: 'boolean'; value: boolean }
  | { kind: 'value'; primitive: 'string'; value: string }
  | { kind: 'enum'; value: string; member?: string }
  | { kind: 'bytes'; hex: string; utf8?: string; length: number }
  | { kind: 'struct'; members: DecodedVariableJson[] }
  | { kind: 'array'; length: string; elements: DecodedVariableJson[]; truncated?: true }
  | {
      kind: 'mapping';
      keysFrom: 'recorded' | 'given' | 'none';
      entries: { key: string; value: DecodedVariableJson }[];
    };

export interface DecodedVariableJson {
  path: string;
  type: string;
  slot: string;
  offset: number;
  bytes: number;
  value: DecodedValueJson;
}

/** Where the values were read; every field optional. */
export interface StorageMeta {
  /** `path:Name` of the layout used. */
  readonly contract?: string;
  readonly address?: string;
  readonly chainId?: number;
  readonly blockNumber?: bigint;
}

export interface StorageJson {
  schema: typeof STORAGE_SCHEMA;
  contract?: string;
  address?: string;
  chainId?: number;
  /** Decimal string. */
  blockNumber?: string;
  variables: DecodedVariableJson[];
}

// ---- writing ----

export function layoutToJson(layout: ContractLayout): LayoutJson {
  const types: Record<string, StorageTypeJson> = {};
  for (const id of Object.keys(layout.types).sort()) types[id] = typeToJson(layout.types[id]!);
  return {
    schema: LAYOUT_SCHEMA,
    contract: layout.contract,
    storage: layout.storage.map(variableToJson),
    types,
    namespaces: layout.namespaces.map((ns) => ({
      id: ns.id,
      slot: slotHex(ns.slot),
      type: ns.type,
      contract: ns.contract,
    })),
  };
}

function variableToJson(v: StorageVariable): StorageVariableJson {
  const out: StorageVariableJson = { label: v.label, slot: slotHex(v.slot), offset: v.offset, type: v.type };
  if (v.contract !== undefined) out.contract = v.contract;
  return out;
}

function typeToJson(t: StorageType): StorageTypeJson {
  const out: StorageTypeJson = { label: t.label, encoding: t.encoding, numberOfBytes: t.numberOfBytes };
  if (t.key !== undefined) out.key = t.key;
  if (t.value !== undefined) out.value = t.value;
  if (t.base !== undefined) out.base = t.base;
  if (t.members !== undefined) out.members = t.members.map(variableToJson);
  if (t.enumMembers !== undefined) out.enumMembers = [...t.enumMembers];
  if (t.underlying !== undefined) out.underlying = t.underlying;
  return out;
}

export function storageToJson(vars: readonly DecodedVariable[], meta: StorageMeta = {}): StorageJson {
  return {
    schema: STORAGE_SCHEMA,
    ...(meta.contract !== undefined && { contract: meta.contract }),
    ...(meta.address !== undefined && { address: meta.address }),
    ...(meta.chainId !== undefined && { chainId: meta.chainId }),
    ...(meta.blockNumber !== undefined && { blockNumber: meta.blockNumber.toString() }),
    variables: vars.map(decodedToJson),
  };
}

function decodedToJson(v: DecodedVariable): DecodedVariableJson {
  return {
    path: v.path,
    type: v.type,
    slot: slotHex(v.slot),
    offset: v.offset,
    bytes: v.bytes,
    value: valueToJson(v.value),
  };
}

function valueToJson(v: DecodedValue): DecodedValueJson {
  switch (v.kind) {
    case 'value':
      if (typeof v.value === 'bigint')
        return { kind: 'value', primitive: 'integer', value: v.value.toString() };
      if (typeof v.value === 'boolean') return { kind: 'value', primitive: 'boolean', value: v.value };
      return { kind: 'value', primitive: 'string', value: v.value };
    case 'enum':
      return v.member === undefined
        ? { kind: 'enum', value: v.value.toString() }
        : { kind: 'enum', value: v.value.toString(), member: v.member };
    case 'bytes':
      return v.utf8 === undefined
        ? { kind: 'bytes', hex: v.hex, length: v.length }
        : { kind: 'bytes', hex: v.hex, utf8: v.utf8, length: v.length };
    case 'struct':
      return { kind: 'struct', members: v.members.map(decodedToJson) };
    case 'array': {
      const out: DecodedValueJson = {
        kind: 'array',
        length: v.length.toString(),
        elements: v.elements.map(decodedToJson),
      };
      if (v.truncated) out.truncated = true;
      return out;
    }
    case 'mapping':
      return {
        kind: 'mapping',
        keysFrom: v.keysFrom,
        entries: v.entries.map((e) => ({ key: e.key, value: decodedToJson(e.value) })),
      };
  }
}

/** `tdk layout --json`: the layout as indented JSON text, newline-terminated. */
export function renderLayoutJson(layout: ContractLayout): string {
  return `${JSON.stringify(layoutToJson(layout), null, 2)}\n`;
}

/** `tdk storage --json`: decoded variables as indented JSON text, newline-terminated. */
export function renderStorageJson(vars: readonly DecodedVariable[], meta: StorageMeta = {}): string {
  return `${JSON.stringify(storageToJson(vars, meta), null, 2)}\n`;
}

// ---- reading ----

/** A JSON document that is not a tdk.layout/v1 or tdk.storage/v1 document, with where it went wrong. */
export class LayoutJsonError extends EvmError {
  constructor(message: string) {
    super(message, 'TDK_LAYOUT_JSON', 'write the file with `tdk layout --json` or `tdk storage --json`');
  }
}

type Json = Record<string, unknown>;

function fail(at: string, what: string): never {
  throw new LayoutJsonError(`${at}: ${what}`);
}

function object(v: unknown, at: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'expected an object');
  return v as Json;
}

function list(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) fail(at, 'expected an array');
  return v;
}

function str(o: Json, key: string, at: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${at}.${key}`, 'expected a string');
  return v;
}

function optStr(o: Json, key: string, at: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, at);
}

function int(o: Json, key: string, at: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail(`${at}.${key}`, 'expected a non-negative integer');
  return v;
}

function slot(o: Json, key: string, at: string): bigint {
  const v = str(o, key, at);
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(v)) fail(`${at}.${key}`, `expected 0x-hex of at most 32 bytes, got ${v}`);
  return BigInt(v);
}

function decimal(o: Json, key: string, at: string): bigint {
  const v = str(o, key, at);
  if (!/^-?(0|[1-9][0-9]*)$/.test(v)) fail(`${at}.${key}`, `expected a decimal integer string, got ${v}`);
  return BigInt(v);
}

function schema(o: Json, expected: string): void {
  if (o.schema !== expected)
    fail('schema', `expected "${expected}", got ${JSON.stringify(o.schema ?? null)}`);
}

/** Reads a tdk.layout/v1 document (parsed JSON) back into a ContractLayout. */
export function layoutFromJson(json: unknown): ContractLayout {
  const o = object(json, '$');
  schema(o, LAYOUT_SCHEMA);
  const types: Record<string, StorageType> = {};
  for (const [id, t] of Object.entries(object(o.types, 'types'))) types[id] = typeFromJson(id, t);
  return {
    contract: str(o, 'contract', '$'),
    storage: list(o.storage, 'storage').map((v, i) => variableFromJson(v, `storage[${i}]`)),
    types,
    namespaces: list(o.namespaces, 'namespaces').map((n, i): Namespace => {
      const at = `namespaces[${i}]`;
      const ns = object(n, at);
      return {
        id: str(ns, 'id', at),
        slot: slot(ns, 'slot', at),
        type: str(ns, 'type', at),
        contract: str(ns, 'contract', at),
      };
    }),
  };
}

function variableFromJson(v: unknown, at: string): StorageVariable {
  const o = object(v, at);
  const out = {
    label: str(o, 'label', at),
    slot: slot(o, 'slot', at),
    offset: int(o, 'offset', at),
    type: str(o, 'type', at),
  };
  const contract = optStr(o, 'contract', at);
  return contract === undefined ? out : { ...out, contract };
}

const ENCODINGS: readonly TypeEncoding[] = ['inplace', 'mapping', 'dynamic_array', 'bytes'];

function typeFromJson(id: string, t: unknown): StorageType {
  const at = `types[${JSON.stringify(id)}]`;
  const o = object(t, at);
  const encoding = str(o, 'encoding', at) as TypeEncoding;
  if (!ENCODINGS.includes(encoding)) fail(`${at}.encoding`, `unknown encoding ${encoding}`);
  const out: { -readonly [K in keyof StorageType]: StorageType[K] } = {
    id,
    label: str(o, 'label', at),
    encoding,
    numberOfBytes: int(o, 'numberOfBytes', at),
  };
  const key = optStr(o, 'key', at);
  const value = optStr(o, 'value', at);
  const base = optStr(o, 'base', at);
  if (key !== undefined) out.key = key;
  if (value !== undefined) out.value = value;
  if (base !== undefined) out.base = base;
  if (o.members !== undefined)
    out.members = list(o.members, `${at}.members`).map((m, i) => variableFromJson(m, `${at}.members[${i}]`));
  if (o.enumMembers !== undefined)
    out.enumMembers = list(o.enumMembers, `${at}.enumMembers`).map((m, i) => {
      if (typeof m !== 'string') fail(`${at}.enumMembers[${i}]`, 'expected a string');
      return m;
    });
  const underlying = optStr(o, 'underlying', at);
  if (underlying !== undefined) out.underlying = underlying;
  return out;
}

/** Reads a tdk.storage/v1 document (parsed JSON) back into decoded variables and where they were read. */
export function storageFromJson(json: unknown): { variables: DecodedVariable[]; meta: StorageMeta } {
  const o = object(json, '$');
  schema(o, STORAGE_SCHEMA);
  const meta: { -readonly [K in keyof StorageMeta]: StorageMeta[K] } = {};
  const contract = optStr(o, 'contract', '$');
  const address = optStr(o, 'address', '$');
  if (contract !== undefined) meta.contract = contract;
  if (address !== undefined) meta.address = address;
  if (o.chainId !== undefined) meta.chainId = int(o, 'chainId', '$');
  if (o.blockNumber !== undefined) meta.blockNumber = decimal(o, 'blockNumber', '$');
  const variables = list(o.variables, 'variables').map((v, i) => decodedFromJson(v, `variables[${i}]`));
  return { variables, meta };
}

function decodedFromJson(v: unknown, at: string): DecodedVariable {
  const o = object(v, at);
  return {
    path: str(o, 'path', at),
    type: str(o, 'type', at),
    slot: slot(o, 'slot', at),
    offset: int(o, 'offset', at),
    bytes: int(o, 'bytes', at),
    value: valueFromJson(o.value, `${at}.value`),
  };
}

function valueFromJson(v: unknown, at: string): DecodedValue {
  const o = object(v, at);
  const kind = str(o, 'kind', at);
  switch (kind) {
    case 'value': {
      const primitive = str(o, 'primitive', at);
      if (primitive === 'integer') return { kind, value: decimal(o, 'value', at) };
      if (primitive === 'string') return { kind, value: str(o, 'value', at) };
      if (primitive === 'boolean' && typeof o.value === 'boolean') return { kind, value: o.value };
      return fail(`${at}`, `bad primitive value (${primitive}: ${JSON.stringify(o.value)})`);
    }
    case 'enum': {
      const member = optStr(o, 'member', at);
      const value = decimal(o, 'value', at);
      return member === undefined ? { kind, value } : { kind, value, member };
    }
    case 'bytes': {
      const hex = str(o, 'hex', at);
      const utf8 = optStr(o, 'utf8', at);
      const length = int(o, 'length', at);
      return utf8 === undefined ? { kind, hex, length } : { kind, hex, utf8, length };
    }
    case 'struct':
      return {
        kind,
        members: list(o.members, `${at}.members`).map((m, i) => decodedFromJson(m, `${at}.members[${i}]`)),
      };
    case 'array': {
      const elements = list(o.elements, `${at}.elements`).map((e, i) =>
        decodedFromJson(e, `${at}.elements[${i}]`),
      );
      const length = decimal(o, 'length', at);
      if (o.truncated !== undefined && o.truncated !== true)
        fail(`${at}.truncated`, 'expected true or nothing');
      return o.truncated ? { kind, length, elements, truncated: true } : { kind, length, elements };
    }
    case 'mapping': {
      const keysFrom = str(o, 'keysFrom', at);
      if (keysFrom !== 'recorded' && keysFrom !== 'given' && keysFrom !== 'none')
        fail(`${at}.keysFrom`, `expected recorded, given or none, got ${keysFrom}`);
      const entries = list(o.entries, `${at}.entries`).map((e, i) => {
        const eat = `${at}.entries[${i}]`;
        const entry = object(e, eat);
        return { key: str(entry, 'key', eat), value: decodedFromJson(entry.value, `${eat}.value`) };
      });
      return { kind, keysFrom, entries };
    }
    default:
      return fail(`${at}.kind`, `unknown kind ${kind}`);
  }
}
