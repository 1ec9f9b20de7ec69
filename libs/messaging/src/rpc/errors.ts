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
  COMMON_ERRORS,
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

/**
 * The failure of a catalogued error whose occurrence says no more than its title: the
 * title as a sentence (`Not found.`), e.g. the common errors the messaging library raises.
 */
export function titledFailure(error: Pick<CataloguedError, 'status' | 'code' | 'title'>, detail?: unknown) {
  const { id, en } = error.title;
  return new CommandFailure(error.status, error.code, { id: `${id}.`, en: `${en}.` }, detail);
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

/** The error an HttpException's status stands for; 401 is no command's answer, so no catalogue has it. */
const HTTP_ERRORS: Record<number, Pick<CataloguedError, 'code' | 'title'>> = {
  400: COMMON_ERRORS['invalid-request'],
  401: {
    code: 'unauthenticated',
    title: { id: 'Perlu masuk terlebih dahulu', en: 'Authentication is required' },
  },
  403: COMMON_ERRORS.forbidden,
  404: COMMON_ERRORS['not-found'],
  409: COMMON_ERRORS.conflict,
  422: COMMON_ERRORS.unprocessable,
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
    const error = HTTP_ERRORS[status] ?? {
      code: 'error',
      title: { id: 'Permintaan gagal', en: 'The request failed' },
    };
    return titledFailure({ ...error, status }, exception.getResponse()).reply;
  }
  const name = (exception as Error)?.name;
  if (name === 'TenancyViolation') return titledFailure(COMMON_ERRORS['office-scope']).reply;
  if (name === 'ZodError') {
    return titledFailure(COMMON_ERRORS['invalid-request'], (exception as { issues?: unknown }).issues).reply;
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return titledFailure(COMMON_ERRORS.internal).reply;
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
