// The terminal tables of `tdk layout` (where each variable lives) and `tdk storage` (what it holds):
// aligned columns like `forge inspect C storageLayout` and `cast storage`, with struct members,
// array elements and mapping entries as indented rows under their variable and values for humans.
import { getAddress } from 'viem';
import type { ContractLayout, DecodedValue, DecodedVariable, StorageVariable } from '../types.js';
import { formatValue, isAddressType, printable, slotShort } from './format.js';
import { type Ansi, type Cell, type Column, renderGrid } from './text-grid.js';

const INDENT = '  ';

/** Both tables: where a variable lives, then what the last column says (declaring contract or value). */
const columns = (last: string): readonly Column[] => [
  { header: 'Name' },
  { header: 'Type' },
  { header: 'Slot' },
  { header: 'Offset', align: 'right' },
  { header: 'Bytes', align: 'right' },
  { header: last },
];
const LAYOUT_COLUMNS = columns('Contract');
const STORAGE_COLUMNS = columns('Value');

/**
 * Every variable's place: name, type, slot, offset, bytes and declaring contract, struct members
 * indented under their struct (with absolute slots), each ERC-7201 namespace as a section of its own.
 */
export function renderLayoutTable(layout: ContractLayout): string {
  const sections = [`Storage layout of ${printable(layout.contract)}`];
  sections.push(
    layout.storage.length === 0
      ? '(no storage variables)'
      : renderGrid(LAYOUT_COLUMNS, layoutRows(layout, layout.storage, 0n, '', 0, true)),
  );
  for (const ns of layout.namespaces) {
    const type = layout.types[ns.type];
    const members = type?.members ?? [];
    sections.push(
      `Namespace erc7201:${printable(ns.id)} at ${slotShort(ns.slot)} (${printable(type?.label ?? ns.type)}, ${printable(sourceName(ns.contract))})`,
    );
    sections.push(
      members.length === 0
        ? '(no members)'
        : renderGrid(LAYOUT_COLUMNS, layoutRows(layout, members, ns.slot, '', 0, false)),
    );
  }
  return `${sections.join('\n\n')}\n`;
}

function layoutRows(
  layout: ContractLayout,
  vars: readonly StorageVariable[],
  base: bigint,
  prefix: string,
  depth: number,
  withContract: boolean,
): string[][] {
  const rows: string[][] = [];
  for (const v of vars) {
    const type = layout.types[v.type];
    const path = prefix === '' ? v.label : `${prefix}.${v.label}`;
    const slot = base + v.slot;
    rows.push([
      INDENT.repeat(depth) + printable(depth === 0 ? path : `.${v.label}`),
      printable(type?.label ?? v.type),
      slotShort(slot),
      String(v.offset),
      type ? String(type.numberOfBytes) : '?',
      withContract && v.contract ? printable(sourceName(v.contract)) : '',
    ]);
    if (type?.members) rows.push(...layoutRows(layout, type.members, slot, path, depth + 1, false));
  }
  return rows;
}

export interface StorageTableOptions {
  /** ANSI colour (for a terminal). */
  readonly color?: boolean;
  /** Array elements listed before `… N more`; 10 unless given. */
  readonly maxElements?: number;
}

/**
 * Decoded variables as a table: name (access path), type, slot, offset, bytes and value, with struct
 * members, array elements and mapping entries as indented rows under their variable. Arrays longer
 * than `maxElements` (or read only in part) end in a `… N more` row.
 */
export function renderStorageTable(
  vars: readonly DecodedVariable[],
  options: StorageTableOptions = {},
): string {
  const maxElements = options.maxElements ?? 10;
  const rows: (Cell | string)[][] = [];
  const visit = (v: DecodedVariable, depth: number, parent?: DecodedVariable) => {
    const indent = INDENT.repeat(depth);
    const container = v.value.kind === 'struct' || v.value.kind === 'array' || v.value.kind === 'mapping';
    rows.push([
      { text: indent + printable(rowName(v, parent)), style: container ? 'bold' : undefined },
      printable(v.type),
      slotShort(v.slot),
      String(v.offset),
      String(v.bytes),
      {
        text: v.value.kind === 'struct' ? '' : formatValue(v.value, v.type),
        style: valueStyle(v.value, v.type),
      },
    ]);
    const value = v.value;
    if (value.kind === 'struct') for (const m of value.members) visit(m, depth + 1, v);
    else if (value.kind === 'mapping') for (const e of value.entries) visit(e.value, depth + 1, v);
    else if (value.kind === 'array') {
      const shown = value.elements.slice(0, maxElements);
      for (const e of shown) visit(e, depth + 1, v);
      const more = value.length - BigInt(shown.length);
      if (more > 0n) {
        const note = value.truncated && value.elements.length < maxElements ? ' (not read)' : '';
        rows.push([{ text: `${indent}${INDENT}… ${more} more${note}`, style: 'dim' }]);
      }
    }
  };
  for (const v of vars) visit(v, 0);
  if (rows.length === 0) return '(no storage variables)\n';
  return `${renderGrid(STORAGE_COLUMNS, rows, { color: options.color })}\n`;
}

/**
 * A part under its variable is named by what it adds to the variable's path: `.holder`, `[3]`,
 * `[0xAb58…]` (address keys checksummed), so rows stay narrow however deep the nesting.
 */
function rowName(v: DecodedVariable, parent: DecodedVariable | undefined): string {
  if (!parent || !v.path.startsWith(parent.path) || v.path === parent.path) return v.path;
  const rest = v.path.slice(parent.path.length);
  const key = /^\[(0x[0-9a-fA-F]{40})\]$/.exec(rest);
  return key && /^mapping\((address|contract \S+) =>/.test(parent.type) ? `[${getAddress(key[1]!)}]` : rest;
}

function valueStyle(value: DecodedValue, type: string): Ansi | undefined {
  switch (value.kind) {
    case 'value':
      if (typeof value.value === 'boolean') return 'magenta';
      if (typeof value.value === 'string') return isAddressType(type) ? 'cyan' : 'blue';
      return value.value === 0n ? 'dim' : undefined;
    case 'enum':
      return 'magenta';
    case 'bytes':
      return type === 'string' && value.utf8 !== undefined ? 'green' : 'blue';
    default:
      return 'dim';
  }
}

/** Sources reached through node_modules read as their import names (`@openzeppelin/…`). */
function sourceName(contract: string): string {
  return contract.replace(/^(\.\.\/)*node_modules\//, '');
}
