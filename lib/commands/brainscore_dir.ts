// --data-dir of the commands that read Brain-Score's files (score, sweep): its help line and where it points when absent.
import { join, resolve } from 'node:path';
import { repoRoot } from '../paths.js';
import { optStr, type ParsedFlags } from './args.js';
import type { OptionDoc } from './options.js';

const DEFAULT_DIR = join('data', 'brainscore'); // under the repository

export const DATA_DIR_OPTION = {
  value: 'DIR', help: "folder holding Brain-Score's public data files", default: `${DEFAULT_DIR} in the repository`,
} as const satisfies OptionDoc;

export function brainscoreDataDir(flags: ParsedFlags): string {
  return resolve(optStr(flags, 'data-dir') ?? join(repoRoot(), DEFAULT_DIR));
}
