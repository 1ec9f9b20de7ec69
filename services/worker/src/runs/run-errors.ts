import { COMMON_ERRORS, WORKER_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';

export const runEnded = () =>
  commandFailure(WORKER_ERRORS['run-ended'], {
    message: {
      id: 'Proses SOP ini sudah selesai; keputusan tidak dapat diberikan lagi.',
      en: 'This SOP run has ended; no more decisions can be taken.',
    },
  });

export const runNotFound = () =>
  commandFailure(WORKER_ERRORS['run-not-found'], {
    message: { id: 'Proses SOP tidak ditemukan.', en: 'SOP run not found.' },
  });

/**
 * The catalogued error of an interpreter's rejection (workflows/src/interpreter/rejections.ts).
 * Its `invalid-request` is a request the contract let through but the run cannot read: the
 * common 400. A rejection the catalogue does not know is a conflict with the run's state.
 */
function rejectionError(code: string | undefined) {
  if (code === 'invalid-request') return COMMON_ERRORS['invalid-request'];
  return code && Object.prototype.hasOwnProperty.call(WORKER_ERRORS, code)
    ? WORKER_ERRORS[code as keyof typeof WORKER_ERRORS]
    : COMMON_ERRORS.conflict;
}

/** Turns what Temporal says about an Update or a run into the command's error reply. */
export function toCommandFailure(error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) return runNotFound();
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    const message = (cause.details?.[0] as { id: string; en: string } | undefined) ?? {
      id: cause.message,
      en: cause.message,
    };
    return commandFailure(rejectionError(cause.type ?? undefined), { message });
  }
  return error;
}
