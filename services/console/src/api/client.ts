import { createApiClient, type ApiClient, type Problem } from '@tatalaman/api-client';
import { currentLanguage, t } from '../i18n';
import { ApiError, asProblem } from './problem';
import { csrfToken, hasBrowserSession, session, signedIn, signedOut } from './session';

const BASE = globalThis.location?.origin ?? '';

let refreshing: Promise<boolean> | null = null;

/**
 * A new access token from the browser's session cookie, once at a time in this page
 * (concurrent 401s share it; other tabs refreshing at the same moment are fine too).
 */
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const csrf = csrfToken();
      if (!csrf) return false;
      const anonymous = createApiClient(BASE, {
        language: currentLanguage(),
        headers: { 'X-CSRF-Token': csrf },
      });
      const { data } = await anonymous.POST('/api/v1/auth/refresh', { body: {} });
      if (!data) {
        signedOut();
        return false;
      }
      signedIn(data);
      return true;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** Ends the browser's session (every tab of it) and forgets it here. */
export async function signOut(): Promise<void> {
  const csrf = csrfToken();
  try {
    if (csrf)
      await createApiClient(BASE, { headers: { 'X-CSRF-Token': csrf } }).POST('/api/v1/auth/logout', {
        body: {},
      });
  } finally {
    signedOut();
  }
}

/**
 * fetch with the session: an expired access token (401) is refreshed once and the
 * request sent again; a second 401 ends the session.
 */
export async function authFetch(input: Request | string, init?: RequestInit): Promise<Response> {
  const request = typeof input === 'string' ? new Request(new URL(input, BASE), init) : input;
  const retry = request.clone();
  const token = session().accessToken;
  if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
  if (!request.headers.has('accept-language')) request.headers.set('accept-language', currentLanguage());
  const first = await fetch(request);
  if (first.status !== 401 || !hasBrowserSession()) return first;
  if (!(await refreshSession())) return first;
  retry.headers.set('authorization', `Bearer ${session().accessToken}`);
  retry.headers.set('accept-language', currentLanguage());
  const second = await fetch(retry);
  if (second.status === 401) signedOut();
  return second;
}

let cached: { language: string; client: ApiClient } | null = null;

/** The typed client in the current language (its Accept-Language), with the session. */
export function api(): ApiClient {
  const language = currentLanguage();
  if (cached?.language !== language) {
    cached = {
      language,
      client: createApiClient(BASE, {
        language,
        token: () => session().accessToken ?? undefined,
        // openapi-fetch always passes a Request; the cast only widens the parameter type.
        fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
          authFetch(input instanceof Request ? input : new Request(input, init))) as typeof fetch,
      }),
    };
  }
  return cached.client;
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the problem. */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    throw new ApiError(0, {
      type: 'about:blank',
      title: t('problem.network'),
      status: 0,
      code: 'network',
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(
    result.response.status,
    asProblem(result.error, result.response.status, t('problem.unknown')) as Problem,
  );
}

/** A raw request of the API (files, SVG, HTML, uploads as text): the response, or an ApiError. */
export async function raw(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await authFetch(path, init);
  } catch (error) {
    throw new ApiError(0, {
      type: 'about:blank',
      title: t('problem.network'),
      status: 0,
      code: 'network',
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  if (res.ok) return res;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  throw new ApiError(res.status, asProblem(body, res.status, t('problem.unknown')));
}

export { BASE };
