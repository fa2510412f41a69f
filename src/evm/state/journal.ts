// The undo journal: every state change appends the value it replaced, so reverting a call frame
// (or an outer snapshot) replays the entries newest-first. A checkpoint is just the journal length.

export enum Change {
  AccountCreated, // account did not exist (prev undefined) or was replaced (prev account)
  Balance,
  Nonce,
  Code,
  Storage,
  TransientStorage,
  Touched,
  WarmAccount,
  WarmSlot,
  Refund,
  Log,
  Selfdestructed,
  CreatedInTx,
  AccountDeleted,
}

export interface JournalEntry {
  kind: Change;
  address: bigint;
  key: bigint;
  prev: unknown;
}
