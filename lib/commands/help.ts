// `whatwhere --help` and `whatwhere <command> --help`: text built from each command's summary and option table.
import type { Options } from './options.js';

/** Rows of two columns, the first padded to the widest. */
function columns(rows: [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function note(o: Options[string]): string {
  if (o.required === true) return ' (required)';
  if (typeof o.required === 'string') return ` (required ${o.required})`;
  return o.default === undefined ? '' : ` (default: ${String(o.default)})`;
}

/** `usage` is what follows the command's name (positionals first); `[options]` by default. */
export function commandHelp(name: string, cmd: { summary: string; options: Options; usage?: string }): string {
  const rows = Object.entries(cmd.options).map(([flag, o]): [string, string] =>
    [`--${flag}${o.value === undefined ? '' : ` ${o.value}`}`, o.help + note(o)]);
  return [`usage: whatwhere ${name} ${cmd.usage ?? '[options]'}`, '', cmd.summary, '',
    rows.length ? 'options:' : 'no options', ...columns(rows)].join('\n');
}

export function commandList(summaries: Record<string, string>): string {
  return ['usage: whatwhere <command> [options]', '', 'commands:', ...columns(Object.entries(summaries)), '',
    "'whatwhere <command> --help' lists a command's options with their defaults"].join('\n');
}
