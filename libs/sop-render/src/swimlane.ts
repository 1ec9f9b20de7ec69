// The SOP procedure chart ("bagan alur") as SVG, laid out like the paper sheet:
// No | Kegiatan | one column per role | Mutu Baku (Kelengkapan, Waktu, Output) | Keterangan.
// Each step is a row with its symbol in the actor's column; arrows join the
// symbols; reviews are diamonds with Ya/Tidak branches. Pure string output, made in three
// stages: swimlane/layout.ts places, swimlane/routing.ts routes the connectors,
// swimlane/drawing.ts writes the SVG.
import type { CompiledSop } from '@tatalaman/sop-language';
import { embeddedFontFaces, type Face } from '@tatalaman/typeface';
import type { Lang } from './labels';
import { drawChart } from './swimlane/drawing';
import { layOutChart } from './swimlane/layout';
import { routeConnectors } from './swimlane/routing';

export { flowsInSheetOrder } from './swimlane/rows';

export interface RenderOptions {
  lang?: Lang;
  /**
   * Embed the font faces the chart uses (default), so it is drawn with the metrics it was
   * laid out with wherever it is opened. Off only where the page around it carries them.
   */
  embedFonts?: boolean;
}

/** The faces a chart draws text in (its text elements' attributes say which). */
export function facesUsed(svg: string): Face[] {
  return [
    'regular',
    ...(svg.includes('font-weight="bold"') ? (['bold'] as const) : []),
    ...(svg.includes('font-style="italic"') ? (['italic'] as const) : []),
  ];
}

export function renderSwimlaneSvg(sop: CompiledSop, options: RenderOptions = {}): string {
  const chart = layOutChart(sop, options.lang === 'en' ? 'en' : 'id');
  const out = drawChart(chart, routeConnectors(chart));
  if (options.embedFonts === false) return `${out}\n`;
  return `${out.replace('<defs>', `<defs><style>${embeddedFontFaces(facesUsed(out), out)}</style>`)}\n`;
}
