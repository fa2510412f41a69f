// Counterexample arguments printed the way Foundry prints them: args=[1000000, 0x…, "text", [1, 2]].
export function formatArg(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return v.startsWith('0x') ? v : JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatArg).join(', ')}]`;
  return String(v);
}

export function formatArgs(args: readonly unknown[]): string {
  return `[${args.map(formatArg).join(', ')}]`;
}

/** A seed the way it is printed and read back: 0x-hex. */
export function formatSeed(seed: bigint): string {
  return `0x${seed.toString(16)}`;
}

/** Reads a seed written as decimal or 0x-hex; undefined when it is neither. */
export function parseSeed(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) return undefined;
  return BigInt(t);
}
