import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApiClient, idempotencyKey, isProblem } from '@tatalaman/api-client';
import { repoRoot } from '@tatalaman/config';
import { collectApiRoutes } from '../src/openapi/document';
import {
  call,
  expectStatus,
  insertPlatformAdmin,
  PASSWORD,
  startGateway,
  type TestGateway,
} from './support/harness';

const run = promisify(execFile);
const root = repoRoot();

describe('OpenAPI document and generated client', () => {
  let gw: TestGateway;
  let served: { openapi: string; jsonSchemaDialect: string; paths: Record<string, object>; servers: unknown };

  beforeAll(async () => {
    gw = await startGateway('openapi');
    await insertPlatformAdmin(gw.dataSource);
    const res = await call(gw, 'GET', '/api/openapi.json');
    expectStatus(res, 200);
    served = res.body;
  });
  afterAll(() => gw?.close());

  it('is OpenAPI 3.1 with JSON Schema 2020-12, served with Swagger UI', async () => {
    expect(served.openapi).toBe('3.1.0');
    expect(served.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    const ui = await fetch(`${gw.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    // Every API route is described (collectApiRoutes throws on one without @Endpoint).
    const routes = collectApiRoutes(gw.app);
    const documented = Object.entries(served.paths).flatMap(([p, ops]) =>
      Object.keys(ops as object).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('passes Spectral (spectral:oas) without errors or warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oas-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(served));
      const bin = join(root, 'node_modules', '.bin', 'spectral');
      const args = [
        'lint',
        file,
        '--ruleset',
        join(root, 'services/gateway/.spectral.yaml'),
        '--format',
        'json',
        '--fail-severity',
        'warn',
        '--quiet',
      ];
      const result = (await run(bin, args, { cwd: root }).then(
        (r) => ({ ...r, code: 0 }),
        (e: { stdout?: string; stderr?: string; code?: number }) => e,
      )) as { stdout?: string; stderr?: string; code?: number };
      // A crash of the linter must not pass for a clean document: its JSON report is required.
      expect(result.stdout ?? '').toMatch(/^\s*\[/);
      const findings = JSON.parse(result.stdout!) as {
        code: string;
        message: string;
        path: string[];
        severity: number;
      }[];
      // Severity 0 is an error, 1 a warning.
      const problems = findings
        .filter((f) => f.severity <= 1)
        .map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`);
      expect(problems).toEqual([]);
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('has the committed client generated from the current code', async () => {
    const committed = JSON.parse(readFileSync(join(root, 'libs/api-client/openapi.json'), 'utf8'));
    expect({ ...served, servers: committed.servers }).toEqual(committed);
    // The authoritative check: regenerate in memory and compare both files byte for byte.
    const result = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'services/gateway/src/openapi/emit.ts', '--check'],
      { cwd: root },
    ).catch((e: { stderr?: string; code?: number }) => e);
    expect((result as { stderr?: string }).stderr ?? '').toBe('');
  }, 120_000);

  it('the generated client drives the live gateway', async () => {
    const anonymous = createApiClient(gw.url, { language: 'en' });
    const login = await anonymous.POST('/api/v1/auth/login', {
      body: { email: 'root@tatalaman.test', password: PASSWORD },
    });
    expect(login.error).toBeUndefined();
    const api = createApiClient(gw.url, { token: login.data!.accessToken, language: 'en' });
    const created = await api.POST('/api/v1/offices', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } },
      body: {
        code: 'kpu-kab-contoh',
        name: 'KPU Kabupaten Contoh',
        kind: 'kpu-kabupaten',
        timeZone: 'Asia/Jayapura',
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.timeZone).toBe('Asia/Jayapura');
    const calendar = await api.GET('/api/v1/offices/{office}/calendar', {
      params: { path: { office: 'kpu-kab-contoh' }, query: { year: 2026 } },
    });
    expect(calendar.data?.holidays.length).toBeGreaterThan(10);
    const refused = await api.POST('/api/v1/offices', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } },
      body: { code: 'kpu-kab-contoh', name: 'Lagi', kind: 'other', timeZone: 'Asia/Jakarta' },
    });
    expect(isProblem(refused.error)).toBe(true);
    expect(refused.error).toMatchObject({
      status: 409,
      code: 'office-exists',
      title: 'The office code is already in use',
    });
  });
});
