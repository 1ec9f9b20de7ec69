import { connect, type Socket } from 'node:net';
import { Get } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Endpoint } from '../src/http/endpoint';
import { ValidQuery } from '../src/http/params';
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

// Input that no schema thinks of: NUL bytes, lone surrogates, deep nesting, bodies that
// are announced and never come. The edge refuses it before Postgres, the idempotency
// fingerprint or a socket can be hurt by it.

const EchoView = apiSchema('HostileEchoView', z.object({ text: z.string() }));

@ApiController('hostile-probe', { name: 'Probe', description: 'Test only.' })
class EchoController {
  @Get('echo')
  @Endpoint({
    operationId: 'hostileEcho',
    summary: 'Echo',
    requires: 'signed-in',
    query: z.object({ text: z.string() }),
    response: EchoView,
  })
  echo(@ValidQuery() query: { text: string }) {
    return { text: query.text };
  }
}

const office = (name: unknown) => ({
  code: `uji-${Math.random().toString(36).slice(2, 8)}`,
  name,
  kind: 'kpu-kabupaten',
  timeZone: 'Asia/Jakarta',
});

/** One raw HTTP exchange: what the server answered (if anything) and when it closed the socket. */
function rawExchange(
  url: string,
  bytes: string,
  timeoutMs = 30_000,
): Promise<{ answer: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket: Socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection after ${timeoutMs} ms; it answered: ${answer}`));
    }, timeoutMs);
  });
}

describe('hostile input at the edge', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway('hostile', {}, { controllers: [EchoController] });
    await insertPlatformAdmin(gw.dataSource);
    ({ token } = await login(gw, 'root@tatalaman.test'));
  });
  afterAll(() => gw?.close());

  function expectProblem(res: Reply, status: number, code: string) {
    expectStatus(res, status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({ status, code });
  }

  it('refuses a NUL in a query parameter with the parameter named', async () => {
    const res = await call(gw, 'GET', '/api/v1/hostile-probe/echo?text=a%00b', { token, lang: 'en' });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors).toEqual([
      { parameter: 'text', message: 'Text must not contain a NUL character (\\u0000).' },
    ]);
    expectStatus(await call(gw, 'GET', '/api/v1/hostile-probe/echo?text=Pemilu%202029', { token }), 200);
  });

  it('refuses NUL and lone surrogates in JSON strings and keys, pointing at them', async () => {
    const nul = await call(gw, 'POST', '/api/v1/offices', { token, body: office('Kantor\u0000Uji') });
    expectProblem(nul, 400, 'invalid-request');
    expect(nul.body.errors[0].pointer).toBe('#/name');
    // JSON.stringify writes a lone surrogate as the escape `\ud800`, as an attacker would.
    const surrogate = await call(gw, 'POST', '/api/v1/offices', { token, body: office('Kantor \ud800') });
    expectProblem(surrogate, 400, 'invalid-request');
    expect(surrogate.body.errors[0].pointer).toBe('#/name');
    const key = await call(gw, 'POST', '/api/v1/offices', {
      token,
      body: { ...office('Kantor Uji'), ['x\u0000']: 1 },
    });
    expectProblem(key, 400, 'invalid-request');
    expect(key.body.errors[0].pointer).toBe('#/x\u0000');
    // Nothing of it reached the database.
    const [{ n }] = await gw.dataSource.query(
      `SELECT count(*)::int AS n FROM gateway.offices WHERE name LIKE 'Kantor%'`,
    );
    expect(n).toBe(0);
    // A well-formed pair (an emoji) is text like any other.
    expectStatus(await call(gw, 'POST', '/api/v1/offices', { token, body: office('Kantor 🗳️ Uji') }), 201);
  });

  it('answers a NUL or undecodable byte in the path as not found, not as a database error', async () => {
    expectProblem(await call(gw, 'GET', '/api/v1/offices/%00', { token }), 404, 'not-found');
    expectProblem(await call(gw, 'GET', '/api/v1/offices/kpu%00x/users', { token }), 404, 'not-found');
    expectProblem(await call(gw, 'GET', '/api/v1/offices/%ED%A0%80', { token }), 404, 'not-found');
  });

  it('refuses JSON nested deeper than the limit before hashing it for idempotency', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await call(gw, 'POST', '/api/v1/offices', {
      token,
      rawBody: `{"code":"dalam","name":"Dalam","kind":"kpu-kabupaten","timeZone":"Asia/Jakarta","x":${deep}}`,
      headers: { 'content-type': 'application/json' },
      lang: 'en',
    });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors[0].message).toBe('Data is nested too deeply (at most 64 levels).');
  });

  it('refuses a body declared larger than the route takes at once, signed in or not', async () => {
    const { answer, closedAfterMs } = await rawExchange(
      gw.url,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: uji\r\nContent-Type: application/json\r\n' +
        'Content-Length: 2000000\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('"code":"payload-too-large"');
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it('closes the connection when it answers an upload before its body came, instead of waiting for it', async () => {
    const { answer, closedAfterMs } = await rawExchange(
      gw.url,
      'PUT /api/v1/offices/kpu-uji/attachments/6f0c3f0e-5c1a-4f6e-9a55-2f1f0f6a9b41/content HTTP/1.1\r\n' +
        'Host: uji\r\nContent-Type: video/mp4\r\nContent-Length: 100000000\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it('cuts a body that never arrives, and headers that never end, within seconds', async () => {
    const [body, head] = await Promise.all([
      rawExchange(
        gw.url,
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: uji\r\nContent-Type: application/json\r\n' +
          'Content-Length: 200\r\n\r\n{"email":',
      ),
      rawExchange(gw.url, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: uji\r\nContent-Type: appl'),
    ]);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.answer).toContain('"code":"request-timeout"');
    expect(body.closedAfterMs).toBeLessThan(15_000);
    expect(head.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(head.answer).toContain('application/problem+json');
    expect(head.closedAfterMs).toBeLessThan(15_000);
  });
});
