/**
 * A failure the operator can fix: the message is one paragraph saying what is
 * missing and how to provide it. The CLI prints it without a stack trace.
 */
export class StackError extends Error {
  /** `cause`: the error behind an unexpected failure, printed with DEBUG=1. */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StackError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * Thrown by a component that stopped because another one failed while the stack came up.
 * The stack reports only the failure that caused it, never this one.
 */
export class Cancelled extends Error {
  constructor(component: string) {
    super(`${component} stopped because another component failed`);
    this.name = 'Cancelled';
  }
}
