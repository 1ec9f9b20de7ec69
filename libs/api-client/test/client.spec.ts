import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createApiClient, idempotencyKey, isProblem } from '../src';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server standing in for the gateway: records what the client sends, answers like it. */
describe('createApiClient', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url === '/api/v1/me') {
          res.writeHead(401, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: 'https://tatalaman.id/problems/unauthenticated',
              title: 'x',
              status: 401,
              code: 'unauthenticated',
            }),
          );
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('sends the token, the language and typed paths, parameters and bodies', async () => {
    let current = 'token-1';
    const api = createApiClient(base, { token: () => current, language: 'en' });
    const key = idempotencyKey();
    const res = await api.POST('/api/v1/offices/{office}/role-bindings', {
      params: { path: { office: 'kpu-prov-jateng' }, header: { 'Idempotency-Key': key } },
      body: { userId: '0b6f0f3c-5c55-4f1a-8a4e-3f1d2f3b4c5d', role: 'kabag-hth' },
    });
    expect(res.response.status).toBe(201);
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({ method: 'POST', url: '/api/v1/offices/kpu-prov-jateng/role-bindings' });
    expect(last.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'accept-language': 'en',
      'idempotency-key': key,
    });
    expect(JSON.parse(last.body)).toEqual({
      userId: '0b6f0f3c-5c55-4f1a-8a4e-3f1d2f3b4c5d',
      role: 'kabag-hth',
    });
    current = 'token-2';
    await api.GET('/api/v1/offices/{office}/audit', {
      params: { path: { office: 'kpu-kota-palu' }, query: { entity: 'user', limit: 10 } },
    });
    const audit = seen[seen.length - 1]!;
    expect(audit.url).toBe('/api/v1/offices/kpu-kota-palu/audit?entity=user&limit=10');
    expect(audit.headers.authorization).toBe('Bearer token-2');
  });

  it('gives problems back as typed errors', async () => {
    const api = createApiClient(base);
    const { data, error } = await api.GET('/api/v1/me');
    expect(data).toBeUndefined();
    expect(isProblem(error)).toBe(true);
    expect(error?.code).toBe('unauthenticated');
    expect(seen[seen.length - 1]!.headers['accept-language']).toBe('id');
    expect(seen[seen.length - 1]!.headers.authorization).toBeUndefined();
  });
});
