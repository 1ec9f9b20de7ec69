import type { Face, Subset } from './faces';
import { ADVANCES, UNICODE_RANGES, UNITS_PER_EM } from './generated/metrics';

const tables = new Map<Face, Map<number, number>>();
function table(face: Face): Map<number, number> {
  let t = tables.get(face);
  if (!t) {
    t = new Map();
    for (const [first, widths] of ADVANCES[face]) widths.forEach((w, i) => t!.set(first + i, w));
    tables.set(face, t);
  }
  return t;
}

/** Advance width of one character in em, or undefined when the shipped font does not draw it. */
export function advance(face: Face, codePoint: number): number | undefined {
  const units = table(face).get(codePoint);
  return units === undefined ? undefined : units / UNITS_PER_EM;
}

/**
 * Width of `text` at font size `size`, in the same unit. Characters the font lacks count
 * as 1 em (a fallback font draws them, rarely wider). Kerning is left out: it only ever
 * narrows Latin text, so the result is an upper bound of what the browser draws.
 */
export function textWidth(text: string, size: number, face: Face = 'regular'): number {
  const t = table(face);
  let units = 0;
  for (const ch of text) units += t.get(ch.codePointAt(0)!) ?? UNITS_PER_EM;
  return (units * size) / UNITS_PER_EM;
}

const ranges = new Map<Subset, [number, number][]>();
/** `U+0000-00FF,U+0131,…` as [first, last] pairs. */
export function parseUnicodeRange(css: string): [number, number][] {
  return css.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
  });
}

/** Whether the subset's files are the ones a browser uses for this character. */
export function inSubset(subset: Subset, codePoint: number): boolean {
  let r = ranges.get(subset);
  if (!r) ranges.set(subset, (r = parseUnicodeRange(UNICODE_RANGES[subset])));
  return r.some(([a, b]) => codePoint >= a && codePoint <= b);
}
