import { readFileSync } from 'node:fs';
import { type Face, FACES, fontFileName, type Subset, SUBSETS } from './faces';
import { inSubset } from './metrics';
import { UNICODE_RANGES } from './generated/metrics';

/** Absolute path of a shipped font file (resolved in the installed @fontsource/arimo). */
export function fontFilePath(face: Face, subset: Subset): string {
  return require.resolve(`@fontsource/arimo/files/${fontFileName(face, subset)}`);
}

const bytes = new Map<string, Buffer>();
/** The bytes of a shipped font file, read once per process. */
export function fontFileBytes(face: Face, subset: Subset): Buffer {
  const name = fontFileName(face, subset);
  let b = bytes.get(name);
  if (!b) bytes.set(name, (b = readFileSync(fontFilePath(face, subset))));
  return b;
}

/** The subsets `text` needs: Latin always, Latin Extended when a character is in its range. */
export function subsetsFor(text: string): Subset[] {
  const needed = new Set<Subset>(['latin']);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xff && !inSubset('latin', cp) && inSubset('latin-ext', cp)) {
      needed.add('latin-ext');
      break;
    }
  }
  return SUBSETS.filter((s) => needed.has(s));
}

/** `@font-face` rules for these faces and subsets; `src` gives each file's URL. */
export function fontFaceRules(
  faces: readonly Face[],
  subsets: readonly Subset[],
  src: (face: Face, subset: Subset) => string,
): string {
  return faces
    .flatMap((face) =>
      subsets.map(
        (subset) =>
          `@font-face{font-family:Arimo;font-style:${FACES[face].style};font-weight:${FACES[face].weight};` +
          `font-display:swap;src:url(${src(face, subset)}) format("woff2");unicode-range:${UNICODE_RANGES[subset]}}`,
      ),
    )
    .join('');
}

/**
 * `@font-face` rules carrying the font files themselves (data URIs), for documents that
 * must stand alone: a downloaded chart or sheet, an SVG shown as an image. Only the faces
 * given and the subsets `text` needs are embedded.
 */
export function embeddedFontFaces(faces: readonly Face[], text: string): string {
  return fontFaceRules(
    faces,
    subsetsFor(text),
    (face, subset) => `data:font/woff2;base64,${fontFileBytes(face, subset).toString('base64')}`,
  );
}
