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
      rateLimits: {
        user: 8,
        apiKey: 6,
        anonymous: 5,
        login: 4,
        loginFailuresPerEmail: 3,
        windowSeconds: 60,
        loginBlockSeconds: 120,
        loginFailureWindowSeconds: 600,
      },
    });
    await insertPlatformAdmin(gw.dataSource, 'a@tatalaman.test');
    await insertPlatformAdmin(gw.dataSource, 'b@tatalaman.test');
    await insertPlatformAdmin(gw.dataSource, 'locked@tatalaman.test');
  });
  afterAll(() => gw?.close());

  it('limits each person on their own, across routes, with a problem+json 429 and Retry-After', async () => {
    // Logins come from one IP: they count against the login limit (4), so only two here.
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

  it('limits sign-in attempts per IP and blocks for a while', async () => {
    // Two logins above used 2 of 4.
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/login', {
        body: { email: 'x@y.test', password: 'salah-salah-1' },
      }),
      401,
    );
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/login', {
        body: { email: 'x@y.test', password: 'salah-salah-2' },
      }),
      401,
    );
    const blocked = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'b@tatalaman.test', password: PASSWORD },
    });
    expectStatus(blocked, 429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('counts unauthenticated calls per IP', async () => {
    let limited = 0;
    for (let i = 0; i < 7; i++) {
      const res = await call(gw, 'GET', '/api/v1/me', { token: 'invalid' });
      if (res.status === 429) limited++;
      else expectStatus(res, 401);
    }
    expect(limited).toBe(2);
  });
});

describe('failed sign-ins per account', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway('loginfail', { rateLimits: { login: 100, loginFailuresPerEmail: 3 } });
    await insertPlatformAdmin(gw.dataSource, 'target@tatalaman.test');
  });
  afterAll(() => gw?.close());

  it('locks an account after repeated wrong passwords, even with the right one', async () => {
    for (let i = 0; i < 3; i++) {
      expectStatus(
        await call(gw, 'POST', '/api/v1/auth/login', {
          body: { email: 'target@tatalaman.test', password: `salah-${i}-xxxxx` },
        }),
        401,
      );
    }
    const locked = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'target@tatalaman.test', password: PASSWORD },
    });
    expectStatus(locked, 429);
    expect(locked.body.detail).toMatch(/akun ini/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
