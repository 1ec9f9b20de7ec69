// What the chart's table says: one row per step (its number, activity, Mutu Baku and
// remarks, wrapped to their columns), a join row after each parallel step's branches, a
// section row per flow where there are several, and the notes the remarks point to.
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
import { channelNames, type Labels, type Lang, roleNames } from '../labels';
import { wrapText } from '../text';
import {
  BAND,
  type CellKind,
  type Column,
  column,
  FS,
  letter,
  type Note,
  PAD,
  type Row,
  type StepRow,
  stepNumber,
  type JoinRow,
} from './chart';

/** Flows in the order the paper shows them: by their lowest step number. */
export function flowsInSheetOrder(sop: CompiledSop): CompiledFlow[] {
  const flows = sop.flowOrder.map((id) => sop.flows[id]!);
  const minNumber = (f: CompiledFlow) => Math.min(...Object.values(f.steps).map((s) => s.number));
  return flows
    .map((f, i) => ({ f, i, m: minNumber(f) }))
    .sort((a, b) => a.m - b.m || a.i - b.i)
    .map((x) => x.f);
}

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

interface RowContext {
  sop: CompiledSop;
  lang: Lang;
  L: Labels;
  columns: Column[];
  stepNumbers: Map<string, number>;
  /** Filled as rows are written, so references number in reading order. */
  notes: Note[];
}

/** The Keterangan cell: where the step hands over, its branches, outcomes and note. */
function remarksFor(ctx: RowContext, step: CompiledStep, flow: CompiledFlow): string[] {
  const { sop, lang, L, notes } = ctx;
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
  if (step.outcomes?.sendBack) out.push(L.backTo(stepNumber(ctx.stepNumbers, step.outcomes.sendBack.to)));
  if (step.outcomes?.postpone) out.push(L.postponeRemark);
  if (step.outcomes?.reject) out.push(L.rejectRemark);
  if (step.optional) out.push(L.optional);
  if (step.note) {
    const ref = notes.length + 1;
    notes.push({ ref, label: `${L.no}. ${step.number}`, text: step.note });
    out.push(`${L.note} ${ref}${step.inferred ? '*' : ''}`);
  }
  return out;
}

const textW = (ctx: RowContext, kind: CellKind) => column(ctx.columns, kind).w - 2 * PAD;
const cellLines = (ctx: RowContext, kind: CellKind, text: string) => wrapText(text, textW(ctx, kind), FS);

function stepRow(
  ctx: RowContext,
  step: CompiledStep,
  flow: CompiledFlow,
  branchLabel: string | null,
): StepRow {
  const { lang, L } = ctx;
  const timeText = step.time
    ? [
        formatTimeStandard(step.time, lang),
        ...(step.extension ? [L.extension(step.extension.max, formatDuration(step.extension.by, lang))] : []),
      ].join('\n')
    : '';
  const inputs =
    step.inputs.length > 1 ? step.inputs.map((i) => `• ${i}`).join('\n') : (step.inputs[0] ?? '');
  const cells: StepRow['cells'] = {
    no: [String(step.number)],
    activity: [
      ...(branchLabel ? cellLines(ctx, 'activity', branchLabel) : []),
      ...cellLines(ctx, 'activity', step.description),
    ],
    inputs: cellLines(ctx, 'inputs', inputs),
    time: cellLines(ctx, 'time', timeText),
    output: cellLines(ctx, 'output', step.output ?? ''),
    remarks: cellLines(ctx, 'remarks', remarksFor(ctx, step, flow).join('\n')),
  };
  return { type: 'step', step, flow, y: 0, h: 0, bandTop: 0, bandBottom: 0, cells };
}

function sectionRow(ctx: RowContext, flow: CompiledFlow, tableW: number): Row {
  const { lang, L, notes } = ctx;
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
  return { type: 'section', flow, y: 0, h: 0, lines: wrapText(text, tableW - 2 * PAD, FS, 'bold') };
}

/** A parallel step's row, its branches' rows (each branch labelled on its first), then its join. */
function flowRowsOf(ctx: RowContext, flow: CompiledFlow): Row[] {
  const rows: Row[] = [];
  for (const id of flow.order) {
    const step = flow.steps[id]!;
    rows.push(stepRow(ctx, step, flow, null));
    if (step.parallel) {
      step.parallel.branches.forEach((b, bi) => {
        b.steps.forEach((sid, si) => {
          const label = si === 0 ? `[${ctx.L.branch} ${bi + 1}${b.name ? `: ${b.name}` : ''}]` : null;
          rows.push(stepRow(ctx, flow.steps[sid]!, flow, label));
        });
      });
      const joinText = step.parallel.join === 'any' ? ctx.L.joinAny : ctx.L.joinAll;
      rows.push({
        type: 'join',
        parent: step,
        flow,
        y: 0,
        h: 0,
        bandTop: 0,
        bandBottom: 0,
        lines: cellLines(ctx, 'activity', joinText),
      });
    }
  }
  return rows;
}

/**
 * The table's rows in sheet order, not yet placed (y and h are 0), with room for the
 * terminators: MULAI above each flow's first step, SELESAI below its last row.
 */
export function tableRows(
  ctx: Omit<RowContext, 'notes'>,
  flows: CompiledFlow[],
  tableW: number,
): { rows: Row[]; notes: Note[]; flowRows: Map<string, number[]> } {
  const full: RowContext = { ...ctx, notes: [] };
  const showSections = flows.length > 1;
  const rows: Row[] = [];
  for (const flow of flows) {
    if (showSections) rows.push(sectionRow(full, flow, tableW));
    rows.push(...flowRowsOf(full, flow));
  }
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
  return { rows, notes: full.notes, flowRows };
}
