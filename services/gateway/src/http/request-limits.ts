import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './problem.filter';
import { Problem, problemType, titleFor } from './problems';

/**
 * How long a request may take to arrive, so that a client announcing a body and never
 * sending it (or sending it a byte at a time) holds a connection for seconds, not for
 * half an hour — signed in or not.
 *
 * - Headers: HEADERS_TIMEOUT_MS (Node's own check, run every second instead of every 30 s).
 * - A body: BODY_GRACE_MS plus its declared length at MIN_BODY_RATE; a body declared
 *   larger than the route takes is refused (413) before a byte of it is read.
 * - Whatever the route: REQUEST_TIMEOUT_MS, the largest upload over a slow link.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const BODY_GRACE_MS = 10_000;
/** 1 Mbit/s: a 200 MB video may take 27 minutes, a 1 MB JSON body 18 s, a small one 10 s. */
export const MIN_BODY_RATE = 128 * 1024;
export const REQUEST_TIMEOUT_MS = 30 * 60_000;

/**
 * The body limit of a request (the route's own for uploads, 1 MB for JSON). `refuseEarly`:
 * a larger declared body is refused here, before the route; streamed uploads say so
 * themselves (413 `too-large`), after the office and the record, and read nothing first.
 */
export type BodyLimitOf = (req: Request) => { maxBytes: number; refuseEarly: boolean };

/** The `Content-Length` a request declares, `undefined` without one; NaN when it is not a number. */
function declaredLength(req: Request): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  return /^\d{1,15}$/.test(header) ? Number(header) : Number.NaN;
}

/**
 * Refuses bodies declared over the route's limit at once (413, connection closed: the body
 * is never read), and cuts bodies that do not arrive in time (408). Any answer given
 * before the body came whole closes the connection, so nobody waits for the rest of it.
 */
export function bodyLimits(limitOf: BodyLimitOf) {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = declaredLength(req);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!chunked && !length) return next();
    const { maxBytes: limit, refuseEarly } = limitOf(req);
    if (refuseEarly && length !== undefined && length > limit) {
      res.setHeader('Connection', 'close');
      // The error body-parser raises once it has read too much, raised before reading anything.
      return next(
        Object.assign(new Error('request entity too large'), {
          type: 'entity.too.large',
          status: 413,
          limit,
        }),
      );
    }
    // An answer (an error, a refusal) before the body is in: do not wait for the rest.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!req.complete && !this.headersSent) this.setHeader('Connection', 'close');
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    const allowedMs = Math.min(
      REQUEST_TIMEOUT_MS,
      BODY_GRACE_MS + Math.ceil(((length ?? limit) / MIN_BODY_RATE) * 1000),
    );
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (res.headersSent) {
        req.socket.destroy();
        return;
      }
      res.once('finish', () => req.socket.destroySoon());
      sendProblem(
        req,
        res,
        new Problem('request-timeout', {
          detail: {
            id: `Isi permintaan tidak tiba dalam ${Math.round(allowedMs / 1000)} detik.`,
            en: `The request body did not arrive within ${Math.round(allowedMs / 1000)} seconds.`,
          },
        }),
      );
    }, allowedMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
    next();
  };
}

/**
 * A problem+json answer written straight to a socket, for requests Node's parser refused
 * before there was a request object (bad header bytes, oversized or late headers). The
 * language is Bahasa Indonesia: the Accept-Language header may be what failed to parse.
 */
function rawProblem(status: number, code: string, reason: string): string {
  const title = titleFor(code, status);
  const body = JSON.stringify({
    type: problemType(code),
    title: title.id,
    status,
    instance: randomUUID(),
    code,
  });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
    `Content-Language: id\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** Node's parser errors (llhttp codes) → the answer; the same statuses Node's own handler uses. */
function clientErrorAnswer(code: string | undefined): string {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return rawProblem(408, 'request-timeout', 'Request Timeout');
    case 'HPE_HEADER_OVERFLOW':
      return rawProblem(431, 'headers-too-large', 'Request Header Fields Too Large');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return rawProblem(413, 'payload-too-large', 'Payload Too Large');
    default:
      return rawProblem(400, 'invalid-request', 'Bad Request');
  }
}

const logger = new Logger('HttpServer');

/**
 * Sets the server's timeouts (see above) and answers requests its parser refuses with
 * problem+json instead of Node's bare `400 Bad Request`. Call before `listen`: Node reads
 * `connectionsCheckingInterval` when the server starts listening.
 */
export function limitRequestTimes(server: Server): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  // Node checks both timeouts every 30 s by default: a 10 s limit would hold up to 40 s.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    logger.debug(`refused a request Node could not parse: ${error.code ?? error.message}`);
    // Only when no answer to an earlier request on this connection is being written.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.end(clientErrorAnswer(error.code));
    socket.destroySoon();
  });
}
