import { red } from './log';

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

/**
 * How every stack CLI (`npm start`/`test`/`stack`, `npm run cluster`) ends on an error: a
 * `StackError` is the one paragraph it carries; anything else is named as unexpected, with
 * its stack only under DEBUG=1. Never a raw trace by default.
 */
export function exitWithFailure(error: unknown, logsFolder: string): never {
  if (error instanceof StackError) {
    process.stderr.write(`\n${red('Cannot continue:')} ${error.message}\n`);
    const cause = error.cause instanceof StackError ? error.cause.cause : error.cause;
    if (process.env.DEBUG && cause instanceof Error) process.stderr.write(`${cause.stack}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\n${red('Unexpected failure:')} ${message}\n`);
    if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else
      process.stderr.write(
        `Set DEBUG=1 to see where it happened; the servers' logs are in the data folder (${logsFolder}).\n`,
      );
  }
  process.exit(1);
}
