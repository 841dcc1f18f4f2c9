// A command's options declared once: the parser's spec and the --help text both come from this table,
// so a flag cannot be accepted without being documented, and a default is shown from the constant the
// code applies (never a second hand-typed copy).
import { parseFlags, type FlagSpec, type ParsedFlags } from './args.js';

export interface OptionDoc {
  /** The value's placeholder (DIR, N, FILE.npy); absent for an on/off switch. */
  readonly value?: string;
  /** One line: what the option does. */
  readonly help: string;
  /** true, or the condition under which it is required ('unless --catalogue'). */
  readonly required?: true | string;
  /** What applies when the option is absent: the constant the code uses, or words for one found at run time. */
  readonly default?: string | number | boolean;
}

export type Options = Readonly<Record<string, OptionDoc>>;

/** node:util parseArgs's spec: a value-taking option is a string, the rest switches (no defaults: the code applies them). */
export function flagSpec(options: Options): FlagSpec {
  return Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.value === undefined ? 'boolean' : 'string' }]));
}

export function parseOptions(argv: string[], options: Options, command: string): ParsedFlags {
  return parseFlags(argv, flagSpec(options), command);
}
