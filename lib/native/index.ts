// Entry point of the optional libtorch backend (issue: native speed). Until the addon is built,
// it reports why it is unavailable, and lib/engine moves on to the next backend.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ADDON_PATH = join(process.cwd(), 'lib', 'native', 'build', 'Release', 'whatwhere_torch.node');

export async function registerTorchBackend(): Promise<true | string> {
  if (!existsSync(ADDON_PATH)) return `native addon not built (${ADDON_PATH} missing)`;
  return 'native addon present but the torch backend is not implemented in this version';
}
