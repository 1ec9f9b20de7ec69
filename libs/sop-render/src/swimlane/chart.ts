// The chart's vocabulary, shared by its three stages: the layout places rows, lanes and
// symbols (layout.ts, rows.ts), the routing joins symbols with connectors (routing.ts), and
// the drawing turns all of it into SVG (drawing.ts). Sizes are in SVG user units.
import type { CompiledFlow, CompiledSop, CompiledStep } from '@tatalaman/sop-language';
import type { Labels, Lang } from '../labels';

/** Body text size and line height. */
export const FS = 9.5;
export const LH = 12;
/** Padding inside a cell. */
export const PAD = 5;
export const FS_HEAD = 9.5;
export const FS_LABEL = 8;
export const FS_NUMBER = 9;
/** Height of the band a MULAI/SELESAI terminator takes above or below a flow's rows. */
export const BAND = 30;
/** Height a step row keeps free for its symbol, whatever its text. */
export const MIN_SYMBOL_AREA = 64;
export const MARGIN = 16;
export const STROKE = '#1f2937';

export type CellKind = 'no' | 'activity' | 'role' | 'inputs' | 'time' | 'output' | 'remarks';

export interface Column {
  kind: CellKind;
  x: number;
  w: number;
  role?: string;
}

export interface StepRow {
  type: 'step';
  step: CompiledStep;
  flow: CompiledFlow;
  y: number;
  h: number;
  bandTop: number;
  bandBottom: number;
  cells: Partial<Record<CellKind, string[]>>;
}

export interface JoinRow {
  type: 'join';
  parent: CompiledStep;
  flow: CompiledFlow;
  y: number;
  h: number;
  bandTop: number;
  bandBottom: number;
  lines: string[];
}

export interface SectionRow {
  type: 'section';
  flow: CompiledFlow;
  y: number;
  h: number;
  lines: string[];
}

export type Row = StepRow | JoinRow | SectionRow;

/** A footnote the remarks point to, printed under the chart. */
export interface Note {
  ref: number;
  label: string;
  text: string;
}

export type Shape = 'rect' | 'auto' | 'diamond' | 'document' | 'bar' | 'capsule';

export interface GNode {
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

/** A step's symbol, drawn once in each of the lanes in `cols` (a step shared by roles). */
export interface SymbolCopies {
  node: GNode;
  cols: number[];
  step: CompiledStep;
}

/** The placed chart: everything routing and drawing need, in user units. */
export interface Chart {
  sop: CompiledSop;
  lang: Lang;
  L: Labels;
  /** Prefix of the element ids, so several charts can share one page. */
  idPrefix: string;
  roles: string[];
  columns: Column[];
  /** The role columns (lanes), in the order of `roles`. */
  lanes: Column[];
  tableW: number;
  width: number;
  flows: CompiledFlow[];
  rows: Row[];
  notes: Note[];
  stepNumbers: Map<string, number>;
  titleLines: string[];
  subtitleLines: string[];
  titleY: number;
  headerY: number;
  head1H: number;
  head2H: number;
  roleHeaderLines: Map<string, string[]>;
  tableBottom: number;
  /** Symbols by step id; a parallel step's join bar is `<id>#join`. */
  nodes: Map<string, GNode>;
  copies: SymbolCopies[];
  starts: Map<string, GNode>;
  ends: Map<string, GNode>;
}

export const letter = (i: number) => String.fromCharCode(97 + (i % 26));

export const column = (columns: Column[], kind: CellKind) => columns.find((c) => c.kind === kind)!;

/** The x of lane `i`'s centre line. */
export const laneCx = (lanes: Column[], i: number) => lanes[i]!.x + lanes[i]!.w / 2;

/** The lanes a step's symbol stands in: its actors', else its recipients', else the first. */
export function lanesOf(lanes: Column[], step: CompiledStep): number[] {
  const codes = step.actors.length > 0 ? step.actors : step.recipients;
  const idx = codes.map((code) => lanes.findIndex((c) => c.role === code));
  return idx.length > 0 ? idx : [0];
}

/** A step's printed number by its id (0 when no flow has it). */
export const stepNumber = (numbers: Map<string, number>, id: string) => numbers.get(id) ?? 0;
