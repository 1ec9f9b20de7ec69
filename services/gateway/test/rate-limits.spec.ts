import {
  call,
  expectStatus,
  insertPlatformAdmin,
  login,
  PASSWORD,
  startGateway,
  type TestGateway,
} from './support/harness';

describe('rate limits', () => {
  let gw: TestGateway;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startGateway('ratelimit', {
      rateLimits: { user: 8, apiKey: 6, anonymous: 5, windowSeconds: 60 },
    });
    await insertPlatformAdmin(gw.dataSource, 'a@tatalaman.test');
    await insertPlatformAdmin(gw.dataSource, 'b@tatalaman.test');
    await insertPlatformAdmin(gw.dataSource, 'locked@tatalaman.test');
  });
  afterAll(() => gw?.close());

  it('limits each person on their own, across routes, with a problem+json 429 and Retry-After', async () => {
    const a = await login(gw, 'a@tatalaman.test');
    const b = await login(gw, 'b@tatalaman.test');
    tokens.b = b.token;
    for (let i = 0; i < 8; i++) {
      const path = i % 2 ? '/api/v1/me' : '/api/v1/offices';
      expectStatus(await call(gw, 'GET', path, { token: a.token }), 200);
    }
    const limited = await call(gw, 'GET', '/api/v1/me', { token: a.token, lang: 'en' });
    expectStatus(limited, 429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'rate-limited', title: 'Too many requests' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The other person, from the same IP, is not affected.
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: b.token }), 200);
  });

  it('limits each API key on its own', async () => {
    // b's token from above (logins are spent); office and key cost b two requests.
    const b = tokens.b!;
    expectStatus(
      await call(gw, 'POST', '/api/v1/offices', {
        token: b,
        body: { code: 'kantor-kunci', name: 'Kantor Kunci', kind: 'other', timeZone: 'Asia/Jayapura' },
      }),
      201,
    );
    const key = await call(gw, 'POST', '/api/v1/offices/kantor-kunci/api-keys', {
      token: b,
      body: { name: 'Sistem', scopes: ['office:read'] },
    });
    expectStatus(key, 201);
    for (let i = 0; i < 6; i++)
      expectStatus(await call(gw, 'GET', '/api/v1/offices/kantor-kunci', { token: key.body.secret }), 200);
    expectStatus(await call(gw, 'GET', '/api/v1/offices/kantor-kunci', { token: key.body.secret }), 429);
    expectStatus(await call(gw, 'GET', '/api/v1/offices/kantor-kunci', { token: b }), 200);
  });

  it('counts unauthenticated calls per IP', async () => {
    let limited = 0;
    for (let i = 0; i < 7; i++) {
      const res = await call(gw, 'GET', '/api/v1/me', { token: 'invalid' });
      if (res.status === 429) limited++;
      else expectStatus(res, 401);
    }
    expect(limited).toBe(2);
    // Sign-in, refresh and sign-out are not anonymous calls of that limit (sign-in has its own).
    const again = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@tatalaman.test', password: PASSWORD },
    });
    expectStatus(again, 200);
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: again.body.refreshToken } }),
      200,
    );
  });
});
