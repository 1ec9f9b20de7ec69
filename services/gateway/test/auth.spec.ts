import {
  call,
  expectStatus,
  insertPlatformAdmin,
  login,
  PASSWORD,
  startGateway,
  type TestGateway,
} from './support/harness';

describe('auth: login, refresh, logout, me', () => {
  let gw: TestGateway;
  const email = 'root@tatalaman.test';

  beforeAll(async () => {
    // Access tokens of 2 seconds, so expiry is observable.
    gw = await startGateway('auth', { accessTokenTtlSeconds: 2 });
    await insertPlatformAdmin(gw.dataSource, email);
  });
  afterAll(() => gw?.close());

  it('signs in with email and password and knows who is calling', async () => {
    const res = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: '  ROOT@tatalaman.test ', password: PASSWORD },
    });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 2, user: { email } });
    expect(res.body.refreshToken).toMatch(/^tlr_/);
    const me = await call(gw, 'GET', '/api/v1/me', { token: res.body.accessToken });
    expectStatus(me, 200);
    expect(me.body).toMatchObject({ kind: 'user', email, platformAdmin: true, scopes: null, offices: [] });
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'salah-sekali-123' },
    });
    const unknown = await call(gw, 'POST', '/api/v1/auth/login', {
      body: { email: 'nobody@x.test', password: 'salah-sekali-123' },
    });
    for (const res of [wrong, unknown]) {
      expectStatus(res, 401);
      expect(res.body).toMatchObject({ code: 'invalid-credentials', title: 'Email atau kata sandi salah' });
    }
  });

  it('rotates refresh tokens and ends the session when a spent one comes back', async () => {
    const first = await login(gw, email);
    const r1 = await call(gw, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expectStatus(r1, 200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: r1.body.accessToken }), 200);

    // The spent token again: somebody copied it. The whole session ends.
    const replay = await call(gw, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expectStatus(replay, 401);
    expect(replay.body.code).toBe('invalid-refresh-token');
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } }),
      401,
    );
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: r1.body.accessToken }), 401);
  });

  it('logs out: the access token of the session stops working at once', async () => {
    const s = await login(gw, email);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: s.token }), 200);
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/logout', { body: { refreshToken: s.refreshToken } }),
      204,
    );
    const after = await call(gw, 'GET', '/api/v1/me', { token: s.token });
    expectStatus(after, 401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // Logging out twice is fine.
    expectStatus(
      await call(gw, 'POST', '/api/v1/auth/logout', { body: { refreshToken: s.refreshToken } }),
      204,
    );
  });

  it('access tokens are short-lived; refresh gives a new one', async () => {
    const s = await login(gw, email);
    await new Promise((r) => setTimeout(r, 3_100));
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: s.token }), 401);
    const r = await call(gw, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expectStatus(r, 200);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: r.body.accessToken }), 200);
  });

  it('refuses forged and malformed tokens', async () => {
    const s = await login(gw, email);
    const [h, p] = s.token.split('.');
    for (const token of [`${h}.${p}.AAAA`, 'not-a-token', 'tlk_' + 'x'.repeat(43)]) {
      expectStatus(await call(gw, 'GET', '/api/v1/me', { token }), 401);
    }
  });

  it('changes the own password: other sessions end, the new password works', async () => {
    await insertPlatformAdmin(gw.dataSource, 'second@tatalaman.test');
    const a = await login(gw, 'second@tatalaman.test');
    const b = await login(gw, 'second@tatalaman.test');
    const weak = await call(gw, 'POST', '/api/v1/me/password', {
      token: a.token,
      body: { currentPassword: PASSWORD, newPassword: 'aaaaaaaaaaaa' },
      lang: 'en',
    });
    expectStatus(weak, 400);
    expect(weak.body.errors).toEqual([
      { pointer: '#/newPassword', message: 'The password is too easy to guess' },
    ]);
    const wrong = await call(gw, 'POST', '/api/v1/me/password', {
      token: a.token,
      body: { currentPassword: 'salah-salah-salah', newPassword: 'Kata-Sandi-Baru-2026' },
    });
    expectStatus(wrong, 400);
    expectStatus(
      await call(gw, 'POST', '/api/v1/me/password', {
        token: a.token,
        body: { currentPassword: PASSWORD, newPassword: 'Kata-Sandi-Baru-2026' },
      }),
      204,
    );
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: a.token }), 200);
    expectStatus(await call(gw, 'GET', '/api/v1/me', { token: b.token }), 401);
    await login(gw, 'second@tatalaman.test', 'Kata-Sandi-Baru-2026');
  });
});
