import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../..');
export const DEFINITIONS_DIR = join(REPO_ROOT, 'workflows/definitions');

/** The five seed SOPs, by definition file name (without .yaml). */
export const SEEDS = [
  'kpu-kota-palu.penataan-website',
  'kpu-prov-jateng.pengelolaan-website',
  'kpu-kab-bangka-barat.publikasi-informasi-hukum',
  'kpu-kab-kepulauan-mentawai.pengelolaan-laman',
  'diskominfo-kab-ketapang.pengelolaan-website',
] as const;

export function readSeed(name: string): string {
  return readFileSync(join(DEFINITIONS_DIR, `${name}.yaml`), 'utf8');
}

/** Compares with a committed golden file; UPDATE_GOLDEN=1 rewrites it instead. */
export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1 to create it)`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
