import { CommandFailure } from '@tatalaman/messaging';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';

/** HTTP-like status of each refusal the interpreter can give (see workflows/src/interpreter/rejections.ts). */
const STATUS: Record<string, number> = {
  'run-ended': 409,
  'step-not-open': 409,
  'duplicate-key': 409,
  'decision-not-allowed': 409,
  'extensions-exhausted': 409,
  'step-busy': 409,
  'role-not-holder': 403,
  'reason-required': 422,
  'invalid-request': 422,
  'calendar-not-newer': 409,
  'invalid-calendar': 422,
};

export const runEnded = () =>
  new CommandFailure(409, 'run-ended', {
    id: 'Proses SOP ini sudah selesai; keputusan tidak dapat diberikan lagi.',
    en: 'This SOP run has ended; no more decisions can be taken.',
  });

export const runNotFound = () =>
  new CommandFailure(404, 'run-not-found', {
    id: 'Proses SOP tidak ditemukan.',
    en: 'SOP run not found.',
  });

/** Turns what Temporal says about an Update or a run into the command's error reply. */
export function toCommandFailure(error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) return runNotFound();
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    const code = cause.type ?? 'refused';
    const message = (cause.details?.[0] as { id: string; en: string } | undefined) ?? {
      id: cause.message,
      en: cause.message,
    };
    return new CommandFailure(STATUS[code] ?? 409, code, message);
  }
  return error;
}
