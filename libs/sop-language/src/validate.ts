// Semantic checks on a definition whose shape is already valid: references,
// step kinds, transitions, reachability, loops, send-backs, time standards,
// schedules and limits. Produces the analysis the compiler builds on.
import { M, type Problem } from './messages';
import type {
  BranchStepSource,
  ConditionSource,
  EscalationSource,
  FlowSource,
  ScheduleSource,
  SopSource,
  StepSource,
} from './model';
import { diagnosticAt, formatPath, type LoadedSource, type PathSegment } from './source';
import { formatDuration, nominalMinutes, parseDuration, parseTimeStandard } from './time';
import type { Diagnostic, Duration, StepKind, TimeStandard } from './types';
import {
  AUTOMATIC_ACTIONS,
  CHANNELS,
  CONTENT_TYPES,
  STANDARD_FIELDS,
  LIMITS,
  REPORT_CODES,
  RESERVED_STEP_IDS,
} from './vocabulary';

export const END = 'end';
export const JOIN = 'join';
const REJECT = '@reject';

export interface ScopeInfo {
  flow: string;
  /** The parallel step owning this branch, or null for a flow's top level. */
  parent: string | null;
  branchIndex: number | null;
  steps: StepInfo[];
  /** Where the last step goes: `end` at the top level, `join` in a branch. */
  finish: typeof END | typeof JOIN;
}

export interface StepInfo {
  id: string;
  step: StepSource | BranchStepSource;
  path: PathSegment[];
  flow: string;
  scope: ScopeInfo;
  index: number;
  number: number;
  kind: StepKind;
  actors: string[];
  recipients: string[];
  time: TimeStandard | null;
  /** Resolved `next`: guarded branches with targets (step id, `end` or `join`); always ends unconditional. */
  next: { when: ConditionSource | null; to: string }[];
  branches: ScopeInfo[];
}

export interface Analysis {
  steps: Map<string, StepInfo>;
  flows: Map<string, { source: FlowSource; top: ScopeInfo }>;
  flowOrder: string[];
  contentTypes: string[];
  times: Map<string, TimeStandard>;
  durations: Map<string, Duration>;
  /** For durations that say "kalender" (true) or "kerja" (false); absent: as the time standard they belong to. */
  durationCalendars: Map<string, boolean>;
}

export interface ValidationResult {
  errors: Diagnostic[];
  warnings: Diagnostic[];
  analysis: Analysis;
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

export function isValidTimeZone(zone: string): boolean {
  if (!/^(?:UTC|[A-Za-z][A-Za-z_+-]*(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  if (d === undefined) return true;
  const dt = new Date(Date.UTC(y!, m! - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m! - 1 && dt.getUTCDate() === d;
}

export function validateSemantics(def: SopSource, source: LoadedSource): ValidationResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const err = (problem: Problem, path: readonly PathSegment[], key = false) =>
    errors.push(diagnosticAt(source, problem, path, { key }));
  const warn = (problem: Problem, path: readonly PathSegment[], key = false) =>
    warnings.push(diagnosticAt(source, problem, path, { key }));

  const analysis: Analysis = {
    steps: new Map(),
    flows: new Map(),
    flowOrder: [],
    contentTypes: [],
    times: new Map(),
    durations: new Map(),
    durationCalendars: new Map(),
  };
  const lang = def.language ?? 'id';

  // --- definition-level ---
  if (!isValidTimeZone(def.timeZone)) err(M.timeZoneInvalid(def.timeZone), ['timeZone']);

  const roleCodes = new Map<string, number>();
  def.roles.forEach((role, i) => {
    const first = roleCodes.get(role.code);
    if (first !== undefined)
      err(M.roleDuplicate(role.code, formatPath(['roles', first, 'code'])), ['roles', i, 'code']);
    else roleCodes.set(role.code, i);
  });
  const knownRoles = [...roleCodes.keys()];
  const checkRoles = (value: string | string[] | undefined, path: PathSegment[]) => {
    if (value === undefined) return;
    const listed = Array.isArray(value);
    asList(value).forEach((code, i) => {
      if (!roleCodes.has(code)) err(M.roleUnknown(code, knownRoles), listed ? [...path, i] : path);
    });
  };

  const seenTypes = new Set<string>();
  (def.contentTypes ?? []).forEach((ct, i) => {
    const code = typeof ct === 'string' ? ct : ct.code;
    if (seenTypes.has(code)) err(M.contentTypeDuplicate(code), ['contentTypes', i]);
    seenTypes.add(code);
    if (typeof ct === 'string') return;
    const builtIn = STANDARD_FIELDS[code];
    const seenFields = new Map<string, number>();
    (ct.fields ?? []).forEach((f, j) => {
      const path: PathSegment[] = ['contentTypes', i, 'fields', j, 'key'];
      const first = seenFields.get(f.key);
      if (first !== undefined)
        err(M.contentFieldDuplicate(f.key, formatPath(['contentTypes', i, 'fields', first, 'key'])), path);
      else seenFields.set(f.key, j);
      // A standard type's fields are fixed (content refuses other keys): a typo would never match.
      if (builtIn && !builtIn.includes(f.key)) err(M.contentFieldUnknown(code, f.key, builtIn), path);
    });
  });
  analysis.contentTypes = [...seenTypes];
  const conditionTypes = seenTypes.size > 0 ? [...seenTypes] : Object.keys(CONTENT_TYPES);

  const parseTime = (value: StepSource['time'], path: PathSegment[]): TimeStandard | null => {
    if (value === undefined) return null;
    const r = parseTimeStandard(value, lang);
    if (!r.ok) {
      err(r.error, path);
      return null;
    }
    analysis.times.set(formatPath(path), r.value);
    return r.value;
  };
  const parseDur = (value: string | undefined, path: PathSegment[]): Duration | null => {
    if (value === undefined) return null;
    const r = parseDuration(value);
    if (!r.ok) {
      err(r.error, path);
      return null;
    }
    analysis.durations.set(formatPath(path), r.value.duration);
    if (r.value.calendar !== undefined) analysis.durationCalendars.set(formatPath(path), r.value.calendar);
    return r.value.duration;
  };
  const checkEscalation = (
    esc: EscalationSource | undefined,
    path: PathSegment[],
    limit: Duration | null,
  ) => {
    if (!esc) return;
    checkRoles(esc.notify, [...path, 'notify']);
    const remind = parseDur(esc.remindBefore, [...path, 'remindBefore']);
    if (remind && limit && nominalMinutes(remind) >= nominalMinutes(limit)) {
      warn(M.remindTooLate(esc.remindBefore!, formatDuration(limit, lang)), [...path, 'remindBefore']);
    }
  };
  checkEscalation(def.escalation, ['escalation'], null);

  const md = def.metadata;
  if (md) {
    const dates = md.dates ?? {};
    for (const k of ['made', 'revised', 'effective', 'ratified'] as const) {
      const v = dates[k];
      if (typeof v === 'string' && !isRealDate(v)) err(M.dateInvalid(v), ['metadata', 'dates', k]);
    }
    for (const k of ['effective', 'ratified'] as const) {
      const v = dates[k];
      if (
        typeof v === 'string' &&
        typeof dates.made === 'string' &&
        v.slice(0, 10) < dates.made.slice(0, v.length)
      ) {
        warn(M.dateOrder(k, 'made'), ['metadata', 'dates', k]);
      }
    }
    (md.records ?? []).forEach((r, i) => {
      if (r.report && !REPORT_CODES[r.report]) {
        warn(M.unknownReport(r.report, Object.keys(REPORT_CODES)), ['metadata', 'records', i, 'report']);
      }
    });
  }

  // --- flows and steps: collect ---
  const flowIds = Object.keys(def.flows);
  const orderedFlowIds = ['item', ...flowIds.filter((f) => f !== 'item')];
  analysis.flowOrder = orderedFlowIds;
  if (flowIds.length > LIMITS.flows) err(M.tooManyFlows(flowIds.length, LIMITS.flows), ['flows']);
  const stepPaths = new Map<string, PathSegment[]>();
  let totalSteps = 0;
  // Flows whose transitions could not all be resolved: their graph checks would only
  // repeat the same mistake as "unreachable" or "never ends", so they are skipped.
  const brokenFlows = new Set<string>();

  const collectScope = (
    flow: string,
    list: (StepSource | BranchStepSource)[],
    basePath: PathSegment[],
    parent: string | null,
    branchIndex: number | null,
  ): ScopeInfo => {
    const scope: ScopeInfo = { flow, parent, branchIndex, steps: [], finish: parent === null ? END : JOIN };
    list.forEach((step, index) => {
      totalSteps++;
      const path = [...basePath, index];
      const kind = (step.kind ?? 'work') as StepKind;
      const info: StepInfo = {
        id: step.id,
        step,
        path,
        flow,
        scope,
        index,
        number: 0,
        kind,
        actors: asList(step.actors),
        recipients: asList(step.recipients),
        time: null,
        next: [],
        branches: [],
      };
      scope.steps.push(info);
      if ((RESERVED_STEP_IDS as readonly string[]).includes(step.id)) {
        err(M.stepReservedId(step.id), [...path, 'id']);
        brokenFlows.add(flow);
      }
      const first = stepPaths.get(step.id);
      if (first) {
        err(M.stepDuplicate(step.id, formatPath(first)), [...path, 'id']);
        brokenFlows.add(flow);
        const other = analysis.steps.get(step.id);
        if (other) brokenFlows.add(other.flow);
      } else {
        stepPaths.set(step.id, path);
        analysis.steps.set(step.id, info);
      }
      if ('branches' in step && step.branches) {
        if (parent !== null) err(M.nestedParallel(), [...path, 'branches']);
        step.branches.forEach((b, bi) => {
          info.branches.push(collectScope(flow, b.steps, [...path, 'branches', bi, 'steps'], step.id, bi));
        });
      } else if (kind === 'parallel' && parent !== null) {
        err(M.nestedParallel(), [...path, 'kind']);
      }
    });
    return scope;
  };

  for (const flowId of orderedFlowIds) {
    const flow = def.flows[flowId]!;
    if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(flowId) || flowId.length > LIMITS.idLength) {
      err(M.flowIdFormat(flowId), ['flows', flowId], true);
    }
    const top = collectScope(flowId, flow.steps, ['flows', flowId, 'steps'], null, null);
    analysis.flows.set(flowId, { source: flow, top });
    if (flowId === 'item' && flow.schedule) err(M.itemSchedule(), ['flows', 'item', 'schedule'], true);
    if (flow.schedule) checkSchedule(flow.schedule, ['flows', flowId, 'schedule'], err);
  }
  if (totalSteps > LIMITS.steps) err(M.tooManySteps(totalSteps, LIMITS.steps), ['flows']);

  // Numbers: as written, or counted on from the previous step of the same list.
  const numbersByFlow = new Map<string, Map<number, string>>();
  const numberScope = (scope: ScopeInfo, startAt: number): number => {
    let n = startAt;
    for (const info of scope.steps) {
      n = info.step.number ?? n + 1;
      info.number = n;
      const seen = numbersByFlow.get(scope.flow) ?? new Map<number, string>();
      numbersByFlow.set(scope.flow, seen);
      const firstId = seen.get(n);
      if (firstId !== undefined && firstId !== info.id && info.step.number !== undefined) {
        warn(M.stepNumberDuplicate(n, firstId), [...info.path, 'number']);
      } else if (firstId === undefined) seen.set(n, info.id);
      for (const b of info.branches) n = Math.max(n, numberScope(b, n));
    }
    return n;
  };
  for (const flowId of orderedFlowIds) numberScope(analysis.flows.get(flowId)!.top, 0);

  // --- per step ---
  const scopeOf = (id: string) => analysis.steps.get(id)?.scope;
  const resolveTarget = (target: string, from: StepInfo, path: PathSegment[]): string | null => {
    const to = resolveTargetOrReport(target, from, path);
    if (to === null) brokenFlows.add(from.flow);
    return to;
  };
  const resolveTargetOrReport = (target: string, from: StepInfo, path: PathSegment[]): string | null => {
    if (target === END) {
      if (from.scope.parent !== null) {
        err(M.endInBranch(), path);
        return null;
      }
      return END;
    }
    const t = analysis.steps.get(target);
    if (!t) {
      err(M.stepUnknown(target, from.flow), path);
      return null;
    }
    if (t.flow !== from.flow) {
      err(M.stepOtherFlow(target, t.flow, from.flow), path);
      return null;
    }
    if (t.scope !== from.scope) {
      err(M.stepOutsideBranch(target), path);
      return null;
    }
    return target;
  };

  const only = (info: StepInfo, field: string, kinds: StepKind[]) => {
    if ((info.step as Record<string, unknown>)[field] !== undefined && !kinds.includes(info.kind)) {
      err(M.fieldNotForKind(field, kinds), [...info.path, field], true);
    }
  };
  const needs = (info: StepInfo, field: string, present: boolean) => {
    if (!present) err(M.fieldRequiredForKind(field, info.kind), info.path);
  };

  for (const info of analysis.steps.values()) {
    const s = info.step;
    const p = info.path;
    checkRoles(s.actors, [...p, 'actors']);
    checkRoles(s.recipients, [...p, 'recipients']);
    info.time = parseTime(s.time, [...p, 'time']);

    if (['work', 'review', 'publish'].includes(info.kind)) needs(info, 'actors', info.actors.length > 0);
    only(info, 'recipients', ['handoff', 'automatic']);
    if (info.kind === 'handoff') needs(info, 'recipients', info.recipients.length > 0);
    only(info, 'outcomes', ['review']);
    only(info, 'channels', ['publish']);
    if (info.kind === 'publish') needs(info, 'channels', (s.channels ?? []).length > 0);
    (s.channels ?? []).forEach((c, i) => {
      if (!CHANNELS[c]) warn(M.unknownChannel(c, Object.keys(CHANNELS)), [...p, 'channels', i]);
    });
    only(info, 'action', ['automatic']);
    only(info, 'report', ['automatic']);
    if (info.kind === 'automatic') {
      needs(info, 'action', s.action !== undefined);
      if (s.action !== undefined && !AUTOMATIC_ACTIONS[s.action]) {
        err(M.unknownAction(s.action, Object.keys(AUTOMATIC_ACTIONS)), [...p, 'action']);
      }
      if (s.action === 'generate-report' && s.report === undefined) err(M.reportNeeded(), [...p, 'action']);
      if (s.action === 'notify' && info.recipients.length === 0)
        err(M.notifyNeedsRecipients(), [...p, 'action']);
    }
    if (s.report !== undefined && !REPORT_CODES[s.report]) {
      warn(M.unknownReport(s.report, Object.keys(REPORT_CODES)), [...p, 'report']);
    }
    only(info, 'branches', ['parallel']);
    only(info, 'join', ['parallel']);
    if (info.kind === 'parallel' && info.scope.parent === null) {
      needs(info, 'branches', 'branches' in s && s.branches !== undefined);
    }
    only(info, 'extension', ['work', 'review', 'publish']);
    only(info, 'escalation', ['work', 'review', 'publish']);
    if (s.extension) {
      if (!s.time) err(M.extensionWithoutTime(), [...p, 'extension'], true);
      parseDur(s.extension.by, [...p, 'extension', 'by']);
    }
    if (s.escalation) {
      if (!s.time && ['work', 'review', 'publish'].includes(info.kind)) {
        warn(M.escalationWithoutTime(), [...p, 'escalation'], true);
      }
      checkEscalation(s.escalation, [...p, 'escalation'], info.time?.limit ?? null);
    }
    if (info.kind === 'review') {
      const o = s.outcomes;
      if (!o || (!o.sendBack && !o.postpone && !o.reject)) warn(M.reviewNoOutcome(), [...p, 'kind']);
    }

    // Transitions.
    if (s.end !== undefined && s.next !== undefined) err(M.endAndNext(), [...p, 'end'], true);
    const following = info.scope.steps[info.index + 1]?.id ?? info.scope.finish;
    if (s.end) {
      if (info.scope.parent !== null) {
        err(M.endInBranch(), [...p, 'end'], true);
        brokenFlows.add(info.flow);
      }
      info.next = [{ when: null, to: END }];
    } else if (s.next === undefined) {
      info.next = [{ when: null, to: following }];
    } else if (typeof s.next === 'string') {
      const to = resolveTarget(s.next, info, [...p, 'next']);
      info.next = to ? [{ when: null, to }] : [];
    } else {
      const branches = s.next;
      const fallbackAt = branches.findIndex((b) => b.when === undefined);
      if (fallbackAt >= 0 && fallbackAt < branches.length - 1)
        err(M.fallbackNotLast(), [...p, 'next', fallbackAt]);
      branches.forEach((b, bi) => {
        const bp = [...p, 'next', bi];
        if (b.when !== undefined) checkCondition(b.when, [...bp, 'when'], 1);
        const to = resolveTarget(b.to, info, [...bp, 'to']);
        if (to) info.next.push({ when: b.when ?? null, to });
      });
      if (fallbackAt < 0) info.next.push({ when: null, to: following });
    }
  }

  function checkCondition(c: ConditionSource, path: PathSegment[], depth: number): void {
    if (depth > LIMITS.conditionDepth) {
      err(M.conditionTooDeep(LIMITS.conditionDepth), path);
      return;
    }
    if (Object.keys(c).length === 0) err(M.conditionEmpty(), path);
    const types = c.contentType;
    asList(types).forEach((code, i) => {
      if (!conditionTypes.includes(code)) {
        warn(
          M.unknownContentType(code, conditionTypes),
          Array.isArray(types) ? [...path, 'contentType', i] : [...path, 'contentType'],
        );
      }
    });
    (c.all ?? []).forEach((x, i) => checkCondition(x, [...path, 'all', i], depth + 1));
    (c.any ?? []).forEach((x, i) => checkCondition(x, [...path, 'any', i], depth + 1));
    if (c.not) checkCondition(c.not, [...path, 'not'], depth + 1);
  }

  // --- graph checks per scope ---
  const scopes: ScopeInfo[] = [];
  for (const flowId of orderedFlowIds) {
    const collect = (scope: ScopeInfo) => {
      scopes.push(scope);
      scope.steps.forEach((s) => s.branches.forEach(collect));
    };
    collect(analysis.flows.get(flowId)!.top);
  }

  const forwardEdges = (info: StepInfo): string[] => info.next.map((n) => n.to);
  const allEdges = (info: StepInfo): string[] => {
    const edges = forwardEdges(info);
    const o = info.kind === 'review' ? info.step.outcomes : undefined;
    if (o?.sendBack && scopeOf(o.sendBack.to) === info.scope) edges.push(o.sendBack.to);
    if (o?.reject) edges.push(REJECT);
    return edges;
  };

  const allHandoffs = (b: ScopeInfo) => b.steps.every((x) => x.kind === 'handoff');
  /** Steps the platform finishes within the decision that opened them: hand-offs, and parallel steps of them only. */
  const instant = (info: StepInfo): boolean =>
    info.kind === 'handoff' ||
    (info.kind === 'parallel' &&
      info.branches.length > 0 &&
      ('join' in info.step && info.step.join === 'any'
        ? info.branches.some(allHandoffs)
        : info.branches.every(allHandoffs)));

  for (const scope of scopes) {
    const graphChecks = !brokenFlows.has(scope.flow);
    const ids = new Set(scope.steps.map((s) => s.id));
    const byId = new Map(scope.steps.map((s) => [s.id, s]));
    const start = scope.steps[0];
    if (!start) continue;
    const reach = (from: string, edges: (i: StepInfo) => string[]): Set<string> => {
      const seen = new Set<string>([from]);
      const queue = [from];
      while (queue.length > 0) {
        const cur = byId.get(queue.shift()!);
        if (!cur) continue;
        for (const t of edges(cur)) {
          if (!seen.has(t)) {
            seen.add(t);
            queue.push(t);
          }
        }
      }
      return seen;
    };
    const reachable = reach(start.id, allEdges);
    for (const s of scope.steps) {
      if (graphChecks && !reachable.has(s.id) && analysis.steps.get(s.id) === s) {
        err(M.stepUnreachable(s.id, s.number), s.path);
      }
    }
    if (graphChecks && !reachable.has(scope.finish)) {
      if (scope.parent === null) err(M.noEnd(scope.flow), ['flows', scope.flow, 'steps'], true);
      else err(M.branchNoEnd(scope.parent, scope.branchIndex!), analysis.steps.get(scope.parent)!.path);
    }
    // Loops with no way out: strongly connected groups no edge leaves.
    const reachFrom = new Map(scope.steps.map((s) => [s.id, reach(s.id, allEdges)]));
    const reported = new Set<string>();
    for (const s of scope.steps) {
      if (reported.has(s.id)) continue;
      const fromS = reachFrom.get(s.id)!;
      const component = scope.steps.filter((t) => fromS.has(t.id) && reachFrom.get(t.id)!.has(s.id));
      const cyclic = component.length > 1 || allEdges(s).includes(s.id);
      component.forEach((c) => reported.add(c.id));
      if (!cyclic) continue;
      const members = new Set(component.map((c) => c.id));
      const exits = component.some((c) => allEdges(c).some((t) => !members.has(t) || !ids.has(t)));
      if (graphChecks && !exits) err(M.loopNoExit(component.map((c) => c.id)), component[0]!.path);
    }
    // Hand-offs complete at once: a loop made of them alone, once its conditions hold for an
    // item, would go round forever within one decision (conditions look at the item, which
    // does not change inside the loop). Found as cycles of the graph of instant steps.
    const instantSteps = scope.steps.filter(instant);
    const instantIds = new Set(instantSteps.map((x) => x.id));
    const instantEdges = (info: StepInfo) => forwardEdges(info).filter((t) => instantIds.has(t));
    const inLoop = new Set<string>();
    for (const x of instantSteps) {
      if (!graphChecks || inLoop.has(x.id)) continue;
      if (!instantEdges(x).some((t) => reach(t, instantEdges).has(x.id))) continue;
      const fromX = reach(x.id, instantEdges);
      const loop = instantSteps.filter((y) => fromX.has(y.id) && reach(y.id, instantEdges).has(x.id));
      loop.forEach((y) => inLoop.add(y.id));
      err(M.instantLoop(loop.map((y) => y.id)), loop[0]!.path);
    }
    // Send-backs: to an earlier step of the same branch that leads to this review.
    for (const s of scope.steps) {
      const sb = s.kind === 'review' ? s.step.outcomes?.sendBack : undefined;
      if (!sb) continue;
      const path = [...s.path, 'outcomes', 'sendBack', 'to'];
      const target = analysis.steps.get(sb.to);
      if (!target) err(M.stepUnknown(sb.to, s.flow), path);
      else if (target.flow !== s.flow) err(M.stepOtherFlow(sb.to, target.flow, s.flow), path);
      else if (target.scope !== scope) err(M.sendBackCrossesBranch(sb.to), path);
      else if (target.id === s.id) err(M.sendBackSelf(sb.to), path);
      else if (target.index > s.index) err(M.sendBackLater(sb.to, target.number, s.number), path);
      else if (graphChecks && reachable.has(s.id) && !reach(target.id, forwardEdges).has(s.id)) {
        err(M.sendBackNotOnPath(sb.to), path);
      }
    }
  }

  // --- deadlines ---
  const deadlineIds = new Set<string>();
  (def.deadlines ?? []).forEach((d, i) => {
    const p: PathSegment[] = ['deadlines', i];
    if (deadlineIds.has(d.id)) err(M.deadlineDuplicate(d.id), [...p, 'id']);
    deadlineIds.add(d.id);
    const from = analysis.steps.get(d.from);
    const until = analysis.steps.get(d.until);
    if (!from) err(M.stepUnknownInDefinition(d.from), [...p, 'from']);
    if (!until) err(M.stepUnknownInDefinition(d.until), [...p, 'until']);
    const time = parseTime(d.time, [...p, 'time']);
    checkEscalation(d.escalation, [...p, 'escalation'], time?.limit ?? null);
    if (d.extension) parseDur(d.extension.by, [...p, 'extension', 'by']);
    if (!from || !until) return;
    if (from.flow !== until.flow) {
      err(M.deadlineFlows(d.from, d.until), [...p, 'until']);
      return;
    }
    if (!flowReaches(analysis, from, until.id)) err(M.deadlineOrder(d.from, d.until), [...p, 'until']);
  });

  return { errors, warnings, analysis };
}

/** Reachability across a whole flow: into branches through their parallel step, out through its next. */
function flowReaches(analysis: Analysis, from: StepInfo, target: string): boolean {
  const seen = new Set<string>([from.id]);
  const queue: StepInfo[] = [from];
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const info = analysis.steps.get(id);
    if (info) queue.push(info);
  };
  while (queue.length > 0) {
    const cur = queue.shift()!;
    if (cur.id === target) return true;
    for (const b of cur.branches) if (b.steps[0]) visit(b.steps[0].id);
    for (const n of cur.next) {
      if (n.to === JOIN && cur.scope.parent) {
        for (const after of analysis.steps.get(cur.scope.parent)!.next) visit(after.to);
      } else visit(n.to);
    }
  }
  return false;
}

function checkSchedule(
  s: ScheduleSource,
  path: PathSegment[],
  err: (p: Problem, path: readonly PathSegment[], key?: boolean) => void,
): void {
  if (s.timeZone !== undefined && !isValidTimeZone(s.timeZone))
    err(M.timeZoneInvalid(s.timeZone), [...path, 'timeZone']);
  if (s.every === 'week') {
    if (s.day !== undefined) err(M.scheduleField('day', s.every), [...path, 'day'], true);
    if (s.month !== undefined) err(M.scheduleField('month', s.every), [...path, 'month'], true);
    if (s.weekday === undefined) err(M.scheduleNeeds('weekday', s.every), path);
  } else {
    if (s.weekday !== undefined) err(M.scheduleField('weekday', s.every), [...path, 'weekday'], true);
    if (s.every === 'month' && s.month !== undefined)
      err(M.scheduleField('month', s.every), [...path, 'month'], true);
    if (s.every === 'semester' && s.month !== undefined && s.month > 6) {
      err(M.scheduleSemesterMonth(s.month), [...path, 'month']);
    }
  }
}
