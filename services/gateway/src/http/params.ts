import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { edgeOf, type HeldRole, type OfficeAccess, type Principal } from './context';
import { endpointOf } from './endpoint';
import type { Language } from './language';
import { type FieldError, notFound, Problem } from './problems';
import { localizeIssue } from './validation-messages';

function requestOf(ctx: ExecutionContext): Request {
  return ctx.switchToHttp().getRequest<Request>();
}

function specOf(ctx: ExecutionContext) {
  const spec = endpointOf(ctx.getHandler());
  if (!spec) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Endpoint.`);
  return spec;
}

/** RFC 6901 pointer of a zod path, in the URI fragment form RFC 9457's examples use. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return '#/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function fieldErrors(issues: readonly z.core.$ZodIssue[], where: 'body' | 'query'): FieldError[] {
  return issues.map((issue) =>
    where === 'body'
      ? { pointer: pointerOf(issue.path), message: localizeIssue(issue) }
      : { parameter: String(issue.path[0] ?? ''), message: localizeIssue(issue) },
  );
}

/** Validates a value against a schema; a 400 problem with one entry per invalid field otherwise. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query',
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new Problem('invalid-request', {
    detail:
      where === 'body'
        ? { id: 'Isi permintaan tidak valid.', en: 'The request body is not valid.' }
        : { id: 'Parameter permintaan tidak valid.', en: 'The query parameters are not valid.' },
    errors: fieldErrors(result.error.issues, where),
  });
}

/** The request body, validated against the endpoint's `body` schema. */
export const ValidBody = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const spec = specOf(ctx);
  if (!spec.body) throw new Error(`${ctx.getHandler().name}: @ValidBody() without a body schema.`);
  const req = requestOf(ctx);
  return validate(spec.body, req.body ?? {}, 'body');
});

/** The query parameters, validated against the endpoint's `query` schema. */
export const ValidQuery = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const spec = specOf(ctx);
  if (!spec.query) throw new Error(`${ctx.getHandler().name}: @ValidQuery() without a query schema.`);
  return validate(spec.query, requestOf(ctx).query ?? {}, 'query');
});

/** Path parameters (besides `:office`) parsed by the endpoint's `params` schema; one that does not parse is a 404. */
export const ValidParams = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const spec = specOf(ctx);
  if (!spec.params) throw new Error(`${ctx.getHandler().name}: @ValidParams() without a params schema.`);
  const result = spec.params.safeParse(requestOf(ctx).params);
  if (!result.success) throw notFound();
  return result.data;
});

/** The signed-in principal (a person or an API key). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = edgeOf(requestOf(ctx)).principal;
  if (!principal) throw new Error(`${ctx.getHandler().name}: @CurrentPrincipal() on a public route.`);
  return principal;
});

/** The principal's access to the office of an office-scoped route. */
export const Access = createParamDecorator((_: unknown, ctx: ExecutionContext): OfficeAccess => {
  const access = edgeOf(requestOf(ctx)).access;
  if (!access) throw new Error(`${ctx.getHandler().name}: @Access() outside an @OfficeController.`);
  return access;
});

/** The SOP roles the principal holds in the route's office now (bindings and delegations). */
export const Roles = createParamDecorator((_: unknown, ctx: ExecutionContext): readonly HeldRole[] => {
  const access = edgeOf(requestOf(ctx)).access;
  if (!access) throw new Error(`${ctx.getHandler().name}: @Roles() outside an @OfficeController.`);
  return access.roles;
});

/** The language of the caller (Accept-Language): `id` or `en`. */
export const Lang = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Language => edgeOf(requestOf(ctx)).language,
);

/** A body that came either as JSON (validated against the endpoint's `body`) or as text. */
export type TextOrJson<T> = { kind: 'json'; value: T } | { kind: 'text'; text: string; mediaType: string };

/** The media type of a request without parameters, lower-case (`text/yaml; charset=utf-8` → `text/yaml`). */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * For endpoints with a JSON `body` and a `rawBody` of mode `text` (e.g. an SOP definition
 * as YAML): the text as sent, or the JSON body validated. Another media type is a 415.
 */
export const TextOrJsonBody = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TextOrJson<unknown> => {
    const spec = specOf(ctx);
    if (!spec.body || spec.rawBody?.mode !== 'text') {
      throw new Error(`${ctx.getHandler().name}: @TextOrJsonBody() needs a body schema and a text rawBody.`);
    }
    const req = requestOf(ctx);
    const mediaType = mediaTypeOf(req);
    if (typeof req.body === 'string') return { kind: 'text', text: req.body, mediaType };
    // An empty text body is left unparsed: it is still the text sent.
    if (spec.rawBody.mediaTypes.includes(mediaType)) return { kind: 'text', text: '', mediaType };
    if (req.body !== undefined && /^application\/([a-z0-9.+-]+\+)?json$/.test(mediaType)) {
      return { kind: 'json', value: validate(spec.body, req.body, 'body') };
    }
    const accepted = ['application/json', ...spec.rawBody.mediaTypes].join(', ');
    throw new Problem('unsupported-media-type', {
      detail: { id: `Kirim isi permintaan sebagai ${accepted}.`, en: `Send the body as ${accepted}.` },
    });
  },
);
