import { Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@tatalaman/config';
import { createService, HealthRegistry } from '../src';

@Injectable()
class FlakyDependency implements OnModuleInit {
  up = true;
  constructor(private readonly health: HealthRegistry) {}
  onModuleInit() {
    this.health.register('dependency', async () => {
      if (!this.up) throw new Error('connection refused');
      return 'answers';
    });
  }
}

@Module({ providers: [FlakyDependency] })
class FeatureModule {}

describe('createService', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createService({ name: 'content', module: FeatureModule }, loadConfig({ LOG_LEVEL: 'error' }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('reports 200 with each check when dependencies answer', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { dependency: { ok: true, detail: 'answers' } },
    });
  });

  it('reports 503 naming the failing dependency', async () => {
    app.get(FlakyDependency).up = false;
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, unknown> }).checks.dependency).toEqual({
      ok: false,
      detail: 'connection refused',
    });
    app.get(FlakyDependency).up = true;
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    const given = await fetch(`${base}/health`, { headers: { 'x-request-id': 'abc-123-def' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123-def');
    const made = await fetch(`${base}/health`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
