// The chart as SVG: the title block, the table (header, rows, lanes), the symbols, the
// routed connectors and their labels, and the footer (legend, deadlines, notes, source).
// Writes what layout.ts placed and routing.ts routed; decides no positions but the footer's.
import { type CompiledStep, formatTimeStandard } from '@tatalaman/sop-language';
import { FONT_FAMILY } from '@tatalaman/typeface';
import { escapeXml, measureText, n, wrapText } from '../text';
import {
  type CellKind,
  type Chart,
  column,
  FS,
  FS_HEAD,
  FS_LABEL,
  FS_NUMBER,
  type GNode,
  laneCx,
  LH,
  MARGIN,
  PAD,
  type Shape,
  stepNumber,
  STROKE,
} from './chart';
import type { Connector, EdgeLabel, Routes } from './routing';

const HEAD_FILL = '#e5e7eb';

function textBlock(
  lines: string[],
  x: number,
  y: number,
  opts: {
    anchor?: 'start' | 'middle' | 'end';
    size?: number;
    bold?: boolean;
    cls?: string;
    italic?: boolean;
  } = {},
): string {
  const size = opts.size ?? FS;
  const lh = size === FS ? LH : size * 1.26;
  const attrs = [
    opts.cls ? `class="${opts.cls}"` : '',
    opts.anchor && opts.anchor !== 'start' ? `text-anchor="${opts.anchor}"` : '',
    size !== FS ? `font-size="${n(size)}"` : '',
    opts.bold ? 'font-weight="bold"' : '',
    opts.italic ? 'font-style="italic"' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const baseline = y + size * 0.905;
  const spans = lines
    .map((line, i) => `<tspan x="${n(x)}" y="${n(baseline + i * lh)}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text${attrs ? ` ${attrs}` : ''}>${spans}</text>`;
}

/** A ruled table cell with its content. */
const cell = (
  cls: string,
  cx: number,
  cy: number,
  w: number,
  h: number,
  body: string,
  fill = 'none',
  data = '',
) =>
  `<g class="cell ${cls}"${data}><rect x="${n(cx)}" y="${n(cy)}" width="${n(w)}" height="${n(h)}" fill="${fill}" stroke="${STROKE}" stroke-width="0.8"/>${body}</g>`;

/** Bold header text, centred in its cell both ways. */
const headText = (lines: string[], c: { x: number; w: number }, yTop: number, h: number) =>
  textBlock(lines, c.x + c.w / 2, yTop + (h - lines.length * LH) / 2 + 1, { anchor: 'middle', bold: true });

function drawShape(
  g: GNode,
  text: string,
  legend: boolean,
  step?: CompiledStep,
  role?: string,
  dashed = false,
  terminal?: 'start' | 'end',
): string {
  const { cx, cy, hw, hh } = g;
  const common = `fill="#fff" stroke="${STROKE}" stroke-width="${legend ? 1 : 1.2}"${dashed ? ' stroke-dasharray="4 2"' : ''}`;
  let body: string;
  switch (g.shape) {
    case 'capsule':
      body = `<rect x="${n(cx - hw)}" y="${n(cy - hh)}" width="${n(2 * hw)}" height="${n(2 * hh)}" rx="${n(hh)}" ${common}/>`;
      break;
    case 'diamond':
      body = `<path d="M${n(cx)},${n(cy - hh)} L${n(cx + hw)},${n(cy)} L${n(cx)},${n(cy + hh)} L${n(cx - hw)},${n(cy)} Z" ${common}/>`;
      break;
    case 'document': {
      // A page with a wavy lower edge: the flowchart symbol for a produced document.
      const b = cy + hh - 4;
      body = `<path d="M${n(cx - hw)},${n(cy - hh)} H${n(cx + hw)} V${n(b)} C${n(cx + hw / 2)},${n(b - 6)} ${n(cx)},${n(
        b + 8,
      )} ${n(cx - hw / 2)},${n(b + 3)} S${n(cx - hw)},${n(b)} ${n(cx - hw)},${n(b)} Z" ${common}/>`;
      break;
    }
    case 'auto':
      body = `<rect x="${n(cx - hw)}" y="${n(cy - hh)}" width="${n(2 * hw)}" height="${n(2 * hh)}" ${common}/><path d="M${n(
        cx - hw + 5,
      )},${n(cy - hh)} V${n(cy + hh)} M${n(cx + hw - 5)},${n(cy - hh)} V${n(cy + hh)}" stroke="${STROKE}" stroke-width="1"/>`;
      break;
    case 'bar':
      body = `<rect x="${n(g.x0 ?? cx - hw)}" y="${n(cy - hh)}" width="${n(2 * hw)}" height="${n(2 * hh)}" fill="${STROKE}"/>`;
      break;
    default:
      body = `<rect x="${n(cx - hw)}" y="${n(cy - hh)}" width="${n(2 * hw)}" height="${n(2 * hh)}" ${common}/>`;
  }
  if (legend) return body;
  const label = text
    ? `<text x="${n(cx)}" y="${n(cy + (terminal ? 3 : 3.2))}" text-anchor="middle" font-size="${terminal ? 8 : FS_NUMBER}" font-weight="bold">${escapeXml(text)}</text>`
    : '';
  const data = step
    ? ` data-symbol-for="${escapeXml(step.id)}" data-role="${escapeXml(role ?? '')}" data-shape="${g.shape}"`
    : terminal
      ? ` data-terminal="${terminal}"`
      : ` data-shape="${g.shape}"`;
  return `<g class="symbol"${data}>${body}${label}</g>`;
}

function titleBlock({ titleLines, subtitleLines, titleY }: Chart): string[] {
  return [
    `<g class="title-block">`,
    textBlock(titleLines, MARGIN, titleY, { size: 13, bold: true }),
    ...(subtitleLines.length > 0
      ? [textBlock(subtitleLines, MARGIN, titleY + titleLines.length * 16 + 2)]
      : []),
    `</g>`,
  ];
}

/**
 * Two header lines: No, Kegiatan and Keterangan span both; Pelaksana spans the lanes and
 * Mutu Baku its three columns, with the role names and the Mutu Baku parts below. Each
 * lane's rule runs down to the table's bottom from here.
 */
function header(chart: Chart): string[] {
  const { L, columns, lanes, headerY, head1H, head2H, tableBottom } = chart;
  const out = [`<g class="header">`];
  const fullH = head1H + head2H;
  for (const kind of ['no', 'activity'] as CellKind[]) {
    const c = column(columns, kind);
    const lines = wrapText(kind === 'no' ? L.no : L.activity, c.w - 2 * PAD, FS_HEAD, 'bold');
    out.push(
      cell(`head head-${kind}`, c.x, headerY, c.w, fullH, headText(lines, c, headerY, fullH), HEAD_FILL),
    );
  }
  const firstRole = lanes[0]!;
  const lastRole = lanes[lanes.length - 1]!;
  const perfX = firstRole.x;
  const perfW = lastRole.x + lastRole.w - firstRole.x;
  out.push(
    cell(
      'head head-performers',
      perfX,
      headerY,
      perfW,
      head1H,
      headText([L.performers], { x: perfX, w: perfW }, headerY, head1H),
      HEAD_FILL,
    ),
  );
  const qStart = column(columns, 'inputs');
  const qEnd = column(columns, 'output');
  const qW = qEnd.x + qEnd.w - qStart.x;
  out.push(
    cell(
      'head head-quality',
      qStart.x,
      headerY,
      qW,
      head1H,
      headText([L.quality], { x: qStart.x, w: qW }, headerY, head1H),
      HEAD_FILL,
    ),
  );
  const rem = column(columns, 'remarks');
  out.push(
    cell(
      'head head-remarks',
      rem.x,
      headerY,
      rem.w,
      fullH,
      headText(wrapText(L.remarks, rem.w - 2 * PAD, FS_HEAD, 'bold'), rem, headerY, fullH),
      HEAD_FILL,
    ),
  );
  const y2 = headerY + head1H;
  for (const c of columns) {
    if (c.kind === 'role') {
      const lines = chart.roleHeaderLines.get(c.role!)!;
      out.push(
        `<g class="role-col" data-role="${escapeXml(c.role!)}" data-x="${n(c.x)}" data-w="${n(c.w)}">${cell(
          'head head-role',
          c.x,
          y2,
          c.w,
          head2H,
          headText(lines, c, y2, head2H),
          HEAD_FILL,
        )}<rect class="lane" x="${n(c.x)}" y="${n(headerY + fullH)}" width="${n(c.w)}" height="${n(
          tableBottom - headerY - fullH,
        )}" fill="none" stroke="${STROKE}" stroke-width="0.8"/></g>`,
      );
    } else if (c.kind === 'inputs' || c.kind === 'time' || c.kind === 'output') {
      const text = c.kind === 'inputs' ? L.inputs : c.kind === 'time' ? L.time : L.output;
      const lines = wrapText(text, c.w - 2 * PAD, FS_HEAD, 'bold');
      out.push(cell(`head head-${c.kind}`, c.x, y2, c.w, head2H, headText(lines, c, y2, head2H), HEAD_FILL));
    }
  }
  out.push(`</g>`);
  return out;
}

/** The rows' text cells; the lanes are drawn once by the header, so a row adds only its rule. */
function body({ rows, columns, lanes, tableW }: Chart): string[] {
  const firstRole = lanes[0]!;
  const lastRole = lanes[lanes.length - 1]!;
  const out = [`<g class="body">`];
  for (const r of rows) {
    if (r.type === 'section') {
      out.push(
        `<g class="section-row" data-flow="${escapeXml(r.flow.id)}">${cell(
          'section',
          MARGIN,
          r.y,
          tableW,
          r.h,
          textBlock(r.lines, MARGIN + PAD, r.y + PAD, { bold: true }),
          '#f3f4f6',
        )}</g>`,
      );
      continue;
    }
    const rowAttrs =
      r.type === 'step'
        ? ` class="step-row" data-step="${escapeXml(r.step.id)}" data-flow="${escapeXml(r.flow.id)}" data-kind="${r.step.kind}"`
        : ` class="join-row" data-step="${escapeXml(r.parent.id)}" data-flow="${escapeXml(r.flow.id)}"`;
    const parts: string[] = [];
    for (const c of columns) {
      if (c.kind === 'role') continue;
      const lines = r.type === 'step' ? (r.cells[c.kind] ?? []) : c.kind === 'activity' ? r.lines : [];
      const anchor = c.kind === 'no' || c.kind === 'time' ? 'middle' : 'start';
      const tx = anchor === 'middle' ? c.x + c.w / 2 : c.x + PAD;
      parts.push(
        cell(
          `cell-${c.kind}`,
          c.x,
          r.y,
          c.w,
          r.h,
          lines.length > 0 ? textBlock(lines, tx, r.y + PAD, { anchor }) : '',
          'none',
          ` data-col="${c.kind}"`,
        ),
      );
    }
    parts.push(
      `<line class="row-rule" x1="${n(firstRole.x)}" y1="${n(r.y + r.h)}" x2="${n(lastRole.x + lastRole.w)}" y2="${n(
        r.y + r.h,
      )}" stroke="${STROKE}" stroke-width="0.8"/>`,
    );
    out.push(`<g${rowAttrs} data-y="${n(r.y)}" data-h="${n(r.h)}">${parts.join('')}</g>`);
  }
  out.push(`</g>`);
  return out;
}

/** Each step's symbol in each of its lanes (copies joined by a dashed line), the bars, the terminators. */
function symbols({ copies, nodes, flows, starts, ends, lanes, roles, L }: Chart): string[] {
  const out = [`<g class="symbols">`];
  for (const { node, cols, step } of copies) {
    const sorted = [...cols].sort((p, q) => p - q);
    if (sorted.length > 1) {
      const xa = laneCx(lanes, sorted[0]!) + node.hw;
      const xb = laneCx(lanes, sorted[sorted.length - 1]!) - node.hw;
      out.push(
        `<line class="joint" x1="${n(xa)}" y1="${n(node.cy)}" x2="${n(xb)}" y2="${n(node.cy)}" stroke="${STROKE}" stroke-width="1" stroke-dasharray="4 2"/>`,
      );
    }
    for (const c of sorted) {
      const copy = { ...node, cx: laneCx(lanes, c) };
      out.push(drawShape(copy, String(step.number), false, step, roles[c]!, step.optional));
    }
  }
  for (const node of nodes.values()) {
    if (node.shape === 'bar') out.push(drawShape(node, '', false));
  }
  for (const flow of flows) {
    out.push(drawShape(starts.get(flow.id)!, L.start, false, undefined, undefined, false, 'start'));
    out.push(drawShape(ends.get(flow.id)!, L.end, false, undefined, undefined, false, 'end'));
  }
  out.push(`</g>`);
  return out;
}

const connector = ({ idPrefix }: Chart, c: Connector) =>
  `<path class="${c.cls}" d="${c.d}" fill="none" stroke="${STROKE}" stroke-width="1"${
    c.dashed ? ' stroke-dasharray="3 2"' : ''
  } marker-end="url(#${idPrefix}-arrow)"/>`;

const edgeLabel = (l: EdgeLabel) =>
  `<text class="edge-label" x="${n(l.x)}" y="${n(l.y)}" font-size="${FS_LABEL}"${
    l.anchor !== 'start' ? ` text-anchor="${l.anchor}"` : ''
  } stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(l.text)}</text>`;

/** A sample of each symbol with its meaning, in one line. */
function legend({ L }: Chart, y: number): string[] {
  const out = [`<g class="legend">`, textBlock([`${L.legend}:`], MARGIN, y, { bold: true })];
  let lx = MARGIN + measureText(`${L.legend}:`, FS, 'bold') + 10;
  const items: [Shape, string][] = [
    ['capsule', L.legendTerminator],
    ['rect', L.legendWork],
    ['diamond', L.legendReview],
    ['document', L.legendPublish],
    ['auto', L.legendAutomatic],
    ['bar', L.legendParallel],
  ];
  for (const [shape, text] of items) {
    const g: GNode = {
      key: 'legend',
      row: 0,
      shape,
      col: 0,
      cx: lx + 14,
      cy: y + 6,
      hw: 13,
      hh: shape === 'bar' ? 2 : 6,
    };
    out.push(drawShape(g, '', true));
    out.push(textBlock([text], lx + 32, y, {}));
    lx += 32 + measureText(text, FS) + 16;
  }
  out.push(`</g>`);
  return out;
}

/** Under the table: the legend, deadlines, notes and the signed sheet it was read from; returns its bottom. */
function footer(chart: Chart): { parts: string[]; bottom: number } {
  const { sop, L, lang, notes, tableW: footW } = chart;
  let fy = chart.tableBottom + 14;
  const parts = legend(chart, fy);
  fy += 22;
  if (sop.deadlines.length > 0) {
    const lines = sop.deadlines.map((d) =>
      L.deadline(
        stepNumber(chart.stepNumbers, d.from),
        stepNumber(chart.stepNumbers, d.until),
        formatTimeStandard(d.time, lang),
      ),
    );
    const wrapped = wrapText([`${L.deadlines}:`, ...lines].join('\n'), footW, FS);
    parts.push(`<g class="deadlines">${textBlock(wrapped, MARGIN, fy)}</g>`);
    fy += wrapped.length * LH + 8;
  }
  if (notes.length > 0) {
    parts.push(`<g class="notes">`);
    parts.push(textBlock([`${L.notes}`], MARGIN, fy, { bold: true }));
    fy += LH + 2;
    for (const note of notes) {
      const head = `${note.ref}. ${note.label}: `;
      const headW = measureText(head, FS, 'bold');
      const text = wrapText(note.text, footW - headW - 4, FS);
      parts.push(textBlock([head], MARGIN, fy, { bold: true }));
      parts.push(textBlock(text, MARGIN + headW + 4, fy));
      fy += Math.max(1, text.length) * LH + 3;
    }
    const hint = wrapText(L.inferenceHint, footW, FS_LABEL + 0.5, 'italic');
    parts.push(textBlock(hint, MARGIN, fy + 2, { size: FS_LABEL + 0.5, italic: true }));
    fy += hint.length * 11 + 6;
    parts.push(`</g>`);
  }
  if (sop.metadata.signedSheet) {
    const s = sop.metadata.signedSheet;
    const src = wrapText(
      `${L.source}: ${L.signedSheet} ${s.file} (SHA-256 ${s.sha256}); ${sop.key} ${L.version.toLowerCase()} ${sop.version}.`,
      footW,
      FS_LABEL + 0.5,
    );
    parts.push(`<g class="source">${textBlock(src, MARGIN, fy + 2, { size: FS_LABEL + 0.5 })}</g>`);
    fy += src.length * 11 + 4;
  }
  return { parts, bottom: fy };
}

/** The whole chart, one element group a line. */
export function drawChart(chart: Chart, routes: Routes): string {
  const { sop, lang, idPrefix, width } = chart;
  const foot = footer(chart);
  const height = Math.ceil(foot.bottom + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sop-swimlane" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(
      FONT_FAMILY,
    )}" font-size="${FS}" fill="#111827" role="img" aria-labelledby="${idPrefix}-title" data-lang="${lang}">`,
    `<title id="${idPrefix}-title">${escapeXml(`${sop.title} (${sop.key} v${sop.version})`)}</title>`,
    `<defs><marker id="${idPrefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${STROKE}"/></marker></defs>`,
    `<rect class="page" x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    ...titleBlock(chart),
    ...header(chart),
    ...body(chart),
    // Symbols, then connectors on top, then labels on top of both.
    ...symbols(chart),
    `<g class="edges">${routes.connectors.map((c) => connector(chart, c)).join('')}</g>`,
    `<g class="edge-labels">${routes.labels.map(edgeLabel).join('')}</g>`,
    `<g class="footer">${foot.parts.join('')}</g>`,
    `</svg>`,
  ].join('\n');
}
