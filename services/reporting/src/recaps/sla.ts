import { type SlaDimension, type SlaFigures, type SlaRow } from '@tatalaman/contracts';
import { contentTypeLabel } from './labels';

/** A step attempt as the SLA figures need it (a row of `step_facts` joined with its run). */
export interface SlaFact {
  workflow_id: string;
  step_id: string;
  attempt: number;
  definition_key: string | null;
  definition_title: string | null;
  step_number: number | null;
  step_kind: string | null;
  description: string | null;
  roles: string[] | null;
  role: string | null;
  by_id: string | null;
  by_name: string | null;
  outcome: string | null;
  cause_from: string | null;
  opened_at: string | null;
  total_ms: number | null;
  waiting_ms: number | null;
  active_ms: number | null;
  is_rework: boolean;
  timed: boolean;
  met_limit: boolean | null;
  met_target: boolean | null;
  is_breached: boolean;
  escalated: boolean;
  extensions: number;
  saved_minutes: number | null;
  content_type: string | null;
}

/** The send-back that re-opened an attempt: who decided it, in which role. */
export interface Sender {
  role: string | null;
  by_id: string | null;
  by_name: string | null;
  roles: string[] | null;
  step_number: number | null;
  description: string | null;
}

export const ratio = (num: number, den: number): number | null =>
  den > 0 ? Math.round((num / den) * 10000) / 10000 : null;

export function emptyFigures(): SlaFigures {
  return {
    closed: 0,
    timed: 0,
    withinLimit: 0,
    withinTarget: 0,
    compliance: null,
    targetCompliance: null,
    breached: 0,
    escalated: 0,
    extensions: 0,
    waitingMs: 0,
    workingMs: 0,
    reworkMs: 0,
    reworkCount: 0,
    sendBacks: 0,
    avgMs: null,
    handoffs: 0,
    savedMinutes: 0,
  };
}

interface Acc extends SlaFigures {
  totalMs: number;
}

function acc(): Acc {
  return { ...emptyFigures(), totalMs: 0 };
}

function finish(a: Acc): SlaFigures {
  const { totalMs, ...f } = a;
  return {
    ...f,
    compliance: ratio(f.withinLimit, f.timed),
    targetCompliance: ratio(f.withinTarget, f.timed),
    avgMs: f.closed > 0 ? Math.round(totalMs / f.closed) : null,
  };
}

const PERSON_OR_PLATFORM = new Set(['work', 'review', 'publish', 'automatic']);

/** The person a closed attempt counts for: who decided, or the platform for its own steps. */
function personOf(f: { by_id: string | null; by_name: string | null; step_kind: string | null }) {
  if (f.by_id) return { key: f.by_id, label: f.by_name ?? f.by_id };
  if (f.step_kind === 'publish' || f.step_kind === 'automatic' || f.step_kind === 'handoff')
    return { key: 'platform', label: 'Platform (otomatis)' };
  return { key: '', label: 'Tidak diketahui' };
}

function roleOf(f: { role: string | null; roles: string[] | null }) {
  const role = f.role ?? f.roles?.[0] ?? '';
  return { key: role, label: role || 'Tidak diketahui' };
}

function stepLabel(f: { step_number: number | null; step_id: string; description: string | null }) {
  const text = f.description ?? f.step_id;
  return f.step_number !== null ? `${f.step_number}. ${text}` : text;
}

interface Group {
  key: string;
  label: string;
  stepNumber?: number;
  definitionKey?: string;
}

function groupOf(f: SlaFact, by: SlaDimension): Group {
  switch (by) {
    case 'step':
      return {
        key: `${f.definition_key ?? ''}/${f.step_id}`,
        label: stepLabel(f),
        ...(f.step_number !== null ? { stepNumber: f.step_number } : {}),
        ...(f.definition_key ? { definitionKey: f.definition_key } : {}),
      };
    case 'role':
      return roleOf(f);
    case 'person':
      return personOf(f);
    case 'content-type':
      return { key: f.content_type ?? '', label: contentTypeLabel(f.content_type) };
    case 'definition':
      return { key: f.definition_key ?? '', label: f.definition_title ?? f.definition_key ?? '' };
  }
}

/**
 * The group rework is charged to: the step that sent the item back, and the role and
 * person who decided that send-back (content type and definition are the item's own).
 */
function chargedGroup(
  f: SlaFact,
  by: SlaDimension,
  sender: Sender | undefined,
  steps: Map<string, Group>,
): Group {
  switch (by) {
    case 'step': {
      const key = `${f.definition_key ?? ''}/${f.cause_from ?? ''}`;
      const known = steps.get(key);
      if (known) return known;
      const stepNumber = sender?.step_number ?? null;
      return {
        key,
        label: stepLabel({
          step_number: stepNumber,
          step_id: f.cause_from ?? '',
          description: sender?.description ?? null,
        }),
        ...(stepNumber !== null ? { stepNumber } : {}),
        ...(f.definition_key ? { definitionKey: f.definition_key } : {}),
      };
    }
    case 'role':
      return sender ? roleOf(sender) : { key: '', label: 'Tidak diketahui' };
    case 'person':
      return sender ? personOf({ ...sender, step_kind: 'review' }) : { key: '', label: 'Tidak diketahui' };
    default:
      return groupOf(f, by);
  }
}

/** `senders` is keyed by `senderKey(workflowId, stepId, closedAt)` of the re-opened attempt's cause. */
export const senderKey = (workflowId: string, stepId: string | null, at: string | null) =>
  `${workflowId}\u0000${stepId ?? ''}\u0000${at ?? ''}`;

/**
 * SLA figures per group (docs/reporting.md, "SLA figures"). Closed attempts count in
 * their own group; the working time of an attempt re-opened by a send-back is rework,
 * charged to the sender's group instead of the attempt's own waiting and working time.
 */
export function slaBreakdown(
  facts: SlaFact[],
  by: SlaDimension,
  senders: Map<string, Sender>,
): { rows: SlaRow[]; total: SlaFigures } {
  const groups = new Map<string, { group: Group; acc: Acc }>();
  const total = acc();
  const stepGroups = new Map<string, Group>();
  if (by === 'step') for (const f of facts) stepGroups.set(groupOf(f, 'step').key, groupOf(f, 'step'));
  const at = (g: Group) => {
    let entry = groups.get(g.key);
    if (!entry) {
      entry = { group: g, acc: acc() };
      groups.set(g.key, entry);
    }
    return entry.acc;
  };
  for (const f of facts) {
    if (f.step_kind === 'handoff') {
      for (const a of [at(groupOf(f, by)), total]) {
        a.handoffs += 1;
        a.savedMinutes += f.saved_minutes ?? 0;
      }
      continue;
    }
    if (!f.step_kind || !PERSON_OR_PLATFORM.has(f.step_kind)) continue;
    if (f.outcome === 'cancelled' || f.total_ms === null) continue;
    const own = at(groupOf(f, by));
    for (const a of [own, total]) {
      a.closed += 1;
      a.totalMs += f.total_ms;
      if (f.timed) {
        a.timed += 1;
        if (f.met_limit) a.withinLimit += 1;
        if (f.met_target) a.withinTarget += 1;
      }
      if (f.is_breached) a.breached += 1;
      if (f.escalated) a.escalated += 1;
      a.extensions += f.extensions;
      if (f.outcome === 'send-back') a.sendBacks += 1;
    }
    if (f.is_rework) {
      const sender = senders.get(senderKey(f.workflow_id, f.cause_from, f.opened_at));
      const charged = at(chargedGroup(f, by, sender, stepGroups));
      for (const a of [charged, total]) {
        a.reworkMs += f.total_ms;
        a.reworkCount += 1;
      }
    } else {
      for (const a of [own, total]) {
        a.waitingMs += f.waiting_ms ?? 0;
        a.workingMs += f.active_ms ?? 0;
      }
    }
  }
  const rows = [...groups.values()]
    .map(({ group, acc: a }) => ({ ...group, ...finish(a) }))
    .sort((a, b) =>
      by === 'step'
        ? (a.definitionKey ?? '').localeCompare(b.definitionKey ?? '') ||
          (a.stepNumber ?? 0) - (b.stepNumber ?? 0) ||
          a.key.localeCompare(b.key)
        : a.key.localeCompare(b.key),
    );
  return { rows, total: finish(total) };
}
