import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CompiledSop, parseSopDefinition } from '@tatalaman/sop-language';

export const REPO = join(__dirname, '../../..');

export const SEEDS = [
  'kpu-kota-palu.penataan-website',
  'kpu-prov-jateng.pengelolaan-website',
  'kpu-kab-bangka-barat.publikasi-informasi-hukum',
  'kpu-kab-kepulauan-mentawai.pengelolaan-laman',
  'diskominfo-kab-ketapang.pengelolaan-website',
];

/** Compiles a definition file (path from the repository root); throws with its errors. */
export function compile(path: string): CompiledSop {
  const r = parseSopDefinition(readFileSync(join(REPO, path), 'utf8'));
  if (!r.definition) throw new Error(`${path}: ${JSON.stringify(r.errors)}`);
  return r.definition;
}

/** The embedded font files, elided: their bytes are checked against the package by @tatalaman/typeface's tests. */
export function withoutFontData(markup: string): string {
  return markup.replace(/data:font\/woff2;base64,[A-Za-z0-9+/=]+/g, 'data:font/woff2;base64,…');
}

/** Compares with a committed golden file (embedded fonts elided); UPDATE_GOLDEN=1 rewrites it instead. */
export function expectGolden(file: string, output: string): void {
  const actual = withoutFontData(output);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1)`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
