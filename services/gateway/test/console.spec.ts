import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startGateway, type TestGateway } from './support/harness';

describe('the staff console, served beside the API', () => {
  let gw: TestGateway;
  const dir = mkdtempSync(join(tmpdir(), 'console-'));

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Konsol Tata Laman</title>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("konsol")');
    gw = await startGateway('console', { consoleDir: dir });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the build at / and its client-side routes, keeping /api and /health apart', async () => {
    const home = await fetch(`${gw.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Konsol Tata Laman');
    const asset = await fetch(`${gw.url}/assets/app.js`);
    expect(await asset.text()).toContain('konsol');
    const route = await fetch(`${gw.url}/kpu-prov-jateng/konten/123`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Konsol Tata Laman');

    const api = await call(gw, 'GET', '/api/v1/tidak-ada');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(api.headers.get('cache-control')).toBe('no-store');
    const health = await call(gw, 'GET', '/health');
    expect(health.body.status).toBe('ok');
  });

  it('sends the console and the API docs with a strict policy: no inline script, no framing, no sniffing', async () => {
    for (const path of ['/', '/masuk', '/kpu-prov-jateng/konten', '/assets/app.js', '/api/docs']) {
      const res = await fetch(`${gw.url}${path}`, { headers: { accept: 'text/html' } });
      expect([path, res.status]).toEqual([path, 200]);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect([path, directives.get('script-src')]).toEqual([path, "'self'"]);
      expect([path, directives.get('default-src')]).toEqual([path, "'self'"]);
      expect([path, directives.get('frame-ancestors')]).toEqual([path, "'none'"]);
      expect([path, directives.get('object-src')]).toEqual([path, "'none'"]);
      expect([path, directives.get('base-uri')]).toEqual([path, "'none'"]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
    const api = await call(gw, 'GET', '/api/v1/me');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
