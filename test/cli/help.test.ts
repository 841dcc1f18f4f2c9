// `whatwhere --help` and `whatwhere <command> --help`: every option a command's parser accepts is listed,
// aligned, with the default the code applies; an unknown flag still fails with node's one line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLS_DEFAULTS } from '../../lib/alignment/pls.js';
import { LAYER_SELECTION_PCA } from '../../lib/alignment/layer_selection.js';
import { COMMANDS } from '../../lib/commands/index.js';
import { flagSpec } from '../../lib/commands/options.js';
import { SLURM_DEFAULTS } from '../../lib/experiments/slurm.js';
import { repoRoot } from '../../lib/paths.js';
import { DEFAULTS } from '../../lib/train/index.js';
import { cli } from '../reliability/helpers.js';

const UNKNOWN = '--zz-not-an-option';
const unknownLine = (command: string) => `whatwhere ${command}: Unknown option '${UNKNOWN}'. To specify a positional argument ` +
  `starting with a '-', place it at the end of the command after '--', as in '-- "${UNKNOWN}"`;

/** The option rows of a help text: flag -> [the row, the column its description starts at]. */
function optionRows(help: string): Map<string, { line: string; column: number }> {
  const rows = new Map<string, { line: string; column: number }>();
  for (const line of help.split('\n')) {
    const m = /^ {2}--(\S+)(?: \S+)?( +)\S/.exec(line);
    if (m) rows.set(m[1]!, { line, column: m[0].length - 1 });
  }
  return rows;
}

async function helpOf(command: string): Promise<string> {
  const r = await cli([command, '--help']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('whatwhere <command> --help', () => {
  it('lists every option each command accepts, aligned, and the parser accepts every listed one', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const cmd = await load();
      const help = await helpOf(name);
      expect(help.startsWith(`usage: whatwhere ${name} ${cmd.usage ?? '[options]'}\n\n${cmd.summary}\n`), help).toBe(true);
      const spec = flagSpec(cmd.options);
      const rows = optionRows(help);
      expect([...rows.keys()].sort(), name).toEqual(Object.keys(spec).sort());
      expect(new Set([...rows.values()].map((r) => r.column)).size, `${name}: descriptions start in one column\n${help}`).toBe(1);
      for (const [flag, o] of Object.entries(cmd.options)) {
        const line = rows.get(flag)!.line;
        if (o.value !== undefined) expect(line, name).toContain(`--${flag} ${o.value} `);
        if (o.required === true) expect(line, name).toMatch(/ \(required\)$/);
        else if (o.default !== undefined) expect(line, name).toMatch(new RegExp(` \\(default: ${String(o.default).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
      }
      // The command's own parser: every listed option passes, so the first refusal is the unknown flag at the end.
      const lead = cmd.usage ? [cmd.usage.split(' ')[0]!.split('|')[0]!] : [];
      const all = Object.entries(spec).map(([flag, s]) => (s.type === 'boolean' ? `--${flag}` : `--${flag}=1`));
      const r = await cli([name, ...lead, ...all, UNKNOWN]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      // (bench names its benchmark too: 'whatwhere bench train: ...')
      expect([name, [name, ...lead].join(' ')].map((label) => unknownLine(label) + '\n')).toContain(r.stderr);
    }
  }, 300_000); // loads every command's modules: slow on a loaded machine

  it('parses through the option table only (no second, hand-written spec)', () => {
    const dir = join(repoRoot(), 'lib', 'commands');
    const direct = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['args.ts', 'options.ts'].includes(f)
      && /\bparseFlags\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(direct).toEqual([]);
  });

  it('shows the defaults the code uses and marks required options', async () => {
    const train = optionRows(await helpOf('train'));
    expect(train.get('batch')!.line).toMatch(new RegExp(`^ +--batch B +batch size \\(default: ${DEFAULTS.batch}\\)$`));
    expect(train.get('lr')!.line).toMatch(new RegExp(`\\(default: ${DEFAULTS.lr}\\)$`));
    expect(train.get('keep-checkpoints')!.line).toMatch(new RegExp(`\\(default: ${DEFAULTS.keepCheckpoints}\\)$`));
    expect(train.get('task')!.line).toMatch(/\(required\)$/);
    expect(train.get('data')!.line).toMatch(/\(required unless --task untrained\)$/);
    expect(optionRows(await helpOf('pls')).get('components')!.line).toMatch(new RegExp(`\\(default: ${PLS_DEFAULTS.components}\\)$`));
    expect(optionRows(await helpOf('score')).get('pca')!.line).toMatch(new RegExp(`\\(default: ${LAYER_SELECTION_PCA}\\)$`));
    const paper = optionRows(await helpOf('paper'));
    expect(paper.get('max-queued')!.line).toMatch(new RegExp(`\\(default: ${SLURM_DEFAULTS.maxQueued}\\)$`));
    expect(paper.get('poll-seconds')!.line).toMatch(new RegExp(`\\(default: ${SLURM_DEFAULTS.pollMs / 1000}\\)$`));
    expect(paper.get('scale')!.line).toMatch(/--scale tiny\|small\|gpu\|paper .*\(default: small\)$/);
  }, 300_000);

  it('-h is --help; positionals show in the usage line', async () => {
    const h = await cli(['mds', '-h']);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe(await helpOf('mds'));
    expect((await helpOf('bench')).split('\n')[0]).toBe('usage: whatwhere bench train [options]');
    expect((await helpOf('fit')).split('\n')[0]).toBe('usage: whatwhere fit ridge|svm [options]');
  });

  it('an unknown flag still fails with one line, exit 2', async () => {
    const r = await cli(['train', UNKNOWN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(unknownLine('train') + '\n');
    expect(r.stdout).toBe('');
  });
});

describe('whatwhere --help', () => {
  it('lists every command with its summary, exit 0; no command at all stays a usage error', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const [name, load] of Object.entries(COMMANDS)) {
      expect(lines, name).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${name} +${(await load()).summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
    }
    expect(r.stdout).toContain("'whatwhere <command> --help' lists a command's options with their defaults");
    expect((await cli(['-h'])).stdout).toBe(r.stdout);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^usage: whatwhere <command> \[options\]\ncommands: info, paper, /);
  }, 300_000);
});
