// The shapes shared by tdk's storage-layout features (tdk layout, tdk storage): a contract's layout
// normalised from solc's `storageLayout` (plus ERC-7201 namespaces, which solc does not list), the
// decoded values, and the two things a decoder reads from a chain: slots and recordings.

/** How solc stores a type (solc's `encoding`). */
export type TypeEncoding = 'inplace' | 'mapping' | 'dynamic_array' | 'bytes';

/** One entry of solc's `types`, with bigint slots. */
export interface StorageType {
  /** solc's type id, e.g. `t_mapping(t_address,t_uint256)`. */
  readonly id: string;
  /** Solidity spelling, e.g. `mapping(address => uint256)`. */
  readonly label: string;
  readonly encoding: TypeEncoding;
  readonly numberOfBytes: number;
  /** Mapping key and value type ids. */
  readonly key?: string;
  readonly value?: string;
  /** Array element type id. */
  readonly base?: string;
  /** Struct members, slots relative to the struct's first slot. */
  readonly members?: readonly StorageVariable[];
  /** Enum member names in declaration order (from the AST; absent when it was not available). */
  readonly enumMembers?: readonly string[];
  /** Underlying elementary type of a user-defined value type, e.g. `uint128` (from the AST). */
  readonly underlying?: string;
}

export interface StorageVariable {
  readonly label: string;
  /** Absolute for top-level variables and namespace members, relative inside structs. */
  readonly slot: bigint;
  /** Byte offset from the low-order end of the slot. */
  readonly offset: number;
  /** Type id into ContractLayout.types. */
  readonly type: string;
  /** Declaring contract, `path:Name` (inheritance order is the order of `storage`). */
  readonly contract?: string;
}

/** An ERC-7201 namespace: a struct marked `@custom:storage-location erc7201:<id>`. */
export interface Namespace {
  /** The id after `erc7201:`, e.g. `openzeppelin.storage.ERC20`. */
  readonly id: string;
  /** keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
  readonly slot: bigint;
  /** Struct type id in `types`; its members are the namespace's variables. */
  readonly type: string;
  /** Contract that declares the struct, `path:Name`. */
  readonly contract: string;
}

export interface ContractLayout {
  /** `path:Name` of the contract the layout belongs to. */
  readonly contract: string;
  /** Top-level variables in declaration (C3 inheritance) order. */
  readonly storage: readonly StorageVariable[];
  readonly types: Readonly<Record<string, StorageType>>;
  readonly namespaces: readonly Namespace[];
}

/** A decoded value. Integers stay bigints; addresses, bytesN and hashes are 0x-hex strings. */
export type DecodedValue =
  | { readonly kind: 'value'; readonly value: bigint | boolean | string }
  | { readonly kind: 'enum'; readonly value: bigint; readonly member?: string }
  | { readonly kind: 'bytes'; readonly hex: string; readonly utf8?: string; readonly length: number }
  | { readonly kind: 'struct'; readonly members: readonly DecodedVariable[] }
  | {
      readonly kind: 'array';
      readonly length: bigint;
      readonly elements: readonly DecodedVariable[];
      /** Set when only the first elements were read (very long arrays). */
      readonly truncated?: boolean;
    }
  | {
      readonly kind: 'mapping';
      readonly entries: readonly { readonly key: string; readonly value: DecodedVariable }[];
      /** How the keys were found: recorded preimages, keys given by the user, or none known. */
      readonly keysFrom: 'recorded' | 'given' | 'none';
    };

export interface DecodedVariable {
  /** Access path: `balances[0xabc…]`, `config.owner`, `items[2]`, `$ERC20Storage._name`. */
  readonly path: string;
  /** Solidity type label. */
  readonly type: string;
  readonly slot: bigint;
  readonly offset: number;
  readonly bytes: number;
  readonly value: DecodedValue;
}

/** Reads raw storage words (batched by the implementation: eth_getStorageAt in a JSON-RPC batch). */
export interface StorageReader {
  read(address: bigint, slots: readonly bigint[]): Promise<bigint[]>;
}

/**
 * What a tdk devnet recorded while running transactions (tdk_getWrittenSlots,
 * tdk_getKeccakPreimages). Other nodes have no recording; mapping keys must then be given.
 */
export interface SlotRecording {
  writtenSlots(address: bigint): Promise<bigint[]>;
  /** Preimages of keccak256 results; null where unknown. */
  preimages(hashes: readonly bigint[]): Promise<(Uint8Array | null)[]>;
}

/** The answer to "which variable is this slot?" (tdk storage --slot). */
export interface SlotOwner {
  readonly slot: bigint;
  /** Every variable (or part) stored in the slot; several when values are packed. */
  readonly variables: readonly {
    readonly path: string;
    readonly type: string;
    readonly offset: number;
    readonly bytes: number;
  }[];
}
