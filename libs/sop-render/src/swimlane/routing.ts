// The chart's connectors: which symbols are joined (a flow's order, its branches, a
// review's Ya/Tidak/Ditolak/Ditunda outcomes) and the orthogonal path each connector takes
// through the lanes, with its label. Geometry only: drawing.ts writes the SVG.
import { type Chart, type GNode, laneCx, lanesOf, letter } from './chart';
import { n } from '../text';

interface Edge {
  from: GNode;
  to: GNode;
  label?: string;
  back?: boolean;
  /** A review's rejection: leaves by the side its send-back does not use. */
  reject?: 'left' | 'right';
}

/** A postponement: the run waits at the step, drawn as a loop back into it. */
interface Loop {
  node: GNode;
  label: string;
}

export interface Connector {
  /** SVG path data. */
  d: string;
  cls: string;
  dashed?: boolean;
}

export interface EdgeLabel {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
}

export interface Routes {
  connectors: Connector[];
  labels: EdgeLabel[];
}

type Side = 'left' | 'right';

/** The connectors a flow's steps call for, in the order the routing should claim lanes. */
function chartEdges(chart: Chart): { edges: Edge[]; loops: Loop[] } {
  const { flows, nodes, starts, ends, lanes, L } = chart;
  const edges: Edge[] = [];
  const loops: Loop[] = [];
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
        const right = Math.max(...lanesOf(lanes, step));
        loops.push({ node: { ...from, cx: laneCx(lanes, right) }, label: L.postponed });
      }
    }
  }
  return { edges, loops };
}

const top = (g: GNode) => g.cy - g.hh;
const bottom = (g: GNode) => g.cy + g.hh;
/** Where a vertical leaves or enters a symbol: its centre, or near `px` along a bar. */
const clampX = (g: GNode, px: number) =>
  g.shape === 'bar' ? Math.min(Math.max(px, g.x0! + 4), g.x1! - 4) : g.cx;
const sideX = (g: GNode, side: Side) => (side === 'left' ? g.cx - g.hw : g.cx + g.hw);

/** Routes edges one at a time: each claims the next free vertical lane in a column margin. */
class Router {
  readonly connectors: Connector[] = [];
  readonly labels: EdgeLabel[] = [];
  private readonly laneUse = new Map<string, number>();

  constructor(private readonly chart: Chart) {}

  /** The x of the next vertical in the margin on `side` of lane `colIdx` (three, then reused). */
  private lane(colIdx: number, side: Side): number {
    const key = `${colIdx}:${side}`;
    const k = this.laneUse.get(key) ?? 0;
    this.laneUse.set(key, k + 1);
    const c = this.chart.lanes[colIdx]!;
    const offset = 8 + (k % 3) * 4;
    return side === 'left' ? c.x + offset : c.x + c.w - offset;
  }

  private path(d: string, cls = 'edge'): void {
    this.connectors.push({ d, cls });
  }

  private label(text: string | undefined, x: number, y: number, anchor: EdgeLabel['anchor']): void {
    if (text) this.labels.push({ text, x, y, anchor });
  }

  private rowTop(g: GNode): number | null {
    return Number.isInteger(g.row) ? this.chart.rows[g.row]!.y : null;
  }

  private rowBottom(g: GNode): number {
    const r = this.chart.rows[Math.floor(g.row)];
    return r ? r.y + r.h : bottom(g) + 16;
  }

  route(e: Edge): void {
    const { from: a, to: b } = e;
    const forward = top(b) > bottom(a) - 0.5 && !e.back;
    if (e.reject) this.reject(e, e.reject);
    else if (forward && b.row - a.row <= 1) this.adjacent(e);
    else if (forward) this.down(e);
    else this.up(e);
  }

  /** Out of the free vertex, down the review's own column margin, into the terminator's side. */
  private reject({ from: a, to: b, label }: Edge, side: Side): void {
    const ax = sideX(a, side);
    const lx = this.lane(a.col, side);
    const enter: Side = b.cx < lx ? 'right' : 'left';
    this.path(`M${n(ax)},${n(a.cy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, enter))}`, 'edge edge-reject');
    this.label(label, side === 'left' ? ax - 3 : ax + 3, a.cy - 3, side === 'left' ? 'end' : 'start');
  }

  /** Into the next row: straight down, or down, across and down. */
  private adjacent({ from: a, to: b, label }: Edge): void {
    const y1 = bottom(a);
    const ax = clampX(a, b.cx);
    const bx = clampX(b, ax);
    const y2 = top(b);
    if (Math.abs(ax - bx) < 0.5) {
      this.path(`M${n(ax)},${n(y1)} V${n(y2)}`);
      this.label(label, ax + 3, y1 + 9, 'start');
      return;
    }
    // Turn away from the row rule, so the connector never runs along a grid line.
    const boundary = b.row !== a.row ? this.rowTop(b) : null;
    const turn =
      boundary !== null && y2 - boundary >= 10
        ? (boundary + y2) / 2
        : boundary !== null && boundary - y1 >= 10
          ? (y1 + boundary) / 2
          : (y1 + y2) / 2;
    this.path(`M${n(ax)},${n(y1)} V${n(turn)} H${n(bx)} V${n(y2)}`);
    this.label(label, bx > ax ? ax + 3 : ax - 3, turn - 3, bx > ax ? 'start' : 'end');
  }

  /** Down past other rows: along a column margin, entering the target from the side. */
  private down({ from: a, to: b, label }: Edge): void {
    const y1 = bottom(a);
    const hy = y1 + Math.min(8, (this.rowBottom(a) - y1) / 2);
    if (b.shape === 'bar') {
      const lx = this.lane(a.col, 'left');
      this.path(`M${n(a.cx)},${n(y1)} V${n(hy)} H${n(lx)} V${n(top(b))}`);
      this.label(label, a.cx - 3, hy - 3, 'end');
      return;
    }
    const side: Side = b.cx > a.cx + 0.5 ? 'left' : 'right';
    const lx = this.lane(b.col, side);
    if (a.shape === 'bar') {
      this.path(`M${n(lx)},${n(y1)} V${n(b.cy)} H${n(sideX(b, side))}`);
      return;
    }
    this.path(`M${n(a.cx)},${n(y1)} V${n(hy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, side))}`);
    this.label(label, lx > a.cx ? a.cx + 3 : a.cx - 3, hy - 3, lx > a.cx ? 'start' : 'end');
  }

  /**
   * Back up the chart (send-back or a loop): leave the source by the side facing the
   * target, climb a lane in the target's column, and enter the target from that side.
   * A review that is both a send-back source and target thus uses one vertex for each.
   */
  private up({ from: a, to: b, label }: Edge): void {
    const exit: Side = b.cx > a.cx + 0.5 ? 'right' : 'left';
    const laneSide: Side = Math.abs(b.cx - a.cx) < 0.5 ? 'left' : exit === 'left' ? 'right' : 'left';
    const lx = this.lane(b.col, laneSide);
    const ax = sideX(a, exit);
    this.path(`M${n(ax)},${n(a.cy)} H${n(lx)} V${n(b.cy)} H${n(sideX(b, laneSide))}`, 'edge edge-back');
    this.label(label, exit === 'left' ? ax - 3 : ax + 3, a.cy - 3, exit === 'left' ? 'end' : 'start');
  }

  /** Postpone: a loop from the right vertex back into the top, "the run waits here". */
  loop({ node, label }: Loop): void {
    const rx = node.cx + node.hw;
    const lx = rx + 9;
    const ty = top(node);
    this.connectors.push({
      d: `M${n(rx)},${n(node.cy)} H${n(lx)} V${n(ty - 7)} H${n(node.cx + 4)} V${n(ty - 1)}`,
      cls: 'edge edge-postpone',
      dashed: true,
    });
    this.label(label, lx + 3, node.cy + 3, 'start');
  }
}

export function routeConnectors(chart: Chart): Routes {
  const { edges, loops } = chartEdges(chart);
  const router = new Router(chart);
  for (const e of edges) router.route(e);
  for (const l of loops) router.loop(l);
  return { connectors: router.connectors, labels: router.labels };
}
