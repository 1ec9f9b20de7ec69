// Reads the advance widths and Unicode ranges of the shipped font files with fontkit, a
// maintained font parser, and renders them as src/generated/metrics.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { type Face, FACES, fontFileName, type Subset, SUBSETS } from '../src/faces';
import { parseUnicodeRange } from '../src/metrics';

export const PACKAGE_DIR = dirname(require.resolve('@fontsource/arimo/package.json'));

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The unicode-range the package's own CSS gives a subset (the same for every face). */
export function packageUnicodeRange(subset: Subset): string {
  const css = readFileSync(join(PACKAGE_DIR, '400.css'), 'utf8');
  const rule = new RegExp(`/\\* arimo-${subset}-400-normal \\*/\\s*@font-face\\s*{([^}]*)}`).exec(css)?.[1];
  const range = rule && /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
  if (!range) throw new Error(`no unicode-range for ${subset} in 400.css`);
  return range.trim();
}

function open(face: Face, subset: Subset): fontkit.Font {
  const font = fontkit.openSync(join(PACKAGE_DIR, 'files', fontFileName(face, subset)));
  if (!('characterSet' in font)) throw new Error(`${fontFileName(face, subset)} is a font collection`);
  return font;
}

export interface Derived {
  source: string;
  unitsPerEm: number;
  unicodeRanges: Record<Subset, string>;
  advances: Record<Face, Map<number, number>>;
}

/** Each face's advance widths (font units) of every character a browser would take from its files. */
export function deriveMetrics(): Derived {
  const unicodeRanges = Object.fromEntries(SUBSETS.map((s) => [s, packageUnicodeRange(s)])) as Record<
    Subset,
    string
  >;
  let unitsPerEm = 0;
  const advances = {} as Record<Face, Map<number, number>>;
  for (const face of Object.keys(FACES) as Face[]) {
    const widths = new Map<number, number>();
    for (const subset of SUBSETS) {
      const font = open(face, subset);
      unitsPerEm ||= font.unitsPerEm;
      if (font.unitsPerEm !== unitsPerEm) throw new Error('the files disagree on units per em');
      const ranges = parseUnicodeRange(unicodeRanges[subset]);
      for (const cp of font.characterSet) {
        if (!ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
        const w = font.glyphForCodePoint(cp).advanceWidth;
        const known = widths.get(cp);
        if (known !== undefined && known !== w)
          throw new Error(`U+${cp.toString(16)} differs between subsets`);
        widths.set(cp, w);
      }
    }
    advances[face] = new Map([...widths].sort(([a], [b]) => a - b));
  }
  return { source: `@fontsource/arimo@${packageVersion()}`, unitsPerEm, unicodeRanges, advances };
}

/** Runs of consecutive code points: [first, [widths…]]. */
function runs(widths: Map<number, number>): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (const [cp, w] of widths) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === cp) last[1].push(w);
    else out.push([cp, [w]]);
  }
  return out;
}

export function renderMetricsModule(d: Derived): string {
  const faces = (Object.keys(d.advances) as Face[])
    .map(
      (face) =>
        `  ${face}: [\n${runs(d.advances[face])
          .map(([first, ws]) => `    [0x${first.toString(16).padStart(4, '0')}, [${ws.join(', ')}]],`)
          .join('\n')}\n  ],`,
    )
    .join('\n');
  return `// Generated from ${d.source} by libs/typeface/test/metrics.spec.ts, which fails when this
// file no longer matches the font files; UPDATE_GOLDEN=1 rewrites it. Do not edit by hand.
import type { Face, Subset } from '../faces';

export const FONT_SOURCE = '${d.source}';
export const UNITS_PER_EM = ${d.unitsPerEm};

/** The characters each subset's files are used for (the package's own unicode-range). */
export const UNICODE_RANGES: Record<Subset, string> = {
${SUBSETS.map((s) => `  '${s}': '${d.unicodeRanges[s]}',`).join('\n')}
};

/** Advance widths in font units: [first code point, widths of it and the code points after it]. */
export const ADVANCES: Record<Face, [number, number[]][]> = {
${faces}
};
`;
}
