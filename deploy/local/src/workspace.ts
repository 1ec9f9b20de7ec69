import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@tatalaman/config';

export const root = repoRoot();
export const nxBin = join(root, 'node_modules', '.bin', 'nx');
export const nodeBin = process.execPath;

export function distEntry(service: string, file: 'main' | 'cli'): string | undefined {
  const path = join(root, 'dist', 'services', service, 'src', `${file}.js`);
  return existsSync(path) ? path : undefined;
}
