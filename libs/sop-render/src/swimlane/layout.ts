// The chart's layout: the columns across (No, Kegiatan, one lane per role, Mutu Baku,
// Keterangan), the title, header and rows down, and each step's symbol in its actors'
// lanes, with a MULAI and a SELESAI terminator per flow. Placement only: no connectors,
// no SVG.
import type { CompiledFlow, CompiledSop, CompiledStep } from '@tatalaman/sop-language';
import { LABELS, type Lang } from '../labels';
import { wrapText } from '../text';
import {
  BAND,
  type CellKind,
  type Chart,
  type Column,
  FS,
  FS_HEAD,
  type GNode,
  type JoinRow,
  laneCx,
  lanesOf,
  LH,
  MARGIN,
  MIN_SYMBOL_AREA,
  PAD,
  type Row,
  type Shape,
  type StepRow,
  type SymbolCopies,
} from './chart';
import { flowsInSheetOrder, tableRows } from './rows';

/** Lanes narrow as roles are added, so a chart of many roles still fits a landscape page. */
const laneWidth = (roles: number) => (roles <= 3 ? 112 : roles <= 5 ? 100 : 92);

function layOutColumns(roles: string[]): { columns: Column[]; tableW: number; width: number } {
  const roleW = laneWidth(roles.length);
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
  return { columns, tableW: x - MARGIN, width: x + MARGIN };
}

/** Sets each row's y and height from the top of the table; returns the table's bottom. */
function placeRows(rows: Row[], top: number): number {
  let y = top;
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
  return y;
}

const symbolCy = (r: StepRow | JoinRow) => r.y + r.bandTop + (r.h - r.bandTop - r.bandBottom) / 2;

const shapeOf = (step: CompiledStep): Shape =>
  step.kind === 'review'
    ? 'diamond'
    : step.kind === 'publish'
      ? 'document'
      : step.kind === 'automatic'
        ? 'auto'
        : 'rect';

/**
 * The symbols: a bar across the lanes a parallel step and its branches use (one where it
 * forks, one where it joins), and for every other step one symbol, copied into each of
 * its actors' lanes.
 */
function placeSymbols(
  sop: CompiledSop,
  rows: Row[],
  lanes: Column[],
): { nodes: Map<string, GNode>; copies: SymbolCopies[] } {
  const roleW = laneWidth(lanes.length);
  const rectHW = Math.min(roleW - 36, 66) / 2;
  const diamondHW = Math.min(roleW - 36, 62) / 2;
  const spanOf = (parent: CompiledStep): [number, number] => {
    const cols = [
      ...(parent.actors.length ? lanesOf(lanes, parent) : []),
      ...parent.parallel!.branches.flatMap((b) =>
        b.steps.flatMap((s) => lanesOf(lanes, sop.flows[parent.flow]!.steps[s]!)),
      ),
    ];
    return [Math.min(...cols), Math.max(...cols)];
  };
  const bar = (key: string, row: number, parent: CompiledStep, cy: number): GNode => {
    const [a, b] = spanOf(parent);
    const x0 = lanes[a]!.x + 6;
    const x1 = lanes[b]!.x + lanes[b]!.w - 6;
    return { key, row, shape: 'bar', col: a, cx: (x0 + x1) / 2, cy, hw: (x1 - x0) / 2, hh: 3, x0, x1 };
  };

  const nodes = new Map<string, GNode>();
  const copies: SymbolCopies[] = [];
  rows.forEach((r, i) => {
    if (r.type === 'step') {
      const step = r.step;
      const cy = symbolCy(r);
      if (step.kind === 'parallel' && step.parallel) {
        nodes.set(step.id, bar(step.id, i, step, cy));
        return;
      }
      const cols = lanesOf(lanes, step);
      const shape = shapeOf(step);
      const hw = shape === 'diamond' ? diamondHW : rectHW;
      const hh = shape === 'diamond' ? 18 : shape === 'document' ? 15 : 13;
      const node: GNode = {
        key: step.id,
        row: i,
        shape,
        col: cols[0]!,
        cx: laneCx(lanes, cols[0]!),
        cy,
        hw,
        hh,
      };
      nodes.set(step.id, node);
      copies.push({ node, cols, step });
    } else if (r.type === 'join') {
      const key = `${r.parent.id}#join`;
      nodes.set(key, bar(key, i, r.parent, symbolCy(r)));
    }
  });
  return { nodes, copies };
}

/**
 * MULAI in the band above a flow's first row, over its first step; SELESAI in the band
 * below its last row, in the lane of the step that ends there (or of the flow's first
 * ending step).
 */
function placeTerminators(
  flows: CompiledFlow[],
  rows: Row[],
  flowRows: Map<string, number[]>,
  lanes: Column[],
  nodes: Map<string, GNode>,
): { starts: Map<string, GNode>; ends: Map<string, GNode> } {
  const capsuleHW = Math.min(laneWidth(lanes.length) - 24, 64) / 2;
  const laneAt = (px: number): number => {
    const i = lanes.findIndex((c) => px >= c.x && px < c.x + c.w);
    return i < 0 ? 0 : i;
  };
  const starts = new Map<string, GNode>();
  const ends = new Map<string, GNode>();
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
    const endCol = lastNode.shape === 'bar' ? laneAt(lastNode.cx) : lastNode.col;
    ends.set(flow.id, {
      key: `${flow.id}#end`,
      row: lastIndex + 0.5,
      shape: 'capsule',
      col: endCol,
      cx: laneCx(lanes, endCol),
      cy: lastRow.y + lastRow.h - BAND / 2 - 1,
      hw: capsuleHW,
      hh: 10,
    });
  }
  return { starts, ends };
}

export function layOutChart(sop: CompiledSop, lang: Lang): Chart {
  const L = LABELS[lang];
  const roles = sop.roleOrder;
  const { columns, tableW, width } = layOutColumns(roles);
  const lanes = columns.filter((c) => c.kind === 'role');
  const flows = flowsInSheetOrder(sop);
  const stepNumbers = new Map(
    Object.values(sop.flows).flatMap((f) =>
      Object.entries(f.steps).map(([id, s]): [string, number] => [id, s.number]),
    ),
  );
  const { rows, notes, flowRows } = tableRows({ sop, lang, L, columns, stepNumbers }, flows, tableW);

  // Title block, then a two-line header (the role names may wrap), then the rows.
  const titleLines = wrapText(sop.metadata.procedureTitle ?? sop.title, tableW, 13, 'bold');
  const subtitleParts = [
    sop.metadata.agency,
    sop.metadata.number ? `${L.number}: ${sop.metadata.number}` : null,
  ]
    .filter((s): s is string => !!s)
    .join(' · ');
  const subtitleLines = subtitleParts ? wrapText(subtitleParts, tableW, FS) : [];
  const titleY = MARGIN;
  const headerY = titleY + titleLines.length * 16 + subtitleLines.length * LH + 8;
  const head1H = 20;
  const roleHeaderLines = new Map(
    roles.map((r) => [r, wrapText(sop.roles[r]!.name, laneWidth(roles.length) - 2 * PAD, FS_HEAD, 'bold')]),
  );
  const head2Lines = Math.max(1, ...[...roleHeaderLines.values()].map((l) => l.length));
  const head2H = head2Lines * LH + 2 * PAD;
  const tableBottom = placeRows(rows, headerY + (head1H + head2H));

  const { nodes, copies } = placeSymbols(sop, rows, lanes);
  const { starts, ends } = placeTerminators(flows, rows, flowRows, lanes, nodes);
  return {
    sop,
    lang,
    L,
    idPrefix: `sop-${sop.key.replace(/[^a-z0-9-]/g, '-')}`,
    roles,
    columns,
    lanes,
    tableW,
    width,
    flows,
    rows,
    notes,
    stepNumbers,
    titleLines,
    subtitleLines,
    titleY,
    headerY,
    head1H,
    head2H,
    roleHeaderLines,
    tableBottom,
    nodes,
    copies,
    starts,
    ends,
  };
}
