import type { Problem } from '@tatalaman/api-client';

/** An error answer of the API (RFC 9457), or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }
}

/** Wraps anything thrown into a problem the UI can show. */
export function toProblem(error: unknown, fallbackTitle: string): Problem {
  if (error instanceof ApiError) return error.problem;
  return {
    type: 'about:blank',
    title: fallbackTitle,
    status: 0,
    code: 'network',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** Whether a parsed body looks like a problem document. */
export function asProblem(body: unknown, status: number, fallbackTitle: string): Problem {
  if (body && typeof body === 'object' && typeof (body as Problem).title === 'string') {
    const p = body as Problem;
    return { ...p, code: p.code ?? 'unknown', status: p.status ?? status };
  }
  return { type: 'about:blank', title: fallbackTitle, status, code: 'unknown' };
}
