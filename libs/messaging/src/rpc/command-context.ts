import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type RequestContext, requestIdFrom, runWithContext } from '@tatalaman/service-host';
import { Observable } from 'rxjs';

/**
 * The request context a command runs in: the caller's request id (sent as
 * `Correlation-Id`; the gateway sends its HTTP request id) and the command's office, so
 * every log line of the handler — and of its failure — names the request it served.
 */
export function commandContextOf(context: NatsContext | undefined, payload: unknown): RequestContext {
  let correlationId: string | undefined;
  try {
    correlationId = context?.getHeaders?.()?.get('Correlation-Id') || undefined;
  } catch {
    correlationId = undefined;
  }
  const office = (payload as { office?: unknown } | null)?.office;
  return {
    requestId: requestIdFrom(correlationId),
    ...(typeof office === 'string' ? { office } : {}),
  };
}

/** Runs every command handler inside its request context (see commandContextOf). */
@Injectable()
export class CommandContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const rpc = ctx.switchToRpc();
    const context = commandContextOf(rpc.getContext<NatsContext>(), rpc.getData());
    return new Observable((subscriber) => runWithContext(context, () => next.handle().subscribe(subscriber)));
  }
}
