import type { Schemas } from '@tatalaman/api-client';

export type RunHistory = Schemas['RunSummary']['history'];
export type HistoryEntry = RunHistory[number];

/** One holding of a step: from its opening to its last event, with who acted. */
export interface StepSpan {
  stepId: string;
  attempt: number;
  openedAt: string;
  endedAt: string | null;
  /** Working time the runtime measured, when it reported one. */
  workingMs: number | null;
  events: HistoryEntry[];
  actor: HistoryEntry['actor'];
  onBehalfOf: HistoryEntry['onBehalfOf'];
  role: string | undefined;
  /** The last thing that happened to it (completed, sent-back, breached…). */
  outcome: string;
  reason: string | undefined;
  /** Corrections and retractions of what the run published (after the run, by a person). */
  afterPublication: boolean;
}

/** Timeline kinds the gateway adds for what happened to the run's publication later. */
export const AFTER_PUBLICATION = new Set(['corrected', 'retracted']);

/**
 * Groups a run's history into spans per step and attempt, in order of opening. A span
 * is open while the run lists the step as open; its end is its last event otherwise.
 * Corrections and retractions of the publication form one span of their own, last.
 */
export function stepSpans(
  history: RunHistory,
  openSteps: readonly { stepId: string; attempt: number }[],
): StepSpan[] {
  const spans: StepSpan[] = [];
  const byKey = new Map<string, StepSpan>();
  for (const entry of [...history].sort((a, b) => a.seq - b.seq)) {
    const after = AFTER_PUBLICATION.has(entry.kind);
    // They get a span of their own: the publish step's own span keeps its holder and time.
    const key = after ? `${entry.stepId}#after` : `${entry.stepId}#${entry.attempt}`;
    let span = byKey.get(key);
    if (!span) {
      span = {
        stepId: entry.stepId,
        attempt: entry.attempt,
        openedAt: entry.at,
        endedAt: null,
        workingMs: null,
        events: [],
        actor: undefined,
        onBehalfOf: undefined,
        role: undefined,
        outcome: entry.kind,
        reason: undefined,
        afterPublication: after,
      };
      byKey.set(key, span);
      spans.push(span);
    }
    span.events.push(entry);
    if (entry.kind !== 'opened') {
      span.outcome = entry.kind;
      span.endedAt = entry.at;
    }
    if (entry.workingMs !== undefined) span.workingMs = entry.workingMs;
    if (entry.actor) span.actor = entry.actor;
    if (entry.onBehalfOf) span.onBehalfOf = entry.onBehalfOf;
    if (entry.role) span.role = entry.role;
    if (entry.reason) span.reason = entry.reason;
  }
  for (const open of openSteps) {
    const span = byKey.get(`${open.stepId}#${open.attempt}`);
    if (span) span.endedAt = null;
  }
  return spans;
}
