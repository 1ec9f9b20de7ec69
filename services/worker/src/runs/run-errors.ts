import { COMMON_ERRORS, WORKER_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';

// gRPC status codes that mean "Temporal could not answer now", not "the request is wrong".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;

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
  // The Update or call did not get an answer in time (a worker killed mid-update, a loaded
  // server): the decision may or may not have been taken, so the caller must retry with the
  // same idempotency key — a 503/504 says so, where a 500 would say the request is broken.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return commandFailure(COMMON_ERRORS.timeout);
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc)) {
    if (grpc.code === GRPC_DEADLINE_EXCEEDED) return commandFailure(COMMON_ERRORS.timeout);
    if (grpc.code === GRPC_UNAVAILABLE || grpc.code === GRPC_RESOURCE_EXHAUSTED) {
      return commandFailure(COMMON_ERRORS.unavailable);
    }
  }
  return error;
}
