import { findUnsafeText, textFault, UNSAFE_TEXT_MESSAGES } from '@tatalaman/contracts';
import type { NextFunction, Request, Response } from 'express';
import { pointerOf } from './params';
import { notFound, Problem } from './problems';

/**
 * Refuses, before any guard, schema, idempotency fingerprint or service sees it, text the
 * platform cannot store (libs/contracts text-safety): a NUL or a lone surrogate in a
 * query parameter or JSON/text body (400 with the field named), JSON nested deeper than
 * MAX_JSON_DEPTH (400), and a path segment with a NUL or bytes that are not UTF-8 (404:
 * such a path names nothing). Headers need no check here: Node's parser refuses control
 * characters in them and reads them as Latin-1, which has no surrogates.
 */
export function refuseUnsafeInput(req: Request, _res: Response, next: NextFunction) {
  if (!req.path.startsWith('/api/')) return next();
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(notFound());
    }
    if (textFault(decoded)) return next(notFound());
  }
  const inQuery = findUnsafeText(req.query);
  if (inQuery) {
    return next(
      new Problem('invalid-request', {
        detail: { id: 'Parameter permintaan tidak valid.', en: 'The query parameters are not valid.' },
        errors: [{ parameter: String(inQuery.path[0] ?? ''), message: UNSAFE_TEXT_MESSAGES[inQuery.reason] }],
      }),
    );
  }
  const inBody = findUnsafeText(req.body);
  if (inBody) {
    return next(
      new Problem('invalid-request', {
        detail: { id: 'Isi permintaan tidak valid.', en: 'The request body is not valid.' },
        errors: [{ pointer: pointerOf(inBody.path), message: UNSAFE_TEXT_MESSAGES[inBody.reason] }],
      }),
    );
  }
  next();
}
