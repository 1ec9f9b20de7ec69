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
});
