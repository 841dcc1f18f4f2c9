// Small typed wrapper over node:util parseArgs: every bad flag gets one line naming it and what was expected.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean; multiple?: boolean }>;

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export function parseFlags(argv: string[], spec: FlagSpec, command: string): ParsedFlags {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true }) as ParsedFlags;
  } catch (err) {
    throw new UsageError(`whatwhere ${command}: ${(err as Error).message}`);
  }
}

export function str(flags: ParsedFlags, name: string, command: string): string;
export function str(flags: ParsedFlags, name: string, command: string, fallback: string): string;
export function str(flags: ParsedFlags, name: string, command: string, fallback?: string): string {
  const v = flags.values[name];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new UsageError(`whatwhere ${command}: missing --${name}`);
}

export function optStr(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function num(flags: ParsedFlags, name: string, command: string, fallback?: number,
  check: { integer?: boolean; min?: number; max?: number } = {}): number {
  const v = flags.values[name];
  if (v === undefined || v === false) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`whatwhere ${command}: missing --${name}`);
  }
  const n = Number(v);
  const what = check.integer ? 'an integer' : 'a number';
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (check.integer && !Number.isInteger(n))) {
    throw new UsageError(`whatwhere ${command}: --${name} expected ${what}, got '${String(v)}'`);
  }
  if (check.min !== undefined && n < check.min) throw new UsageError(`whatwhere ${command}: --${name} must be >= ${check.min}, got ${n}`);
  if (check.max !== undefined && n > check.max) throw new UsageError(`whatwhere ${command}: --${name} must be <= ${check.max}, got ${n}`);
  return n;
}

/** Runs `fn`, turning what it throws into a usage error of `command` (exit 2): for checks of flag values done elsewhere. */
export function asUsage<T>(command: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`whatwhere ${command}: ${(err as Error).message}`);
  }
}

export function bool(flags: ParsedFlags, name: string): boolean {
  return flags.values[name] === true;
}
