import { createApiClient, idempotencyKey, type ApiClient } from '@tatalaman/api-client';
import { platformInfo } from './platform-info';

export { idempotencyKey };

/** The demo account of a role in an office, as the gateway's seed creates it. */
export const demoEmail = (office: string, role: string) => `${role}@${office}.demo.tatalaman.id`;
export const officeAdminEmail = (office: string) => `admin@${office}.demo.tatalaman.id`;
export const platformAdminEmail = 'admin@tatalaman.id';

/** A call that did not succeed, with its HTTP status (0: no answer at all). */
export class ApiCallFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problem document's type, e.g. `.../idempotency-in-progress`. */
    readonly problemType?: string,
  ) {
    super(message);
  }
}

/**
 * Runs `call` again while the platform cannot answer (no connection, 502/503/504):
 * a service restarting under the supervisor. Callers keep their Idempotency-Key
 * outside `call`, so a retry of a request that did land changes nothing twice.
 */
export async function retrying<T>(call: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      // fetch's own TypeError comes from Node's realm, not the test sandbox's: match by name.
      const status = e instanceof ApiCallFailed ? e.status : (e as Error)?.name === 'TypeError' ? 0 : -1;
      // 409 idempotency-in-progress: the first try of this very request is still being worked on.
      const inProgress = e instanceof ApiCallFailed && !!e.problemType?.endsWith('idempotency-in-progress');
      const transient = status === 0 || status === 502 || status === 503 || status === 504 || inProgress;
      if (!transient || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const sessions = new Map<string, Promise<ApiClient>>();

/** Signs in once per account and returns a typed client acting as that person. */
export function as(email: string, language: 'id' | 'en' = 'id'): Promise<ApiClient> {
  const cacheKey = `${email}|${language}`;
  let session = sessions.get(cacheKey);
  if (!session) {
    session = retrying(async () => {
      const info = platformInfo();
      const anonymous = createApiClient(info.gatewayUrl, { language });
      const signIn = await anonymous.POST('/api/v1/auth/login', {
        body: { email, password: info.demoPassword },
      });
      const data = ok(signIn);
      return createApiClient(info.gatewayUrl, { token: data.accessToken, language });
    });
    // A failed sign-in is not remembered: the next call tries again.
    session.catch(() => sessions.delete(cacheKey));
    sessions.set(cacheKey, session);
  }
  return session;
}

/** Fails with the problem document when a call did not succeed. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || !result.response.ok) {
    const problem = result.error as { type?: unknown } | undefined;
    throw new ApiCallFailed(
      result.response.status,
      `${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`,
      typeof problem?.type === 'string' ? problem.type : undefined,
    );
  }
  return result.data;
}
