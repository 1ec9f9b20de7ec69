import { Get } from '@nestjs/common';
import { commandErrorReply } from '@tatalaman/contracts';
import { RemoteError } from '@tatalaman/messaging';
import { z } from 'zod';
import { ApiController, Endpoint } from '../src/http/endpoint';
import { apiSchema } from '../src/http/schemas';
import {
  call,
  expectStatus,
  insertPlatformAdmin,
  login,
  type Reply,
  startGateway,
  type TestGateway,
} from './support/harness';

const ProbeView = apiSchema('ProblemsProbeView', z.object({ ok: z.boolean() }));

@ApiController('problems-probe', { name: 'Probe', description: 'Test only.' })
class ProbeController {
  @Get('crash')
  @Endpoint({ operationId: 'probeCrash', summary: 'Crash', requires: 'signed-in', response: ProbeView })
  crash(): never {
    throw new Error('secret internals at /srv/tatalaman/db.ts:42');
  }

  @Get('remote')
  @Endpoint({
    operationId: 'probeRemote',
    summary: 'Remote refusal',
    requires: 'signed-in',
    response: ProbeView,
  })
  remote(): never {
    throw new RemoteError(
      'content.item.submit',
      commandErrorReply(409, 'revision-conflict', {
        id: 'Revisi ini sudah diganti revisi yang lebih baru.',
        en: 'A newer revision replaced this one.',
      }),
    );
  }

  @Get('remote-invalid')
  @Endpoint({
    operationId: 'probeRemoteInvalid',
    summary: 'Remote validation',
    requires: 'signed-in',
    response: ProbeView,
  })
  remoteInvalid(): never {
    throw new RemoteError(
      'content.item.submit',
      commandErrorReply(
        400,
        'invalid-request',
        { id: 'Permintaan tidak valid.', en: 'The request is not valid.' },
        [
          { path: ['title'], message: 'Too small' },
          { path: ['tags', 0], message: { id: 'Teks memuat NUL.', en: 'Text contains a NUL.' } },
        ],
      ),
    );
  }

  @Get('leaky')
  @Endpoint({
    operationId: 'probeLeaky',
    summary: 'Returns more than its schema',
    requires: 'signed-in',
    response: ProbeView,
  })
  leaky() {
    return { ok: true, passwordHash: '$argon2id$…' };
  }
}

describe('problem+json', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway('problems', {}, { controllers: [ProbeController] });
    await insertPlatformAdmin(gw.dataSource);
    ({ token } = await login(gw, 'root@tatalaman.test'));
  });
  afterAll(() => gw?.close());

  function expectProblem(res: Reply, status: number, code: string) {
    expectStatus(res, status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({ type: `https://tatalaman.id/problems/${code}`, status, code });
    expect(typeof res.body.title).toBe('string');
    expect(res.body.instance).toBe(res.headers.get('x-request-id'));
  }

  it('speaks Bahasa Indonesia by default and English on request', async () => {
    const id = await call(gw, 'GET', '/api/v1/me');
    expectProblem(id, 401, 'unauthenticated');
    expect(id.body.title).toBe('Perlu masuk terlebih dahulu');
    expect(id.headers.get('content-language')).toBe('id');
    const en = await call(gw, 'GET', '/api/v1/me', { lang: 'en-US,en;q=0.9,id;q=0.5' });
    expect(en.body.title).toBe('Authentication is required');
    expect(en.headers.get('content-language')).toBe('en');
    const preferId = await call(gw, 'GET', '/api/v1/me', { lang: 'en;q=0.3, id' });
    expect(preferId.body.title).toBe('Perlu masuk terlebih dahulu');
    const unknown = await call(gw, 'GET', '/api/v1/me', { lang: 'fr' });
    expect(unknown.body.title).toBe('Perlu masuk terlebih dahulu');
  });

  it('carries the caller request id as instance', async () => {
    const res = await call(gw, 'GET', '/api/v1/me', {
      headers: { 'x-request-id': 'req-from-the-console-1234' },
    });
    expect(res.body.instance).toBe('req-from-the-console-1234');
  });

  it('points at each invalid field, in both languages', async () => {
    const body = {
      code: 'Bukan Slug',
      name: '',
      kind: 'kantor',
      timeZone: 'Asia/Tokyo',
      workingHours: { '1': [{ start: '7:30', end: '16:00' }] },
    };
    const id = await call(gw, 'POST', '/api/v1/offices', { token, body });
    expectProblem(id, 400, 'invalid-request');
    const pointers = id.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '#/code',
        '#/name',
        '#/kind',
        '#/timeZone',
        '#/workingHours/1/0/start',
        '#/workingHours/2',
      ]),
    );
    expect(id.body.errors.find((e: { pointer: string }) => e.pointer === '#/code').message).toBe(
      'Kode kantor hanya huruf kecil, angka dan tanda hubung (maks. 63)',
    );
    expect(id.body.errors.find((e: { pointer: string }) => e.pointer === '#/name').message).toMatch(
      /^Terlalu kecil/,
    );
    const en = await call(gw, 'POST', '/api/v1/offices', { token, body, lang: 'en' });
    expect(en.body.errors.find((e: { pointer: string }) => e.pointer === '#/code').message).toBe(
      'An office code uses lower-case letters, digits and hyphens (at most 63)',
    );
    expect(en.body.errors.find((e: { pointer: string }) => e.pointer === '#/name').message).toMatch(
      /^Too small/,
    );
  });

  it('names invalid query parameters', async () => {
    await insertPlatformAdmin(gw.dataSource, 'other@tatalaman.test');
    const res = await call(gw, 'GET', '/api/v1/platform-audit?limit=5000&from=kemarin', {
      token,
      lang: 'en',
    });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual(['from', 'limit']);
  });

  it('answers unknown routes, malformed JSON, big bodies and other media types as problems', async () => {
    expectProblem(await call(gw, 'GET', '/api/v1/nothing-here', { token }), 404, 'not-found');
    expectProblem(
      await call(gw, 'POST', '/api/v1/offices', {
        token,
        rawBody: '{"code": ',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid-json',
    );
    const big = { code: 'besar', name: 'x'.repeat(1_100_000), kind: 'other', timeZone: 'Asia/Jakarta' };
    const tooLarge = await call(gw, 'POST', '/api/v1/offices', { token, body: big, lang: 'en' });
    expectProblem(tooLarge, 413, 'payload-too-large');
    expect(tooLarge.body.detail).toBe('A JSON request body may be at most 1 MB.');
    expectProblem(
      await call(gw, 'POST', '/api/v1/offices', {
        token,
        rawBody: 'code=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported-media-type',
    );
  });

  it('never leaks internals of a failure', async () => {
    const res = await call(gw, 'GET', '/api/v1/problems-probe/crash', { token, lang: 'en' });
    expectProblem(res, 500, 'internal');
    expect(JSON.stringify(res.body)).not.toMatch(/secret|srv|db\.ts|at /);
    expect(res.body.title).toBe('The server failed');
  });

  it("passes a service's bilingual refusal straight through", async () => {
    const id = await call(gw, 'GET', '/api/v1/problems-probe/remote', { token });
    expectProblem(id, 409, 'revision-conflict');
    expect(id.body).toMatchObject({
      title: 'Bertentangan dengan data terkini',
      detail: 'Revisi ini sudah diganti revisi yang lebih baru.',
    });
    const en = await call(gw, 'GET', '/api/v1/problems-probe/remote', { token, lang: 'en' });
    expect(en.body.detail).toBe('A newer revision replaced this one.');
    const invalid = await call(gw, 'GET', '/api/v1/problems-probe/remote-invalid', { token });
    expectProblem(invalid, 400, 'invalid-request');
    expect(invalid.body.errors).toEqual([
      { pointer: '#/title', message: 'Too small' },
      { pointer: '#/tags/0', message: 'Teks memuat NUL.' },
    ]);
  });

  it('sends only what the response schema describes', async () => {
    const res = await call(gw, 'GET', '/api/v1/problems-probe/leaky', { token });
    expectStatus(res, 200);
    expect(res.body).toEqual({ ok: true });
  });
});
