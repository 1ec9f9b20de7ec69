// The SOP procedure chart ("bagan alur") as SVG, laid out like the paper sheet:
// No | Kegiatan | one column per role | Mutu Baku (Kelengkapan, Waktu, Output) | Keterangan.
// Each step is a row with its symbol in the actor's column; arrows join the
// symbols; reviews are diamonds with Ya/Tidak branches. Pure string output.
import {
  type CompiledFlow,
  type CompiledSop,
  type CompiledStep,
  type Condition,
  CONTENT_TYPES,
  formatDuration,
  formatTimeStandard,
  AUTOMATIC_ACTIONS,
  REPORT_CODES,
} from '@tatalaman/sop-language';
import { channelNames, LABELS, type Labels, type Lang, roleNames } from './labels';
import { embeddedFontFaces, type Face, FONT_FAMILY } from '@tatalaman/typeface';
import { escapeXml, measureText, n, wrapText } from './text';

export interface RenderOptions {
  lang?: Lang;
  /**
   * Embed the font faces the chart uses (default), so it is drawn with the metrics it was
   * laid out with wherever it is opened. Off only where the page around it carries them.
   */
  embedFonts?: boolean;
}
const FS = 9.5;
const LH = 12;
const PAD = 5;
const FS_HEAD = 9.5;
const FS_LABEL = 8;
const FS_NUMBER = 9;
const BAND = 30;
const MIN_SYMBOL_AREA = 64;
const MARGIN = 16;
const STROKE = '#1f2937';

type CellKind = 'no' | 'activity' | 'role' | 'inputs' | 'time' | 'output' | 'remarks';

interface Column {
  kind: CellKind;
  x: number;
  w: number;
  role?: string;
}

interface StepRow {
  type: 'step';
  step: CompiledStep;
  flow: CompiledFlow;
  y: number;
  h: number;
  bandTop: number;
  bandBottom: number;
  cells: Partial<Record<CellKind, string[]>>;
}

interface JoinRow {
  type: 'join';
  parent: CompiledStep;
  flow: CompiledFlow;
  y: number;
  h: number;
  bandTop: number;
  bandBottom: number;
  lines: string[];
}

interface SectionRow {
  type: 'section';
  flow: CompiledFlow;
  y: number;
  h: number;
  lines: string[];
}

type Row = StepRow | JoinRow | SectionRow;

type Shape = 'rect' | 'auto' | 'diamond' | 'document' | 'bar' | 'capsule';

interface GNode {
  key: string;
  row: number;
  shape: Shape;
  col: number;
  cx: number;
  cy: number;
  hw: number;
  hh: number;
  /** Horizontal span of a bar. */
  x0?: number;
  x1?: number;
}

interface Edge {
  from: GNode;
  to: GNode;
  label?: string;
  back?: boolean;
  /** A review's rejection: leaves by the side its send-back does not use. */
  reject?: 'left' | 'right';
}

const letter = (i: number) => String.fromCharCode(97 + (i % 26));

function describeCondition(c: Condition, lang: Lang, sop: CompiledSop): string {
  const parts: string[] = [];
  const typeName = (code: string) =>
    sop.contentTypes.find((t) => t.code === code)?.name[lang] ?? CONTENT_TYPES[code]?.[lang] ?? code;
  if (c.contentType) parts.push(c.contentType.map(typeName).join(', '));
  if (c.tag) parts.push(`${lang === 'id' ? 'tanda' : 'tag'} ${c.tag.join(', ')}`);
  if (c.all)
    parts.push(
      c.all.map((x) => `(${describeCondition(x, lang, sop)})`).join(lang === 'id' ? ' dan ' : ' and '),
    );
  if (c.any)
    parts.push(
      c.any.map((x) => `(${describeCondition(x, lang, sop)})`).join(lang === 'id' ? ' atau ' : ' or '),
    );
  if (c.not) parts.push(`${lang === 'id' ? 'bukan' : 'not'} (${describeCondition(c.not, lang, sop)})`);
  return parts.join(lang === 'id' ? '; dan ' : '; and ');
}

/** Flows in the order the paper shows them: by their lowest step number. */
export function flowsInSheetOrder(sop: CompiledSop): CompiledFlow[] {
  const flows = sop.flowOrder.map((id) => sop.flows[id]!);
  const minNumber = (f: CompiledFlow) => Math.min(...Object.values(f.steps).map((s) => s.number));
  return flows
    .map((f, i) => ({ f, i, m: minNumber(f) }))
    .sort((a, b) => a.m - b.m || a.i - b.i)
    .map((x) => x.f);
}

/** The faces a chart draws text in (its text elements' attributes say which). */
export function facesUsed(svg: string): Face[] {
  return [
    'regular',
    ...(svg.includes('font-weight="bold"') ? (['bold'] as const) : []),
    ...(svg.includes('font-style="italic"') ? (['italic'] as const) : []),
  ];
}

class SvgWriter {
  private readonly parts: string[] = [];
  add(s: string): void {
    this.parts.push(s);
  }
  toString(): string {
    return this.parts.join('\n');
  }
}

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

export function renderSwimlaneSvg(sop: CompiledSop, options: RenderOptions = {}): string {
  const lang: Lang = options.lang === 'en' ? 'en' : 'id';
  const L: Labels = LABELS[lang];
  const idPrefix = `sop-${sop.key.replace(/[^a-z0-9-]/g, '-')}`;

  // --- columns ---
  const roles = sop.roleOrder;
  const roleW = roles.length <= 3 ? 112 : roles.length <= 5 ? 100 : 92;
  const widths: [CellKind, number, string?][] = [
    ['no', 30],
    ['activity', 230],
    ...roles.map((r): [CellKind, number, string] => ['role', roleW, r]),
    ['inputs', 150],
    ['time', 66],
    ['output', 140],
    ['remarks', 136],
  ];
  const columns: Column[] = [];
  let x = MARGIN;
  for (const [kind, w, role] of widths) {
    columns.push({ kind, x, w, ...(role ? { role } : {}) });
    x += w;
  }
  const tableW = x - MARGIN;
  const width = x + MARGIN;
  const col = (kind: CellKind) => columns.find((c) => c.kind === kind)!;
  const roleCol = new Map(columns.filter((c) => c.role).map((c, i) => [c.role!, { ...c, index: i }]));
  const firstRole = columns.find((c) => c.kind === 'role')!;
  const lastRole = [...columns].reverse().find((c) => c.kind === 'role')!;
  const textW = (kind: CellKind) => col(kind).w - 2 * PAD;

  // --- rows ---
  const flows = flowsInSheetOrder(sop);
  const showSections = flows.length > 1;
  const notes: { ref: number; label: string; text: string }[] = [];
  const rows: Row[] = [];
  const allSteps = new Map(Object.values(sop.flows).flatMap((f) => Object.entries(f.steps)));
  const stepNumber = (id: string) => allSteps.get(id)?.number ?? 0;

  const remarksFor = (step: CompiledStep, flow: CompiledFlow): string[] => {
    const out: string[] = [];
    if (step.kind === 'handoff' && step.recipients.length > 0)
      out.push(L.handoffTo(roleNames(sop, step.recipients)));
    if (step.kind === 'automatic' && step.action) {
      const what = step.report
        ? (REPORT_CODES[step.report]?.[lang] ?? step.report)
        : (AUTOMATIC_ACTIONS[step.action]?.[lang] ?? step.action);
      out.push(L.automatic(what));
    }
    if (step.kind === 'publish' && step.channels.length > 0) out.push(L.channels(channelNames(step, lang)));
    if (step.kind === 'parallel' && step.parallel) {
      out.push(step.parallel.join === 'any' ? L.parallelAny : L.parallelAll);
    }
    const guarded = step.next.length > 1;
    if (guarded) {
      step.next.forEach((b, i) => {
        const target =
          b.to === 'end' ? L.end : b.to === 'join' ? L.joinAll : `no. ${flow.steps[b.to]?.number ?? b.to}`;
        const cond = b.when ? describeCondition(b.when, lang, sop) : L.others;
        out.push(`(${letter(i)}) ${cond} → ${target}`);
      });
    }
    if (step.outcomes?.sendBack) out.push(L.backTo(stepNumber(step.outcomes.sendBack.to)));
    if (step.outcomes?.postpone) out.push(L.postponeRemark);
    if (step.outcomes?.reject) out.push(L.rejectRemark);
    if (step.optional) out.push(L.optional);
    if (step.note) {
      const ref = notes.length + 1;
      notes.push({ ref, label: `${L.no}. ${step.number}`, text: step.note });
      out.push(`${L.note} ${ref}${step.inferred ? '*' : ''}`);
    }
    return out;
  };

  const cellLines = (kind: CellKind, text: string) => wrapText(text, textW(kind), FS);

  const addStep = (step: CompiledStep, flow: CompiledFlow, branchLabel: string | null) => {
    const timeText = step.time
      ? [
          formatTimeStandard(step.time, lang),
          ...(step.extension
            ? [L.extension(step.extension.max, formatDuration(step.extension.by, lang))]
            : []),
        ].join('\n')
      : '';
    const inputs =
      step.inputs.length > 1 ? step.inputs.map((i) => `• ${i}`).join('\n') : (step.inputs[0] ?? '');
    const cells: StepRow['cells'] = {
      no: [String(step.number)],
      activity: [
        ...(branchLabel ? cellLines('activity', branchLabel) : []),
        ...cellLines('activity', step.description),
      ],
      inputs: wrapText(inputs, textW('inputs'), FS),
      time: wrapText(timeText, textW('time'), FS),
      output: cellLines('output', step.output ?? ''),
      remarks: wrapText(remarksFor(step, flow).join('\n'), textW('remarks'), FS),
    };
    rows.push({ type: 'step', step, flow, y: 0, h: 0, bandTop: 0, bandBottom: 0, cells });
  };

  for (const flow of flows) {
    if (showSections) {
      const head =
        flow.trigger === 'item'
          ? `${L.itemFlow}: ${flow.title}`
          : flow.trigger === 'schedule'
            ? `${L.scheduled}: ${flow.title}. ${flow.schedule!.text[lang]}`
            : `${L.manual}: ${flow.title}`;
      let text = head;
      if (flow.note) {
        const ref = notes.length + 1;
        notes.push({ ref, label: flow.title, text: flow.note });
        text += ` (${L.note.toLowerCase()} ${ref})`;
      }
      rows.push({ type: 'section', flow, y: 0, h: 0, lines: wrapText(text, tableW - 2 * PAD, FS, 'bold') });
    }
    for (const id of flow.order) {
      const step = flow.steps[id]!;
      addStep(step, flow, null);
      if (step.parallel) {
        step.parallel.branches.forEach((b, bi) => {
          b.steps.forEach((sid, si) => {
            const label = si === 0 ? `[${L.branch} ${bi + 1}${b.name ? `: ${b.name}` : ''}]` : null;
            addStep(flow.steps[sid]!, flow, label);
          });
        });
        const joinText = step.parallel.join === 'any' ? L.joinAny : L.joinAll;
        rows.push({
          type: 'join',
          parent: step,
          flow,
          y: 0,
          h: 0,
          bandTop: 0,
          bandBottom: 0,
          lines: cellLines('activity', joinText),
        });
      }
    }
  }

  // Terminator bands: MULAI above each flow's first step, SELESAI below its last row.
  const flowRows = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.type === 'section') return;
    const list = flowRows.get(r.flow.id) ?? [];
    list.push(i);
    flowRows.set(r.flow.id, list);
  });
  for (const [, list] of flowRows) {
    const first = rows[list[0]!] as StepRow | JoinRow;
    const last = rows[list[list.length - 1]!] as StepRow | JoinRow;
    first.bandTop = BAND;
    last.bandBottom = BAND;
  }

  // --- vertical layout ---
  const titleLines = wrapText(sop.metadata.procedureTitle ?? sop.title, tableW, 13, 'bold');
  const subtitleParts = [
    sop.metadata.agency,
    sop.metadata.number ? `${L.number}: ${sop.metadata.number}` : null,
  ]
    .filter((s): s is string => !!s)
    .join(' · ');
  const subtitleLines = subtitleParts ? wrapText(subtitleParts, tableW, FS) : [];
  let y = MARGIN;
  const titleY = y;
  y += titleLines.length * 16 + subtitleLines.length * LH + 8;

  const headerY = y;
  const head1H = 20;
  const roleHeaderLines = new Map(
    roles.map((r) => [r, wrapText(sop.roles[r]!.name, roleW - 2 * PAD, FS_HEAD, 'bold')]),
  );
  const head2Lines = Math.max(1, ...[...roleHeaderLines.values()].map((l) => l.length));
  const head2H = head2Lines * LH + 2 * PAD;
  y += head1H + head2H;

  for (const r of rows) {
    r.y = y;
    if (r.type === 'section') r.h = r.lines.length * LH + 2 * PAD;
    else if (r.type === 'join') r.h = Math.max(34, r.lines.length * LH + 2 * PAD) + r.bandTop + r.bandBottom;
    else {
      const textH = Math.max(...Object.values(r.cells).map((l) => (l ?? []).length)) * LH + 2 * PAD;
      r.h = Math.max(textH, r.bandTop + MIN_SYMBOL_AREA + r.bandBottom);
    }
    y += r.h;
  }
  const tableBottom = y;

  // --- nodes ---
  const nodes = new Map<string, GNode>();
  const rowIndexOf = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.type === 'step') rowIndexOf.set(r.step.id, i);
  });
  const symbolCy = (r: StepRow | JoinRow) => r.y + r.bandTop + (r.h - r.bandTop - r.bandBottom) / 2;
  const colsFor = (step: CompiledStep): number[] => {
    const codes = step.actors.length > 0 ? step.actors : step.recipients;
    const idx = codes.map((c) => roleCol.get(c)!.index);
    return idx.length > 0 ? idx : [0];
  };
  const roleColumns = columns.filter((c) => c.kind === 'role');
  const colCx = (i: number) => roleColumns[i]!.x + roleColumns[i]!.w / 2;
  const rectHW = Math.min(roleW - 36, 66) / 2;
  const diamondHW = Math.min(roleW - 36, 62) / 2;

  const spanOf = (parent: CompiledStep): [number, number] => {
    const cols = [
      ...(parent.actors.length ? colsFor(parent) : []),
      ...parent.parallel!.branches.flatMap((b) =>
        b.steps.flatMap((s) => colsFor(sop.flows[parent.flow]!.steps[s]!)),
      ),
    ];
    return [Math.min(...cols), Math.max(...cols)];
  };

  const copies: { node: GNode; cols: number[]; step: CompiledStep }[] = [];
  rows.forEach((r, i) => {
    if (r.type === 'step') {
      const step = r.step;
      const cy = symbolCy(r);
      if (step.kind === 'parallel' && step.parallel) {
        const [a, b] = spanOf(step);
        const x0 = roleColumns[a]!.x + 6;
        const x1 = roleColumns[b]!.x + roleColumns[b]!.w - 6;
        nodes.set(step.id, {
          key: step.id,
          row: i,
          shape: 'bar',
          col: a,
          cx: (x0 + x1) / 2,
          cy,
          hw: (x1 - x0) / 2,
          hh: 3,
          x0,
          x1,
        });
        return;
      }
      const cols = colsFor(step);
      const shape: Shape =
        step.kind === 'review'
          ? 'diamond'
          : step.kind === 'publish'
            ? 'document'
            : step.kind === 'automatic'
              ? 'auto'
              : 'rect';
      const hw = shape === 'diamond' ? diamondHW : rectHW;
      const hh = shape === 'diamond' ? 18 : shape === 'document' ? 15 : 13;
      const node: GNode = { key: step.id, row: i, shape, col: cols[0]!, cx: colCx(cols[0]!), cy, hw, hh };
      nodes.set(step.id, node);
      copies.push({ node, cols, step });
    } else if (r.type === 'join') {
      const [a, b] = spanOf(r.parent);
      const x0 = roleColumns[a]!.x + 6;
      const x1 = roleColumns[b]!.x + roleColumns[b]!.w - 6;
      const cy = symbolCy(r);
      nodes.set(`${r.parent.id}#join`, {
        key: `${r.parent.id}#join`,
        row: i,
        shape: 'bar',
        col: a,
        cx: (x0 + x1) / 2,
        cy,
        hw: (x1 - x0) / 2,
        hh: 3,
        x0,
        x1,
      });
    }
  });

  // Terminators per flow.
  const capsuleHW = Math.min(roleW - 24, 64) / 2;
  const ends = new Map<string, GNode>();
  const starts = new Map<string, GNode>();
  for (const flow of flows) {
    const list = flowRows.get(flow.id)!;
    const startNode = nodes.get(flow.start)!;
    const firstRow = rows[list[0]!]!;
    starts.set(flow.id, {
      key: `${flow.id}#start`,
      row: list[0]! - 0.5,
      shape: 'capsule',
      col: startNode.col,
      cx: startNode.cx,
      cy: firstRow.y + BAND / 2 + 1,
      hw: capsuleHW,
      hh: 10,
    });
    const lastIndex = list[list.length - 1]!;
    const lastRow = rows[lastIndex]!;
    const ending = Object.values(flow.steps).filter(
      (s) => s.next.some((b) => b.to === 'end') || s.outcomes?.reject,
    );
    const lastNode =
      lastRow.type === 'step' && ending.some((s) => s.id === lastRow.step.id)
        ? nodes.get(lastRow.step.id)!
        : lastRow.type === 'join' && ending.some((s) => s.id === lastRow.parent.id)
          ? nodes.get(`${lastRow.parent.id}#join`)!
          : nodes.get(ending[0]?.id ?? flow.order[flow.order.length - 1]!)!;
    const endCol = lastNode.shape === 'bar' ? colIndexAt(lastNode.cx) : lastNode.col;
    ends.set(flow.id, {
      key: `${flow.id}#end`,
      row: lastIndex + 0.5,
      shape: 'capsule',
      col: endCol,
      cx: colCx(endCol),
      cy: lastRow.y + lastRow.h - BAND / 2 - 1,
      hw: capsuleHW,
      hh: 10,
    });
  }
  function colIndexAt(px: number): number {
    const i = roleColumns.findIndex((c) => px >= c.x && px < c.x + c.w);
    return i < 0 ? 0 : i;
  }

  // --- edges ---
  const edges: Edge[] = [];
  const loops: { node: GNode; label: string }[] = [];
  for (const flow of flows) {
    const startNode = nodes.get(flow.start)!;
    edges.push({ from: starts.get(flow.id)!, to: startNode });
    const endNode = ends.get(flow.id)!;
    for (const step of Object.values(flow.steps)) {
      const from = nodes.get(step.id)!;
      const guarded = step.next.length > 1;
      const byTarget = new Map<string, string[]>();
      step.next.forEach((b, i) => {
        const list = byTarget.get(b.to) ?? [];
        list.push(letter(i));
        byTarget.set(b.to, list);
      });
      // A parallel step's own `next` leaves from its join bar, after the branches.
      const source = step.parallel ? nodes.get(`${step.id}#join`)! : from;
      for (const [to, letters] of byTarget) {
        const target =
          to === 'end' ? endNode : to === 'join' ? nodes.get(`${step.branch!.parent}#join`)! : nodes.get(to)!;
        const tag = guarded ? `(${letters.join(', ')})` : '';
        const label = step.kind === 'review' ? [L.yes, tag].filter(Boolean).join(' ') : tag || undefined;
        edges.push({ from: source, to: target, ...(label ? { label } : {}) });
      }
      if (step.parallel) {
        for (const b of step.parallel.branches) edges.push({ from, to: nodes.get(b.steps[0]!)! });
      }
      if (step.outcomes?.sendBack) {
        edges.push({ from, to: nodes.get(step.outcomes.sendBack.to)!, label: L.no_, back: true });
      }
      if (step.outcomes?.reject) {
        const back = step.outcomes.sendBack ? nodes.get(step.outcomes.sendBack.to)! : null;
        const side = back && back.cx > from.cx + 0.5 ? 'left' : 'right';
        edges.push({ from, to: endNode, label: L.rejected, reject: side });
      }
      if (step.outcomes?.postpone) {
        // On the rightmost copy of a shared step, clear of the joint line between copies.
        const right = Math.max(...colsFor(step));
        loops.push({ node: { ...from, cx: colCx(right) }, label: L.postponed });
      }
    }
  }

  // --- routing ---
  const laneUse = new Map<string, number>();
  const lane = (colIdx: number, side: 'left' | 'right'): number => {
    const key = `${colIdx}:${side}`;
    const k = laneUse.get(key) ?? 0;
    laneUse.set(key, k + 1);
    const c = roleColumns[colIdx]!;
    const offset = 8 + (k % 3) * 4;
    return side === 'left' ? c.x + offset : c.x + c.w - offset;
  };
  const top = (g: GNode) => g.cy - g.hh;
  const bottom = (g: GNode) => g.cy + g.hh;
  const clampX = (g: GNode, px: number) =>
    g.shape === 'bar' ? Math.min(Math.max(px, g.x0! + 4), g.x1! - 4) : g.cx;
  const sideX = (g: GNode, side: 'left' | 'right') => (side === 'left' ? g.cx - g.hw : g.cx + g.hw);

  const paths: string[] = [];
  const labels: string[] = [];
  const label = (text: string, px: number, py: number, anchor: 'start' | 'end' | 'middle') => {
    labels.push(
      `<text class="edge-label" x="${n(px)}" y="${n(py)}" font-size="${FS_LABEL}"${
        anchor !== 'start' ? ` text-anchor="${anchor}"` : ''
      } stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(text)}</text>`,
    );
  };
  const pathEl = (d: string, cls: string) =>
    `<path class="${cls}" d="${d}" fill="none" stroke="${STROKE}" stroke-width="1" marker-end="url(#${idPrefix}-arrow)"/>`;

  const rowTop = (g: GNode): number | null => (Number.isInteger(g.row) ? rows[g.row]!.y : null);
  const rowBottom = (g: GNode): number => {
    const r = rows[Math.floor(g.row)];
    return r ? r.y + r.h : bottom(g) + 16;
  };
  for (const e of edges) {
    const { from: a, to: b } = e;
    const forward = top(b) > bottom(a) - 0.5 && !e.back;
    if (e.reject) {
      // Out of the free vertex, down the review's own column margin, into the terminator's side.
      const ax = sideX(a, e.reject);
      const lx = lane(a.col, e.reject);
      const enter: 'left' | 'right' = b.cx < lx ? 'right' : 'left';
      paths.push(
        pathEl(`M${n(ax)},${n(a.cy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, enter))}`, 'edge edge-reject'),
      );
      if (e.label)
        label(
          e.label,
          e.reject === 'left' ? ax - 3 : ax + 3,
          a.cy - 3,
          e.reject === 'left' ? 'end' : 'start',
        );
    } else if (forward) {
      const y1 = bottom(a);
      const adjacent = b.row - a.row <= 1;
      if (adjacent) {
        const ax = clampX(a, b.cx);
        const bx = clampX(b, ax);
        const y2 = top(b);
        if (Math.abs(ax - bx) < 0.5) {
          paths.push(pathEl(`M${n(ax)},${n(y1)} V${n(y2)}`, 'edge'));
          if (e.label) label(e.label, ax + 3, y1 + 9, 'start');
        } else {
          // Turn away from the row rule, so the connector never runs along a grid line.
          const boundary = b.row !== a.row ? rowTop(b) : null;
          const turn =
            boundary !== null && y2 - boundary >= 10
              ? (boundary + y2) / 2
              : boundary !== null && boundary - y1 >= 10
                ? (y1 + boundary) / 2
                : (y1 + y2) / 2;
          paths.push(pathEl(`M${n(ax)},${n(y1)} V${n(turn)} H${n(bx)} V${n(y2)}`, 'edge'));
          if (e.label) label(e.label, bx > ax ? ax + 3 : ax - 3, turn - 3, bx > ax ? 'start' : 'end');
        }
      } else {
        const hy = y1 + Math.min(8, (rowBottom(a) - y1) / 2);
        if (b.shape === 'bar') {
          const lx = lane(a.col, 'left');
          paths.push(pathEl(`M${n(a.cx)},${n(y1)} V${n(hy)} H${n(lx)} V${n(top(b))}`, 'edge'));
          if (e.label) label(e.label, a.cx - 3, hy - 3, 'end');
        } else {
          const side: 'left' | 'right' = b.cx > a.cx + 0.5 ? 'left' : 'right';
          const lx = lane(b.col, side);
          if (a.shape === 'bar') {
            paths.push(pathEl(`M${n(lx)},${n(y1)} V${n(b.cy)} H${n(sideX(b, side))}`, 'edge'));
          } else {
            paths.push(
              pathEl(`M${n(a.cx)},${n(y1)} V${n(hy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, side))}`, 'edge'),
            );
            if (e.label) label(e.label, lx > a.cx ? a.cx + 3 : a.cx - 3, hy - 3, lx > a.cx ? 'start' : 'end');
          }
        }
      }
    } else {
      // Back up the chart (send-back or a loop): leave the source by the side facing the
      // target, climb a lane in the target's column, and enter the target from that side.
      // A review that is both a send-back source and target thus uses one vertex for each.
      const exit: 'left' | 'right' = b.cx > a.cx + 0.5 ? 'right' : 'left';
      const laneSide: 'left' | 'right' =
        Math.abs(b.cx - a.cx) < 0.5 ? 'left' : exit === 'left' ? 'right' : 'left';
      const lx = lane(b.col, laneSide);
      const ax = sideX(a, exit);
      paths.push(
        pathEl(`M${n(ax)},${n(a.cy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, laneSide))}`, 'edge edge-back'),
      );
      if (e.label)
        label(e.label, exit === 'left' ? ax - 3 : ax + 3, a.cy - 3, exit === 'left' ? 'end' : 'start');
    }
  }
  for (const { node, label: text } of loops) {
    // Postpone: a loop from the right vertex back into the top, "the run waits here".
    const rx = node.cx + node.hw;
    const lx = rx + 9;
    const ty = top(node);
    paths.push(
      `<path class="edge edge-postpone" d="M${n(rx)},${n(node.cy)} H${n(lx)} V${n(ty - 7)} H${n(node.cx + 4)} V${n(
        ty - 1,
      )}" fill="none" stroke="${STROKE}" stroke-width="1" stroke-dasharray="3 2" marker-end="url(#${idPrefix}-arrow)"/>`,
    );
    label(text, lx + 3, node.cy + 3, 'start');
  }

  // --- drawing ---
  const svg = new SvgWriter();
  const footerStart = tableBottom + 14;
  const footer: string[] = [];
  let fy = footerStart;
  const footW = tableW;
  // Legend.
  const legendY = fy;
  footer.push(`<g class="legend">`);
  footer.push(textBlock([`${L.legend}:`], MARGIN, legendY, { bold: true }));
  let lx = MARGIN + measureText(`${L.legend}:`, FS, 'bold') + 10;
  const legendItems: [Shape, string][] = [
    ['capsule', L.legendTerminator],
    ['rect', L.legendWork],
    ['diamond', L.legendReview],
    ['document', L.legendPublish],
    ['auto', L.legendAutomatic],
    ['bar', L.legendParallel],
  ];
  for (const [shape, text] of legendItems) {
    const g: GNode = {
      key: 'legend',
      row: 0,
      shape,
      col: 0,
      cx: lx + 14,
      cy: legendY + 6,
      hw: 13,
      hh: shape === 'bar' ? 2 : 6,
    };
    footer.push(drawShape(g, '', true));
    footer.push(textBlock([text], lx + 32, legendY, {}));
    lx += 32 + measureText(text, FS) + 16;
  }
  footer.push(`</g>`);
  fy += 22;
  // Deadlines.
  if (sop.deadlines.length > 0) {
    const lines = sop.deadlines.map((d) =>
      L.deadline(stepNumber(d.from), stepNumber(d.until), formatTimeStandard(d.time, lang)),
    );
    const wrapped = wrapText([`${L.deadlines}:`, ...lines].join('\n'), footW, FS);
    footer.push(`<g class="deadlines">${textBlock(wrapped, MARGIN, fy)}</g>`);
    fy += wrapped.length * LH + 8;
  }
  // Notes.
  if (notes.length > 0) {
    footer.push(`<g class="notes">`);
    footer.push(textBlock([`${L.notes}`], MARGIN, fy, { bold: true }));
    fy += LH + 2;
    for (const note of notes) {
      const head = `${note.ref}. ${note.label}: `;
      const headW = measureText(head, FS, 'bold');
      const body = wrapText(note.text, footW - headW - 4, FS);
      footer.push(textBlock([head], MARGIN, fy, { bold: true }));
      footer.push(textBlock(body, MARGIN + headW + 4, fy));
      fy += Math.max(1, body.length) * LH + 3;
    }
    const hint = wrapText(L.inferenceHint, footW, FS_LABEL + 0.5, 'italic');
    footer.push(textBlock(hint, MARGIN, fy + 2, { size: FS_LABEL + 0.5, italic: true }));
    fy += hint.length * 11 + 6;
    footer.push(`</g>`);
  }
  // Source.
  if (sop.metadata.signedSheet) {
    const s = sop.metadata.signedSheet;
    const src = wrapText(
      `${L.source}: ${L.signedSheet} ${s.file} (SHA-256 ${s.sha256}); ${sop.key} ${L.version.toLowerCase()} ${sop.version}.`,
      footW,
      FS_LABEL + 0.5,
    );
    footer.push(`<g class="source">${textBlock(src, MARGIN, fy + 2, { size: FS_LABEL + 0.5 })}</g>`);
    fy += src.length * 11 + 4;
  }
  const height = Math.ceil(fy + MARGIN);

  svg.add(
    `<svg xmlns="http://www.w3.org/2000/svg" class="sop-swimlane" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(
      FONT_FAMILY,
    )}" font-size="${FS}" fill="#111827" role="img" aria-labelledby="${idPrefix}-title" data-lang="${lang}">`,
  );
  svg.add(`<title id="${idPrefix}-title">${escapeXml(`${sop.title} (${sop.key} v${sop.version})`)}</title>`);
  svg.add(
    `<defs><marker id="${idPrefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${STROKE}"/></marker></defs>`,
  );
  svg.add(`<rect class="page" x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);

  // Title block.
  svg.add(`<g class="title-block">`);
  svg.add(textBlock(titleLines, MARGIN, titleY, { size: 13, bold: true }));
  if (subtitleLines.length > 0)
    svg.add(textBlock(subtitleLines, MARGIN, titleY + titleLines.length * 16 + 2));
  svg.add(`</g>`);

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

  // Header.
  const headFill = '#e5e7eb';
  svg.add(`<g class="header">`);
  const headText = (lines: string[], c: { x: number; w: number }, yTop: number, h: number) =>
    textBlock(lines, c.x + c.w / 2, yTop + (h - lines.length * LH) / 2 + 1, { anchor: 'middle', bold: true });
  const fullH = head1H + head2H;
  for (const kind of ['no', 'activity'] as CellKind[]) {
    const c = col(kind);
    const lines = wrapText(kind === 'no' ? L.no : L.activity, c.w - 2 * PAD, FS_HEAD, 'bold');
    svg.add(
      cell(`head head-${kind}`, c.x, headerY, c.w, fullH, headText(lines, c, headerY, fullH), headFill),
    );
  }
  const perfX = firstRole.x;
  const perfW = lastRole.x + lastRole.w - firstRole.x;
  svg.add(
    cell(
      'head head-performers',
      perfX,
      headerY,
      perfW,
      head1H,
      headText([L.performers], { x: perfX, w: perfW }, headerY, head1H),
      headFill,
    ),
  );
  const qStart = col('inputs');
  const qEnd = col('output');
  const qW = qEnd.x + qEnd.w - qStart.x;
  svg.add(
    cell(
      'head head-quality',
      qStart.x,
      headerY,
      qW,
      head1H,
      headText([L.quality], { x: qStart.x, w: qW }, headerY, head1H),
      headFill,
    ),
  );
  const rem = col('remarks');
  svg.add(
    cell(
      'head head-remarks',
      rem.x,
      headerY,
      rem.w,
      fullH,
      headText(wrapText(L.remarks, rem.w - 2 * PAD, FS_HEAD, 'bold'), rem, headerY, fullH),
      headFill,
    ),
  );
  for (const c of columns) {
    const y2 = headerY + head1H;
    if (c.kind === 'role') {
      const lines = roleHeaderLines.get(c.role!)!;
      svg.add(
        `<g class="role-col" data-role="${escapeXml(c.role!)}" data-x="${n(c.x)}" data-w="${n(c.w)}">${cell(
          'head head-role',
          c.x,
          y2,
          c.w,
          head2H,
          headText(lines, c, y2, head2H),
          headFill,
        )}<rect class="lane" x="${n(c.x)}" y="${n(headerY + fullH)}" width="${n(c.w)}" height="${n(
          tableBottom - headerY - fullH,
        )}" fill="none" stroke="${STROKE}" stroke-width="0.8"/></g>`,
      );
    } else if (c.kind === 'inputs' || c.kind === 'time' || c.kind === 'output') {
      const text = c.kind === 'inputs' ? L.inputs : c.kind === 'time' ? L.time : L.output;
      const lines = wrapText(text, c.w - 2 * PAD, FS_HEAD, 'bold');
      svg.add(cell(`head head-${c.kind}`, c.x, y2, c.w, head2H, headText(lines, c, y2, head2H), headFill));
    }
  }
  svg.add(`</g>`);

  // Body rows.
  svg.add(`<g class="body">`);
  for (const r of rows) {
    if (r.type === 'section') {
      svg.add(
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
    // Role lanes are drawn once per column; rows only add the horizontal rule.
    parts.push(
      `<line class="row-rule" x1="${n(firstRole.x)}" y1="${n(r.y + r.h)}" x2="${n(lastRole.x + lastRole.w)}" y2="${n(
        r.y + r.h,
      )}" stroke="${STROKE}" stroke-width="0.8"/>`,
    );
    svg.add(`<g${rowAttrs} data-y="${n(r.y)}" data-h="${n(r.h)}">${parts.join('')}</g>`);
  }
  svg.add(`</g>`);

  // Symbols, then connectors on top, then labels on top of both.
  svg.add(`<g class="symbols">`);
  for (const { node, cols, step } of copies) {
    const sorted = [...cols].sort((p, q) => p - q);
    if (sorted.length > 1) {
      const xa = colCx(sorted[0]!) + node.hw;
      const xb = colCx(sorted[sorted.length - 1]!) - node.hw;
      svg.add(
        `<line class="joint" x1="${n(xa)}" y1="${n(node.cy)}" x2="${n(xb)}" y2="${n(node.cy)}" stroke="${STROKE}" stroke-width="1" stroke-dasharray="4 2"/>`,
      );
    }
    for (const c of sorted) {
      const copy = { ...node, cx: colCx(c) };
      svg.add(drawShape(copy, String(step.number), false, step, roles[c]!, step.optional));
    }
  }
  for (const node of nodes.values()) {
    if (node.shape === 'bar') svg.add(drawShape(node, '', false));
  }
  for (const flow of flows) {
    svg.add(drawShape(starts.get(flow.id)!, L.start, false, undefined, undefined, false, 'start'));
    svg.add(drawShape(ends.get(flow.id)!, L.end, false, undefined, undefined, false, 'end'));
  }
  svg.add(`</g>`);
  svg.add(`<g class="edges">${paths.join('')}</g>`);
  svg.add(`<g class="edge-labels">${labels.join('')}</g>`);
  svg.add(`<g class="footer">${footer.join('')}</g>`);
  svg.add(`</svg>`);
  const out = svg.toString();
  if (options.embedFonts === false) return `${out}\n`;
  return `${out.replace('<defs>', `<defs><style>${embeddedFontFaces(facesUsed(out), out)}</style>`)}\n`;
}

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
