import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { LocalizedMessage } from '@tatalaman/contracts';
import { errorReplyFor, RemoteError } from '@tatalaman/messaging';
import type { Request, Response } from 'express';
import { throwError } from 'rxjs';
import { edgeOf } from './context';
import { type Language, negotiateLanguage, pick } from './language';
import { type FieldError, Problem, problemType, STATUS_TITLES, titleFor } from './problems';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: {
    pointer?: string;
    parameter?: string;
    code?: string;
    path?: string;
    line?: number;
    column?: number;
    message: string;
  }[];
  [extension: string]: unknown;
}

interface Resolved {
  status: number;
  code: string;
  title: LocalizedMessage;
  detail?: LocalizedMessage;
  errors?: FieldError[];
  /** Diagnostics that did not cause the refusal (an SOP definition's warnings). */
  warnings?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const GENERIC_CODES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
};

/** Zod issues (or `{ path, message: { id, en } }`) a service put in its error reply's detail → field errors. */
function remoteFieldErrors(detail: unknown, message: LocalizedMessage): FieldError[] | undefined {
  if (!Array.isArray(detail)) return undefined;
  const errors: FieldError[] = [];
  for (const d of detail) {
    if (typeof d !== 'object' || d === null || !Array.isArray((d as { path?: unknown }).path))
      return undefined;
    const path = (d as { path: PropertyKey[] }).path;
    const text = (d as { message?: unknown }).message;
    errors.push({
      pointer: '#/' + path.map(String).join('/'),
      message: typeof text === 'string' ? { id: text, en: text } : isLocalized(text) ? text : message,
    });
  }
  return errors;
}

function isLocalized(value: unknown): value is LocalizedMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LocalizedMessage).id === 'string' &&
    typeof (value as LocalizedMessage).en === 'string'
  );
}

/**
 * Diagnostics of an uploaded document a service put in `detail.errors` (the SOP
 * registry's `definition-invalid`): `{ code, path, line, column, message: { id, en } }`.
 */
function remoteDiagnostics(detail: unknown): FieldError[] | undefined {
  const list = (detail as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const errors: FieldError[] = [];
  for (const d of list) {
    if (typeof d !== 'object' || d === null || !isLocalized((d as { message?: unknown }).message))
      return undefined;
    const { code, path, line, column, message } = d as Record<string, unknown>;
    errors.push({
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof path === 'string' ? { path } : {}),
      ...(typeof line === 'number' ? { line } : {}),
      ...(typeof column === 'number' ? { column } : {}),
      message: message as LocalizedMessage,
    });
  }
  return errors;
}

/** The warnings beside a diagnostics detail's errors (an upload refused for its errors lists them too). */
function remoteWarnings(detail: unknown): FieldError[] | undefined {
  const warnings = (detail as { warnings?: unknown } | undefined)?.warnings;
  return Array.isArray(warnings) && warnings.length ? remoteDiagnostics({ errors: warnings }) : undefined;
}

/** Errors body-parser hands to Express (http-errors with a `type`). */
function bodyParserProblem(e: { type?: unknown; status?: unknown; limit?: unknown }): Resolved | undefined {
  switch (e.type) {
    case 'entity.too.large': {
      // Uploads of text (SOP definitions) have their own limit; JSON bodies 1 MB.
      const limit = typeof e.limit === 'number' && e.limit !== 1024 * 1024 ? e.limit : undefined;
      return {
        status: 413,
        code: 'payload-too-large',
        title: titleFor('payload-too-large', 413),
        detail: limit
          ? {
              id: `Isi permintaan paling besar ${limit} byte.`,
              en: `The request body may be at most ${limit} bytes.`,
            }
          : {
              id: 'Isi permintaan JSON paling besar 1 MB.',
              en: 'A JSON request body may be at most 1 MB.',
            },
      };
    }
    case 'entity.parse.failed':
      return { status: 400, code: 'invalid-json', title: titleFor('invalid-json', 400) };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, code: 'unsupported-media-type', title: titleFor('unsupported-media-type', 415) };
    default:
      return undefined;
  }
}

/** Maps anything thrown while handling an HTTP request to the problem it answers with. */
export function resolveProblem(exception: unknown, logger?: Pick<Logger, 'error'>): Resolved {
  if (exception instanceof Problem) {
    return {
      status: exception.status,
      code: exception.code,
      title: exception.title,
      detail: exception.init.detail,
      errors: exception.init.errors,
      extensions: exception.init.extensions,
      headers: exception.init.headers,
    };
  }
  if (exception instanceof RemoteError) {
    // A service's bilingual error reply, passed straight through.
    const diagnostics = remoteDiagnostics(exception.detail);
    const errors = diagnostics ?? remoteFieldErrors(exception.detail, exception.messages);
    const context =
      exception.status < 500 &&
      !errors &&
      exception.detail !== undefined &&
      typeof exception.detail === 'object'
        ? { context: exception.detail }
        : undefined;
    return {
      status: exception.status,
      code: exception.code,
      title: titleFor(exception.code, exception.status),
      detail: exception.messages,
      errors,
      warnings: diagnostics ? remoteWarnings(exception.detail) : undefined,
      extensions: context,
    };
  }
  if (exception instanceof ThrottlerException) {
    return { status: 429, code: 'rate-limited', title: titleFor('rate-limited', 429) };
  }
  const parserProblem =
    typeof exception === 'object' && exception !== null ? bodyParserProblem(exception) : undefined;
  if (parserProblem) return parserProblem;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest maps body-parser's SyntaxError to a BadRequestException before filters see it.
    if (status === 400 && /JSON|Unexpected|token/i.test(exception.message)) {
      return { status, code: 'invalid-json', title: titleFor('invalid-json', 400) };
    }
    const code = GENERIC_CODES[status] ?? (status >= 500 ? 'internal' : 'invalid-request');
    if (status >= 500) logger?.error(exception.stack ?? exception.message);
    return { status, code, title: STATUS_TITLES[status] ?? titleFor(code, status) };
  }
  if ((exception as Error)?.name === 'TenancyViolation') {
    // A query named another office: answer as if the record did not exist, and log the bug.
    logger?.error((exception as Error).stack ?? String(exception));
    return { status: 404, code: 'not-found', title: titleFor('not-found', 404) };
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: 500, code: 'internal', title: titleFor('internal', 500) };
}

function localizedError(e: FieldError, language: Language) {
  return {
    ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
    ...(e.parameter !== undefined ? { parameter: e.parameter } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.path !== undefined ? { path: e.path } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    message: pick(e.message, language),
  };
}

/**
 * Every error of the HTTP edge as RFC 9457 `application/problem+json`, in the language
 * of Accept-Language (Bahasa Indonesia by default), with the request id as `instance`.
 * Stack traces are logged, never sent. Command handlers the gateway serves over NATS
 * get the messaging library's error replies instead.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => errorReplyFor(exception, this.logger));
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendProblem(http.getRequest<Request>(), http.getResponse<Response>(), exception, this.logger);
  }
}

/** Answers an HTTP request with the problem `exception` resolves to (see ProblemFilter). */
export function sendProblem(
  req: Request,
  res: Response,
  exception: unknown,
  logger?: Pick<Logger, 'error'>,
): void {
  const resolved = resolveProblem(exception, logger);
  if (res.headersSent) {
    // Already answered (e.g. a body cut for arriving too late): nothing to add.
    if (!res.writableEnded) logger?.error(`error after the response started: ${resolved.code}`);
    res.end();
    return;
  }
  const edge = edgeOf(req);
  const language = negotiateLanguage(req.headers['accept-language']);
  const body: ProblemBody = {
    ...(resolved.extensions ?? {}),
    type: problemType(resolved.code),
    title: pick(resolved.title, language),
    status: resolved.status,
    ...(resolved.detail ? { detail: pick(resolved.detail, language) } : {}),
    ...(edge.requestId ? { instance: edge.requestId } : {}),
    code: resolved.code,
    ...(resolved.errors?.length
      ? {
          errors: resolved.errors.map((e) => localizedError(e, language)),
        }
      : {}),
    ...(resolved.warnings?.length
      ? { warnings: resolved.warnings.map((e) => localizedError(e, language)) }
      : {}),
  };
  for (const [name, value] of Object.entries(resolved.headers ?? {})) res.setHeader(name, value);
  if (resolved.status === 401 && !res.getHeader('www-authenticate')) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="tatalaman"');
  }
  res.setHeader('Content-Language', language);
  res.setHeader('Vary', 'Accept-Language');
  res.status(resolved.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
