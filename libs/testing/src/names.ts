import { testRunId, uniqueSuffix } from './run-id';

/**
 * A NATS subject/stream prefix unique to one test file: subjects become
 * `<prefix>.…` and streams `<PREFIX>_…`, so JetStream streams of parallel test
 * files and runs never capture each other's messages.
 */
export function isolatedNatsPrefix(label = 't'): string {
  return `t${testRunId()}${label.replace(/[^a-z0-9]/gi, '').slice(0, 8)}${uniqueSuffix()}`;
}

/** A Temporal task queue unique to one test file, so workers never pick up another run's tasks. */
export function isolatedTaskQueue(label = 'q'): string {
  return `test-${testRunId()}-${label.replace(/[^a-z0-9-]/gi, '').slice(0, 20)}-${uniqueSuffix()}`;
}
