import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { type NatsContext, RpcException } from '@nestjs/microservices';
import {
  type CataloguedError,
  type CommandErrorReply,
  commandErrorReply,
  isCommandErrorReply,
  type LocalizedMessage,
} from '@tatalaman/contracts';
import { runWithContext } from '@tatalaman/service-host';
import { type Observable, throwError } from 'rxjs';
import { commandContextOf } from './command-context';

/**
 * Throw from a command handler to answer with an error reply:
 * `throw new CommandFailure(404, 'not-found', { id: 'Konten tidak ditemukan', en: 'Content not found' })`.
 */
export class CommandFailure extends RpcException {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: LocalizedMessage,
    readonly detail?: unknown,
  ) {
    super(commandErrorReply(status, code, messages, detail));
    this.name = 'CommandFailure';
  }

  get reply(): CommandErrorReply {
    return this.getError() as CommandErrorReply;
  }
}

/**
 * The failure of a catalogued error: `throw commandFailure(CONTENT_ERRORS['item-not-found'])`.
 * `message` replaces the catalogue's title when the occurrence says more (e.g. which step).
 */
export function commandFailure(
  error: CataloguedError,
  options: { message?: LocalizedMessage; detail?: unknown } = {},
): CommandFailure {
  return new CommandFailure(error.status, error.code, options.message ?? error.title, options.detail);
}

/** What a caller gets when the remote service answered with an error (or did not answer). */
export class RemoteError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: LocalizedMessage;
  readonly detail?: unknown;

  constructor(
    readonly command: string,
    reply: CommandErrorReply,
  ) {
    super(`${command} failed: ${reply.error.status} ${reply.error.code} — ${reply.error.message.en}`);
    this.name = 'RemoteError';
    this.status = reply.error.status;
    this.code = reply.error.code;
    this.messages = reply.error.message;
    this.detail = reply.error.detail;
  }

  /** The error reply again, e.g. to pass a downstream failure on unchanged. */
  toReply(): CommandErrorReply {
    return commandErrorReply(this.status, this.code, this.messages, this.detail);
  }
}

const HTTP_CODES: Record<number, [string, LocalizedMessage]> = {
  400: ['invalid-request', { id: 'Permintaan tidak valid.', en: 'The request is not valid.' }],
  401: ['unauthenticated', { id: 'Perlu masuk terlebih dahulu.', en: 'Authentication is required.' }],
  403: ['forbidden', { id: 'Tidak diizinkan.', en: 'Not allowed.' }],
  404: ['not-found', { id: 'Tidak ditemukan.', en: 'Not found.' }],
  409: ['conflict', { id: 'Terjadi konflik dengan data terkini.', en: 'Conflicts with the current state.' }],
  422: ['unprocessable', { id: 'Permintaan tidak dapat diproses.', en: 'The request cannot be processed.' }],
};

/** Maps anything a command handler throws to the contract's error reply. */
export function errorReplyFor(exception: unknown, logger?: Pick<Logger, 'error'>): CommandErrorReply {
  if (exception instanceof CommandFailure) return exception.reply;
  if (exception instanceof RemoteError) return exception.toReply();
  if (exception instanceof RpcException && isCommandErrorReply(exception.getError())) {
    return exception.getError() as CommandErrorReply;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const [code, message] = HTTP_CODES[status] ?? [
      'error',
      { id: 'Permintaan gagal.', en: 'The request failed.' },
    ];
    return commandErrorReply(status, code, message, exception.getResponse());
  }
  const name = (exception as Error)?.name;
  if (name === 'TenancyViolation') {
    return commandErrorReply(403, 'office-scope', {
      id: 'Data ini milik kantor lain.',
      en: 'This data belongs to another office.',
    });
  }
  if (name === 'ZodError') {
    return commandErrorReply(
      400,
      'invalid-request',
      HTTP_CODES[400]![1],
      (exception as { issues?: unknown }).issues,
    );
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return commandErrorReply(500, 'internal', {
    id: 'Terjadi kesalahan pada layanan internal.',
    en: 'An internal service failed.',
  });
}

/**
 * Turns exceptions of command handlers into error replies. Applied by
 * `@CommandController()`; register it yourself on other RPC controllers.
 */
@Catch()
export class CommandExceptionFilter implements RpcExceptionFilter<unknown>, ExceptionFilter<unknown> {
  private readonly logger = new Logger('CommandHandler');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (host.getType() !== 'rpc') throw exception;
    // The failure is logged with the request id of the request the command served.
    const rpc = host.switchToRpc();
    const context = commandContextOf(rpc.getContext<NatsContext>(), rpc.getData());
    const reply = runWithContext(context, () => errorReplyFor(exception, this.logger));
    return throwError(() => reply);
  }
}
