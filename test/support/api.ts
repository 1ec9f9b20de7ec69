import { createApiClient, idempotencyKey, type ApiClient } from '@tatalaman/api-client';
import { platformInfo } from './platform-info';

export { idempotencyKey };

/** The demo account of a role in an office, as the gateway's seed creates it. */
export const demoEmail = (office: string, role: string) => `${role}@${office}.demo.tatalaman.id`;
export const officeAdminEmail = (office: string) => `admin@${office}.demo.tatalaman.id`;
export const platformAdminEmail = 'admin@tatalaman.id';

const sessions = new Map<string, Promise<ApiClient>>();

/** Signs in once per account and returns a typed client acting as that person. */
export function as(email: string, language: 'id' | 'en' = 'id'): Promise<ApiClient> {
  const cacheKey = `${email}|${language}`;
  let session = sessions.get(cacheKey);
  if (!session) {
    session = (async () => {
      const info = platformInfo();
      const anonymous = createApiClient(info.gatewayUrl, { language });
      const { data, error } = await anonymous.POST('/api/v1/auth/login', {
        body: { email, password: info.demoPassword },
      });
      if (!data) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(error)}`);
      return createApiClient(info.gatewayUrl, { token: data.accessToken, language });
    })();
    sessions.set(cacheKey, session);
  }
  return session;
}

/** Fails with the problem document when a call did not succeed. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || !result.response.ok) {
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}
