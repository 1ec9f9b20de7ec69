import { CommandFailure } from '@tatalaman/messaging';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { toCommandFailure } from '../src/runs/run-errors';

// A worker killed mid-update or a loaded server leaves a decision unanswered; the caller must
// be told to retry (503/504 with the same key), never that the service broke (500).
const grpcError = (code: number) =>
  Object.assign(new Error(`grpc ${code}`), { code, details: '', metadata: { get: () => [] } });

const statusOf = (error: unknown) => {
  const mapped = toCommandFailure(error);
  return mapped instanceof CommandFailure ? [mapped.status, mapped.code] : ['unmapped'];
};

it('answers an Update that timed out or was cancelled with 504 timeout', () => {
  expect(statusOf(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out'))).toEqual([504, 'timeout']);
});

it('answers an unavailable or overloaded Temporal with 503 and a deadline with 504', () => {
  expect(statusOf(new ServiceError('down', { cause: grpcError(14) }))).toEqual([503, 'unavailable']);
  expect(statusOf(grpcError(8))).toEqual([503, 'unavailable']);
  expect(statusOf(grpcError(4))).toEqual([504, 'timeout']);
});

it('leaves other failures as they are (they stay 500 and are logged)', () => {
  expect(statusOf(grpcError(3))).toEqual(['unmapped']);
  expect(statusOf(new Error('bug'))).toEqual(['unmapped']);
});
