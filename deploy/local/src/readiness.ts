import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from './stack-error';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops waiting early, e.g. when the server process we started has exited. */
  abortIf?: () => string | undefined;
  /** Stops waiting when aborted (another component failed). */
  signal?: AbortSignal;
}

export class NotReady extends Error {
  constructor(
    readonly lastError: string,
    readonly reason: 'timeout' | 'aborted' | 'cancelled',
  ) {
    super(lastError);
  }
}

/** Retries `probe` until it resolves, the timeout passes, `abortIf` reports a reason or `signal` aborts. */
export async function waitUntilReady<T>(probe: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'not tried';
  for (;;) {
    if (options.signal?.aborted) throw new NotReady(lastError, 'cancelled');
    const abort = options.abortIf?.();
    if (abort) throw new NotReady(abort, 'aborted');
    try {
      return await probe();
    } catch (error) {
      lastError = describeError(error);
    }
    if (Date.now() >= deadline) throw new NotReady(lastError, 'timeout');
    await sleep(Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now())), undefined, {
      signal: options.signal,
    }).catch(() => undefined);
  }
}

/** Resolves with the value, or rejects after `ms` with `message`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
