import type { Schemas } from '@tatalaman/api-client';
import { t, type MessageKey } from '../../i18n';

export type DecisionKind = Schemas['DecideTaskBody']['decision'];

const DECISIONS: Record<DecisionKind, MessageKey> = {
  complete: 'decision.complete',
  approve: 'decision.approve',
  'send-back': 'decision.send-back',
  postpone: 'decision.postpone',
  resume: 'decision.resume',
  reject: 'decision.reject',
  extend: 'decision.extend',
  skip: 'decision.skip',
  retry: 'decision.retry',
};

export function decisionLabel(d: string): string {
  return Object.hasOwn(DECISIONS, d) ? t(DECISIONS[d as DecisionKind]) : d;
}

/** Decisions that need a reason (the runtime refuses them without one). */
export const NEEDS_REASON = new Set<string>(['send-back', 'reject', 'postpone']);

/** What a step allows when the run cannot be read: by the step's kind. */
export function fallbackDecisions(task: Schemas['Task']): DecisionKind[] {
  if (task.status === 'postponed') return ['resume'];
  if (task.step.kind === 'review') return ['approve', 'send-back', 'postpone', 'reject'];
  return ['complete', 'postpone'];
}

const STATUS: Record<Schemas['Task']['status'], MessageKey> = {
  open: 'taskStatus.open',
  deciding: 'taskStatus.deciding',
  postponed: 'taskStatus.postponed',
  closed: 'taskStatus.closed',
};

export function taskStatusLabel(s: Schemas['Task']['status']): string {
  return t(STATUS[s]);
}

const STEP_KINDS: Record<string, MessageKey> = {
  work: 'stepKind.work',
  review: 'stepKind.review',
  publish: 'stepKind.publish',
  automatic: 'stepKind.automatic',
  handoff: 'stepKind.handoff',
};

export function stepKindLabel(kind: string): string {
  return STEP_KINDS[kind] ? t(STEP_KINDS[kind]) : kind;
}
