import { InspectorError } from '../errors';

export interface ParsedArgs {
  command: string;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; every other `--flag` is boolean. */
const VALUE_FLAGS = new Set(['encoding', 'pid', 'min', 'context', 'max-hits', 'filter']);

export function parseArgs(argv: string[]): ParsedArgs {
  const leadingFlag = argv.length === 0 || argv[0].startsWith('--');
  const [command, ...rest] = leadingFlag ? ['help', ...argv] : argv;
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new InspectorError(`--${name} needs a value`);
      flags.set(name, value);
    } else flags.set(name, true);
  }
  return { command, positionals, flags };
}

export function intFlag(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isSafeInteger(n) || n < 0) throw new InspectorError(`--${name} expects a non-negative integer`);
  return n;
}
