import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { edgeOf, type EdgeContext, principalKey } from './context';
import { endpointOf, type EndpointSpec, MUTATING_METHODS } from './endpoint';
import { fingerprint, IDEMPOTENCY_KEY_PATTERN, IdempotencyStore } from './idempotency';
import { Problem } from './problems';

/** The success status Nest will answer with (HttpCode from @Endpoint, else Nest's default). */
export function successStatus(spec: EndpointSpec, method: string): number {
  return spec.status ?? (method === 'POST' ? 201 : 200);
}

/**
 * What a request's fingerprint covers besides method and path: the JSON (or text) body;
 * for a streamed upload, which is not read before the handler, its type and length.
 */
function requestBodyOf(spec: EndpointSpec, req: Request): unknown {
  if (spec.rawBody?.mode === 'stream' && req.body === undefined) {
    return {
      contentType: req.headers['content-type'] ?? null,
      contentLength: req.headers['content-length'] ?? null,
    };
  }
  return req.body ?? null;
}

/**
 * Around every API handler:
 * - responses go through the endpoint's response schema, so only documented fields leave
 *   (a password hash on an entity can never leak by accident) and the OpenAPI document
 *   stays true;
 * - mutating requests need an `Idempotency-Key`: the first one does the work and its
 *   answer is stored in the same transaction as the work; a retry with the same key and
 *   the same request gets the stored answer (`Idempotent-Replayed: true`) without doing
 *   anything; the same key with another request is a 422; while the first is still
 *   running, a 409. The key also goes to the services as the commands' `idempotencyKey`.
 */
@Injectable()
export class EdgeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Edge');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const spec = endpointOf(ctx.getHandler());
    if (!spec) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const edge = edgeOf(req);
    const method = req.method.toUpperCase();
    if (!MUTATING_METHODS.has(method) || spec.idempotency === 'exempt') {
      return from(this.respond(spec, next));
    }
    return from(this.idempotent(spec, edge, req, res, method, next));
  }

  private async respond(spec: EndpointSpec, next: CallHandler): Promise<unknown> {
    const value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    // A file or page (StreamableFile): Nest writes it; there is no JSON to check.
    if (spec.produces) return value;
    if (!spec.response) return undefined;
    const parsed = spec.response.safeParse(value);
    if (!parsed.success) {
      // The handler broke its own contract: a bug to fix, not something to send.
      this.logger.error(`response of ${spec.operationId} does not match its schema: ${parsed.error.message}`);
      throw new Problem('internal');
    }
    return parsed.data;
  }

  private async idempotent(
    spec: EndpointSpec,
    edge: EdgeContext,
    req: Request,
    res: Response,
    method: string,
    next: CallHandler,
  ): Promise<unknown> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new Problem('idempotency-key-required', {
        detail: {
          id: 'Sertakan header Idempotency-Key (mis. UUID baru) pada setiap permintaan yang mengubah data.',
          en: 'Send an Idempotency-Key header (e.g. a fresh UUID) with every request that changes data.',
        },
      });
    }
    if (!edge.principal) throw new Error(`${spec.operationId}: a mutating endpoint must not be public.`);
    const who = principalKey(edge.principal);
    const path = req.originalUrl;
    const claim = await this.store.claim(
      who,
      key,
      method,
      path,
      fingerprint(method, path, requestBodyOf(spec, req)),
    );
    switch (claim.kind) {
      case 'mismatch':
        throw new Problem('idempotency-key-reused', {
          detail: {
            id: 'Gunakan Idempotency-Key baru untuk permintaan yang berbeda.',
            en: 'Use a new Idempotency-Key for a different request.',
          },
        });
      case 'busy':
        throw new Problem('idempotency-in-progress', {
          detail: {
            id: 'Tunggu jawaban permintaan pertama, lalu ulangi.',
            en: 'Wait for the answer to the first request, then retry.',
          },
          headers: { 'Retry-After': '1' },
        });
      case 'replay':
        res.setHeader('Idempotent-Replayed', 'true');
        return claim.body;
      case 'claimed':
        break;
    }
    edge.idempotencyKey = key;
    try {
      const body = await this.respond(spec, next);
      const status = successStatus(spec, method);
      const tx = edge.transaction;
      await this.store.complete(tx?.manager, who, key, status, body, !!spec.sensitiveResponse);
      if (tx) await tx.runner.commitTransaction();
      return body;
    } catch (error) {
      if (edge.transaction?.runner.isTransactionActive) await edge.transaction.runner.rollbackTransaction();
      await this.store
        .release(who, key)
        .catch((e: Error) => this.logger.warn(`key not released: ${e.message}`));
      throw error;
    } finally {
      if (edge.transaction) await edge.transaction.runner.release();
      edge.transaction = undefined;
    }
  }
}
