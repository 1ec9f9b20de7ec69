import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Ctx, MessagePattern, type NatsContext, Payload } from '@nestjs/microservices';
import { type PipeTransform } from '@nestjs/common';
import {
  commandDefinition,
  type CommandName,
  type CommandParsed,
  type CommandResponse,
  commandSubjectFor,
} from '@tatalaman/contracts';
import { CommandContextInterceptor } from './command-context';
import { SafeTextGuard } from './safe-text.guard';
import { CommandExceptionFilter } from './errors';

/**
 * A controller of command handlers: error replies follow the contract, payloads with text
 * Postgres cannot store are refused (SafeTextGuard), and handlers log with the caller's
 * request id (CommandContextInterceptor).
 */
export function CommandController(): ClassDecorator {
  return applyDecorators(
    Controller(),
    UseFilters(CommandExceptionFilter),
    UseGuards(SafeTextGuard),
    UseInterceptors(CommandContextInterceptor),
  );
}

type HandlerMethod<K extends CommandName> = (
  request: CommandParsed<K>,
  context: NatsContext,
) => Promise<CommandResponse<K>> | CommandResponse<K>;

/**
 * Serves a command of `CommandContracts`; the compiler checks the method's
 * request and response types against the contract.
 *
 * The subject (`<prefix>.cmd.<service>.<name>`) is computed when the class is
 * defined, i.e. when its module is imported: NATS_PREFIX must be in the
 * environment by then. It is in production (set before the process starts) and
 * in Jest (the setup file sets it before any test file is imported); `.env` is
 * read as a fallback.
 *
 * The method receives `(request, context)`. Nest passes only the payload to
 * undecorated handlers, so `@Payload()` and `@Ctx()` are added unless the method
 * declares its own parameter decorators (e.g. `@Payload(validationPipe)`). When the
 * command has a contract (`defineCommand`), the payload is parsed with it first: the
 * handler receives the parsed request, and a request that does not fit answers 400
 * `invalid-request` before the handler runs.
 */
export function HandleCommand<K extends CommandName>(name: K) {
  const pattern = MessagePattern(commandSubjectFor(name));
  return <M extends HandlerMethod<K>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    if (!Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key)) {
      const definition = commandDefinition(name);
      if (definition) Payload(new ContractPipe(definition.parse))(target, key, 0);
      else Payload()(target, key, 0);
      Ctx()(target, key, 1);
    }
    pattern(target, key, descriptor);
  };
}

/** Idempotency key and correlation id a caller sent with a command. */
export function commandMeta(context: NatsContext): { idempotencyKey?: string; correlationId?: string } {
  const h = context.getHeaders();
  return {
    idempotencyKey: h?.get('Idempotency-Key') || undefined,
    correlationId: h?.get('Correlation-Id') || undefined,
  };
}

/** Parses a command's payload with its contract (a ZodError becomes 400 `invalid-request`). */
class ContractPipe implements PipeTransform {
  constructor(private readonly parse: (raw: unknown) => unknown) {}

  transform(value: unknown): unknown {
    return this.parse(value);
  }
}
