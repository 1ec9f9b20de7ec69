import { table } from '../src/db';
import {
  call,
  type CallOptions,
  expectStatus,
  insertPlatformAdmin,
  PASSWORD,
  startGateway,
  type TestGateway,
} from './support/harness';

/** A browser's cookie jar, good enough for one host: name → value, replaced by every Set-Cookie. */
class Browser {
  cookies = new Map<string, string>();
  lastSetCookie: string[] = [];

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res: { headers: Headers }): void {
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  csrf(): string {
    return decodeURIComponent(this.cookies.get('tl_csrf') ?? '');
  }

  async send(gw: TestGateway, method: string, path: string, options: CallOptions = {}) {
    const res = await call(gw, method, path, {
      ...options,
      headers: { cookie: this.header(), ...options.headers },
    });
    this.keep(res);
    return res;
  }
}

const attribute = (lines: string[], name: string) => lines.find((l) => l.startsWith(`${name}=`)) ?? '';

describe('browser sessions: the refresh token in an HttpOnly cookie, CSRF-checked, shared by tabs', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway('browsersession');
    await insertPlatformAdmin(gw.dataSource, 'web@kpu.test');
  });
  afterAll(() => gw?.close());

  async function signedIn(): Promise<Browser> {
    const browser = new Browser();
    const res = await browser.send(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'web@kpu.test', password: PASSWORD, session: 'cookie' },
    });
    expectStatus(res, 200);
    return browser;
  }

  it('keeps the refresh token out of the answer and in an HttpOnly, SameSite=Strict cookie', async () => {
    const browser = new Browser();
    const res = await browser.send(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'web@kpu.test', password: PASSWORD, session: 'cookie' },
    });
    expectStatus(res, 200);
    expect(res.body.refreshToken).toBeUndefined();
    expect(res.body.accessToken).toEqual(expect.any(String));
    const refresh = attribute(browser.lastSetCookie, 'tl_refresh');
    expect(refresh).toMatch(/^tl_refresh=tlr_/);
    expect(refresh).toMatch(/; Path=\/api\/v1\/auth/);
    expect(refresh).toMatch(/; HttpOnly/);
    expect(refresh).toMatch(/; SameSite=Strict/);
    const csrf = attribute(browser.lastSetCookie, 'tl_csrf');
    expect(csrf).toMatch(/; Path=\//);
    expect(csrf).not.toMatch(/HttpOnly/);
    // Plain HTTP to 127.0.0.1 outside production: the one case without Secure.
    expect(refresh).not.toMatch(/Secure/);
    // Through a TLS proxy, or under any other host name, Secure is always there.
    for (const headers of [
      { 'x-forwarded-proto': 'https' },
      { 'x-forwarded-host': 'portal.kpu.go.id' },
    ] as Record<string, string>[]) {
      const other = new Browser();
      await other.send(gw, 'POST', '/api/v1/auth/login', {
        body: { email: 'web@kpu.test', password: PASSWORD, session: 'cookie' },
        headers,
      });
      for (const name of ['tl_refresh', 'tl_csrf', 'tl_device'])
        expect(attribute(other.lastSetCookie, name)).toMatch(/; Secure/);
    }
    // The API key / token way is unchanged.
    const tokens = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'web@kpu.test', password: PASSWORD },
    });
    expect(tokens.body.refreshToken).toMatch(/^tlr_/);
    expect(tokens.headers.getSetCookie().some((c) => c.startsWith('tl_refresh='))).toBe(false);
  });

  it('refreshes from the cookie only with the CSRF token of its session', async () => {
    const browser = await signedIn();
    const stranger = await signedIn();
    const refresh = (b: Browser, headers: Record<string, string>) =>
      b.send(gw, 'POST', '/api/v1/auth/refresh', { body: {}, headers });
    for (const headers of [
      {},
      { 'x-csrf-token': 'palsu' },
      { 'x-csrf-token': stranger.csrf() },
      { 'x-csrf-token': browser.csrf(), 'sec-fetch-site': 'cross-site' },
    ] as Record<string, string>[]) {
      const refused = await refresh(browser, headers);
      expect([refused.status, refused.body.code]).toEqual([403, 'csrf-failed']);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const before = browser.cookies.get('tl_refresh');
    const ok = await refresh(browser, { 'x-csrf-token': browser.csrf(), 'sec-fetch-site': 'same-origin' });
    expectStatus(ok, 200);
    expect(ok.body.refreshToken).toBeUndefined();
    expect(browser.cookies.get('tl_refresh')).not.toBe(before);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: ok.body.accessToken }), 200);
    // No cookie at all: sign in again.
    const none = await call(gw, 'POST', '/api/v1/auth/refresh', { body: {} });
    expect([none.status, none.body.code]).toEqual([401, 'invalid-refresh-token']);
  });

  it('lets tabs of one browser refresh at once, and still ends a session whose old cookie comes back later', async () => {
    const browser = await signedIn();
    const headers = { 'x-csrf-token': browser.csrf() };
    const cookie = browser.header();
    // Two tabs, one cookie: both get an access token; the browser keeps the newest refresh cookie.
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        call(gw, 'POST', '/api/v1/auth/refresh', { body: {}, headers: { ...headers, cookie } }),
      ),
    );
    expect([a!.status, b!.status]).toEqual([200, 200]);
    for (const r of [a!, b!])
      expectStatus(await call(gw, 'GET', '/api/v1/me', { token: r.body.accessToken }), 200);
    // The spent cookie, long after (copied and replayed): the whole session ends.
    await gw.dataSource.query(
      `UPDATE ${table('refresh_tokens')} SET used_at = now() - interval '5 minutes' WHERE used_at IS NOT NULL`,
    );
    const replay = await call(gw, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: { ...headers, cookie },
    });
    expect([replay.status, replay.body.code]).toEqual([401, 'invalid-refresh-token']);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: a!.body.accessToken }), 401);
  });

  it('signs out with the cookie and the CSRF token, clearing the cookies', async () => {
    const browser = await signedIn();
    const access = (
      await browser.send(gw, 'POST', '/api/v1/auth/refresh', {
        body: {},
        headers: { 'x-csrf-token': browser.csrf() },
      })
    ).body.accessToken as string;
    const forged = await browser.send(gw, 'POST', '/api/v1/auth/logout', { body: {} });
    expect([forged.status, forged.body.code]).toEqual([403, 'csrf-failed']);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: access }), 200);
    const out = await browser.send(gw, 'POST', '/api/v1/auth/logout', {
      body: {},
      headers: { 'x-csrf-token': browser.csrf() },
    });
    expectStatus(out, 204);
    expect(browser.cookies.has('tl_refresh')).toBe(false);
    expect(browser.cookies.has('tl_csrf')).toBe(false);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: access }), 401);
  });
});
