// The metrics the layout measures with are the shipped font's: derived from the font
// files themselves, and the committed table must match them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advance, embeddedFontFaces, FACES, fontFileBytes, subsetsFor, textWidth, type Face } from '../src';
import { deriveMetrics, renderMetricsModule } from './derive';

const GENERATED = join(__dirname, '..', 'src', 'generated', 'metrics.ts');

it('the committed metrics table is the one the font files give', () => {
  const expected = renderMetricsModule(deriveMetrics());
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GENERATED, expected);
  expect(readFileSync(GENERATED, 'utf8')).toBe(expected);
});

it('measures every character the font draws at its own width, and others at 1 em', () => {
  const derived = deriveMetrics();
  for (const face of Object.keys(FACES) as Face[]) {
    expect(derived.advances[face].size).toBeGreaterThan(1000);
    for (const [cp, units] of derived.advances[face]) {
      expect(advance(face, cp)).toBe(units / derived.unitsPerEm);
    }
  }
  // Arial's metrics (its AFM widths: K 667, e 556, g 556, i 222, a 556, t 278, n 556), the reason Arimo was chosen.
  expect(textWidth('Kegiatan', 1000)).toBeCloseTo(3947, -1);
  expect(textWidth('W', 10, 'bold')).toBeCloseTo(9.44, 2);
  expect(textWidth('→', 12)).toBe(12);
});

it('embeds only the faces asked for and the subsets the text needs, as the files themselves', () => {
  const latin = embeddedFontFaces(['regular', 'bold'], 'Pengelolaan Website KPU');
  expect(latin.match(/@font-face/g)).toHaveLength(2);
  expect(latin).toContain(`data:font/woff2;base64,${fontFileBytes('regular', 'latin').toString('base64')})`);
  expect(latin).toContain('font-weight:700');
  expect(latin).not.toContain('font-style:italic');

  expect(subsetsFor('Dinas Kominfo Kab. Ketapang')).toEqual(['latin']);
  expect(subsetsFor('Nguyễn Văn A, Łódź')).toEqual(['latin', 'latin-ext']);
  const extended = embeddedFontFaces(['italic'], 'Łódź');
  expect(extended.match(/@font-face/g)).toHaveLength(2);
  expect(extended).toContain(fontFileBytes('italic', 'latin-ext').toString('base64'));
});
