// The slot map behind the HTML view: which 32-byte slots a contract uses and what sits where in each.
// Rows come in three groups: the top-level slots (from the layout, so every variable shows even when
// it holds zero), each ERC-7201 namespace from its root, and the slots found from decoded values
// (mapping entries, dynamic array elements, long bytes/string data) grouped under their variable.
// Segments are placed by offset from the low-order end, as the EVM packs them.
import { keccak256 } from 'viem';
import type { ContractLayout, DecodedVariable, StorageType, StorageVariable } from '../types.js';
import { formatValue, quote, slotHex } from './format.js';

/** What a segment holds: a value, a mapping's (always empty) root, a length, bytes, or long-bytes data. */
export type SegmentRole = 'value' | 'mapping' | 'length' | 'bytes' | 'data';

export interface SlotSegment {
  readonly offset: number;
  readonly bytes: number;
  /** Access path: `pos.holder`, `fixedSmall[2]`, `balances[0x…]`, `$MainStorage.total`. */
  readonly path: string;
  /** Solidity type label. */
  readonly type: string;
  readonly role: SegmentRole;
  /** The decoded value for people; absent when only the layout is known. */
  value?: string;
  /** Segments with the same key share a colour: a static field's path, or the variable owning derived slots. */
  readonly colorKey: string;
}

export interface SlotRow {
  readonly slot: bigint;
  /** High-order first (the order they read left to right). */
  readonly segments: SlotSegment[];
  /** Byte runs no segment covers, high-order first. */
  readonly unused: { readonly offset: number; readonly bytes: number }[];
}

/** Slots of one variable left out after `maxSlotsPerVariable`. */
export interface Elision {
  readonly path: string;
  readonly from: bigint;
  readonly count: bigint;
}

export interface SlotGroup {
  readonly kind: 'storage' | 'namespace' | 'derived';
  readonly title: string;
  /** The variable a derived group belongs to; the namespace id of a namespace group. */
  readonly key: string;
  readonly rows: SlotRow[];
  readonly elided: Elision[];
}

export interface SlotMap {
  readonly contract: string;
  readonly groups: SlotGroup[];
  readonly slotCount: number;
  /** Slots holding two or more values. */
  readonly packedSlots: number;
  readonly unusedBytes: number;
}

export interface SlotMapOptions {
  /** Rows per static array and per derived group before the rest is elided; 256 unless given. */
  readonly maxSlotsPerVariable?: number;
}

/** Lays the layout (and, when given, the decoded values) out slot by slot. */
export function buildSlotMap(
  layout: ContractLayout,
  vars?: readonly DecodedVariable[],
  options: SlotMapOptions = {},
): SlotMap {
  const cap = BigInt(options.maxSlotsPerVariable ?? 256);
  const staticIndex = new Map<string, SlotSegment>();
  const groups: SlotGroup[] = [];

  const storage = new StaticBuilder(layout, cap, staticIndex);
  for (const v of layout.storage) storage.variable(v, 0n, '');
  groups.push({ kind: 'storage', title: 'Storage', key: '', rows: storage.rows(), elided: storage.elided });

  for (const ns of layout.namespaces) {
    const b = new StaticBuilder(layout, cap, staticIndex);
    const type = layout.types[ns.type];
    const prefix = `$${structName(type?.label ?? ns.type)}`;
    for (const m of type?.members ?? []) b.variable(m, ns.slot, prefix);
    groups.push({
      kind: 'namespace',
      title: `Namespace erc7201:${ns.id}`,
      key: ns.id,
      rows: b.rows(),
      elided: b.elided,
    });
  }

  if (vars) {
    const derived = new DerivedBuilder(staticIndex, cap);
    for (const v of vars) derived.walk(v, v.path, false);
    groups.push(...derived.groups());
  }

  const rows = groups.flatMap((g) => g.rows);
  return {
    contract: layout.contract,
    groups,
    slotCount: rows.length,
    packedSlots: rows.filter((r) => r.segments.length > 1).length,
    unusedBytes: rows.reduce((n, r) => n + r.unused.reduce((m, u) => m + u.bytes, 0), 0),
  };
}

const key = (slot: bigint, offset: number) => `${slot}:${offset}`;

/** `struct C.MainStorage` → `MainStorage`. */
function structName(label: string): string {
  return label
    .replace(/^struct\s+/, '')
    .split('.')
    .pop()!;
}

/** Rows keyed by slot, kept in first-seen order, segments sorted and gaps computed at the end. */
class RowSet {
  private readonly bySlot = new Map<bigint, SlotSegment[]>();

  add(slot: bigint, segment: SlotSegment): void {
    let segs = this.bySlot.get(slot);
    if (!segs) this.bySlot.set(slot, (segs = []));
    segs.push(segment);
  }

  get size(): number {
    return this.bySlot.size;
  }

  has(slot: bigint): boolean {
    return this.bySlot.has(slot);
  }

  rows(sortBySlot: boolean): SlotRow[] {
    const entries = [...this.bySlot.entries()];
    if (sortBySlot) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.map(([slot, segs]) => {
      segs.sort((a, b) => b.offset - a.offset);
      return { slot, segments: segs, unused: gaps(segs) };
    });
  }
}

function gaps(segs: readonly SlotSegment[]): { offset: number; bytes: number }[] {
  const used = new Array<boolean>(32).fill(false);
  for (const s of segs) for (let i = s.offset; i < Math.min(32, s.offset + s.bytes); i++) used[i] = true;
  const out: { offset: number; bytes: number }[] = [];
  for (let i = 31; i >= 0; ) {
    if (used[i]) {
      i--;
      continue;
    }
    let low = i;
    while (low > 0 && !used[low - 1]) low--;
    out.push({ offset: low, bytes: i - low + 1 });
    i = low - 1;
  }
  return out;
}

/** A static array's shape, read from its label's last `[N]`. */
function arrayShape(
  type: StorageType,
  base: StorageType,
): { length: bigint; perSlot: number; slotsPer: bigint } | null {
  const m = /\[(\d+)\]$/.exec(type.label);
  if (!m) return null;
  const size = base.numberOfBytes;
  return size <= 16
    ? { length: BigInt(m[1]!), perSlot: Math.floor(32 / size), slotsPer: 1n }
    : { length: BigInt(m[1]!), perSlot: 1, slotsPer: BigInt(Math.ceil(size / 32)) };
}

/** Expands variables of the layout (top level or a namespace) into segments of their own slots. */
class StaticBuilder {
  readonly elided: Elision[] = [];
  private readonly set = new RowSet();

  constructor(
    private readonly layout: ContractLayout,
    private readonly cap: bigint,
    private readonly index: Map<string, SlotSegment>,
  ) {}

  rows(): SlotRow[] {
    return this.set.rows(true);
  }

  variable(v: StorageVariable, base: bigint, prefix: string): void {
    const path = prefix === '' ? v.label : `${prefix}.${v.label}`;
    this.place(v.type, base + v.slot, v.offset, path);
  }

  private place(typeId: string, slot: bigint, offset: number, path: string): void {
    const type = this.layout.types[typeId];
    const base = type?.base ? this.layout.types[type.base] : undefined;
    if (!type) this.segment(slot, { offset, bytes: 32 - offset, path, type: typeId, role: 'value' });
    else if (type.encoding !== 'inplace') {
      const role = type.encoding === 'mapping' ? 'mapping' : type.encoding === 'bytes' ? 'bytes' : 'length';
      this.segment(slot, { offset: 0, bytes: 32, path, type: type.label, role });
    } else if (type.members) for (const m of type.members) this.variable(m, slot, path);
    else if (base) this.array(type, base, slot, path);
    else this.segment(slot, { offset, bytes: type.numberOfBytes, path, type: type.label, role: 'value' });
  }

  private array(type: StorageType, base: StorageType, slot: bigint, path: string): void {
    const shape = arrayShape(type, base);
    const slots = BigInt(Math.ceil(type.numberOfBytes / 32));
    if (!shape) {
      // No length in the label: show the array's slots whole rather than guess at its elements.
      for (let i = 0n; i < slots && i < this.cap; i++)
        this.segment(slot + i, { offset: 0, bytes: 32, path, type: type.label, role: 'value' });
    } else {
      for (let i = 0n; i < shape.length; i++) {
        const rel = (i / BigInt(shape.perSlot)) * shape.slotsPer;
        if (rel >= this.cap) break;
        const offset = Number(i % BigInt(shape.perSlot)) * base.numberOfBytes;
        this.place(type.base!, slot + rel, offset, `${path}[${i}]`);
      }
    }
    if (slots > this.cap) this.elided.push({ path, from: slot + this.cap, count: slots - this.cap });
  }

  private segment(slot: bigint, s: Omit<SlotSegment, 'colorKey'>): void {
    const segment: SlotSegment = { ...s, colorKey: s.path };
    this.set.add(slot, segment);
    this.index.set(key(slot, s.offset), segment);
  }
}

/** Puts decoded values on the static segments and collects the slots only values reveal. */
class DerivedBuilder {
  private readonly sets = new Map<string, { set: RowSet; elided: Set<bigint> }>();

  constructor(
    private readonly index: Map<string, SlotSegment>,
    private readonly cap: bigint,
  ) {}

  groups(): SlotGroup[] {
    return [...this.sets.entries()]
      .filter(([, g]) => g.set.size > 0)
      .map(([path, g]) => ({
        kind: 'derived' as const,
        title: path,
        key: path,
        rows: g.set.rows(false),
        elided: g.elided.size > 0 ? [{ path, from: [...g.elided][0]!, count: BigInt(g.elided.size) }] : [],
      }));
  }

  /** `owner` is the variable derived slots are grouped under; `derived` once below a hashed slot. */
  walk(v: DecodedVariable, owner: string, derived: boolean): void {
    const value = v.value;
    const dynamic = value.kind === 'array' && v.type.endsWith('[]');
    const occupies =
      value.kind === 'value' ||
      value.kind === 'enum' ||
      value.kind === 'bytes' ||
      value.kind === 'mapping' ||
      dynamic;
    if (occupies) {
      const text = formatValue(value, v.type);
      const known = derived ? undefined : this.index.get(key(v.slot, v.offset));
      if (known) {
        known.value = text;
        owner = known.path;
      } else if (value.kind !== 'mapping') {
        // A nested mapping's own slot holds nothing; its entries are what is stored.
        const role =
          value.kind === 'bytes' && isDynamicBytes(v.type) ? 'bytes' : dynamic ? 'length' : 'value';
        this.add(owner, v.slot, {
          offset: v.offset,
          bytes: v.bytes,
          path: v.path,
          type: v.type,
          role,
          value: text,
        });
      }
    }
    switch (value.kind) {
      case 'struct':
        for (const m of value.members) this.walk(m, owner, derived);
        break;
      case 'array':
        for (const e of value.elements) this.walk(e, owner, derived || dynamic);
        break;
      case 'mapping':
        for (const e of value.entries) this.walk(e.value, owner, true);
        break;
      case 'bytes':
        if (isDynamicBytes(v.type) && value.length >= 32) this.longBytes(v, value, owner);
        break;
    }
  }

  /** Long bytes/string: data left-aligned from keccak256(slot), 32 bytes a slot. */
  private longBytes(
    v: DecodedVariable,
    value: { hex: string; length: number; utf8?: string },
    owner: string,
  ): void {
    const start = BigInt(keccak256(slotHex(v.slot) as `0x${string}`));
    const chunks = Math.ceil(value.length / 32);
    const text = v.type === 'string' && value.utf8 !== undefined;
    for (let i = 0; i < chunks; i++) {
      const used = Math.min(32, value.length - 32 * i);
      const hex = value.hex.slice(2 + 64 * i, 2 + 64 * i + 2 * used);
      const segment = {
        offset: 32 - used,
        bytes: used,
        path: `${v.path} data[${i}]`,
        type: v.type,
        role: 'data' as const,
      };
      const shown = hex.length === 2 * used ? (text ? utf8Chunk(hex) : `0x${hex}`) : undefined;
      this.add(owner, start + BigInt(i), shown === undefined ? segment : { ...segment, value: shown });
    }
  }

  private add(owner: string, slot: bigint, s: Omit<SlotSegment, 'colorKey'>): void {
    let g = this.sets.get(owner);
    if (!g) this.sets.set(owner, (g = { set: new RowSet(), elided: new Set() }));
    if (!g.set.has(slot) && BigInt(g.set.size) >= this.cap) {
      g.elided.add(slot);
      return;
    }
    g.set.add(slot, { ...s, colorKey: owner });
  }
}

function isDynamicBytes(type: string): boolean {
  return type === 'string' || type === 'bytes';
}

function utf8Chunk(hex: string): string {
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
  return quote(new TextDecoder().decode(bytes));
}
