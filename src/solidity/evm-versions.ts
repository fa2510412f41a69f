// EVM versions solc accepts, each with the first compiler that knows it. A requested target newer than
// a compiler's newest is lowered to that newest, as Foundry does, so one foundry.toml serves old and
// new compilers alike.
import semver from 'semver';

export const EVM_VERSIONS: readonly { name: string; since: string }[] = [
  { name: 'homestead', since: '0.4.21' },
  { name: 'tangerineWhistle', since: '0.4.21' },
  { name: 'spuriousDragon', since: '0.4.21' },
  { name: 'byzantium', since: '0.4.21' },
  { name: 'constantinople', since: '0.4.21' },
  { name: 'petersburg', since: '0.5.5' },
  { name: 'istanbul', since: '0.5.14' },
  { name: 'berlin', since: '0.8.5' },
  { name: 'london', since: '0.8.7' },
  { name: 'paris', since: '0.8.18' },
  { name: 'shanghai', since: '0.8.20' },
  { name: 'cancun', since: '0.8.24' },
  { name: 'prague', since: '0.8.27' },
  { name: 'osaka', since: '0.8.29' },
];

/** The target to pass for `compiler`, or undefined when it predates the evmVersion setting. */
export function evmVersionFor(requested: string, compiler: string): string | undefined {
  const index = EVM_VERSIONS.findIndex((e) => e.name === requested);
  for (let i = index; i >= 0; i--) {
    const e = EVM_VERSIONS[i]!;
    if (semver.gte(compiler, e.since)) return e.name;
  }
  return undefined;
}
