// An account as the EVM sees it. Storage holds only non-zero slots.
import { EMPTY_BYTES } from '../bytes.js';
import { KECCAK_EMPTY, keccak256 } from '../crypto/keccak.js';

export class Account {
  nonce = 0n;
  balance = 0n;
  storage = new Map<bigint, bigint>();
  private _code: Uint8Array = EMPTY_BYTES;
  private _codeHash: Uint8Array | null = KECCAK_EMPTY;

  get code(): Uint8Array {
    return this._code;
  }

  set code(code: Uint8Array) {
    this._code = code;
    this._codeHash = code.length === 0 ? KECCAK_EMPTY : null;
  }

  /** keccak256 of the code, computed once per code change. */
  get codeHash(): Uint8Array {
    if (this._codeHash === null) this._codeHash = keccak256(this._code);
    return this._codeHash;
  }

  /** EIP-161: no code, zero nonce, zero balance. */
  isEmpty(): boolean {
    return this.nonce === 0n && this.balance === 0n && this._code.length === 0;
  }

  clone(): Account {
    const a = new Account();
    a.nonce = this.nonce;
    a.balance = this.balance;
    a._code = this._code;
    a._codeHash = this._codeHash;
    a.storage = new Map(this.storage);
    return a;
  }
}
