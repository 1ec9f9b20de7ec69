/**
 * The platform's one typeface: Arimo (SIL Open Font License), metric-compatible with
 * Arial and Liberation Sans, from the @fontsource/arimo npm package. Charts, sheets, the
 * console and the public sites all carry it, so text is drawn with the metrics the
 * layout measured on every machine, whatever fonts it has installed.
 */
export const FONT_FAMILY = "Arimo, 'Liberation Sans', Arial, Helvetica, sans-serif";

/** The faces the platform ships: what its text uses. Other weights match the nearest one. */
export type Face = 'regular' | 'bold' | 'italic';

export const FACES: Readonly<Record<Face, { weight: 400 | 700; style: 'normal' | 'italic' }>> = {
  regular: { weight: 400, style: 'normal' },
  bold: { weight: 700, style: 'normal' },
  italic: { weight: 400, style: 'italic' },
};

/**
 * The package splits each face by script; these two cover Bahasa Indonesia, English and the
 * other Latin-script languages. Text in other scripts falls back to the reader's fonts (and is
 * measured as 1 em per character, wider than most glyphs, so it still stays inside its box).
 */
export type Subset = 'latin' | 'latin-ext';
export const SUBSETS: readonly Subset[] = ['latin', 'latin-ext'];

/** The file of one face and subset in @fontsource/arimo/files. */
export function fontFileName(face: Face, subset: Subset): string {
  const { weight, style } = FACES[face];
  return `arimo-${subset}-${weight}-${style}.woff2`;
}
