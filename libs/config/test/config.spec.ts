import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, renderEnvExample, repoRoot } from '../src';

describe('loadConfig', () => {
  it('fills defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.GATEWAY_PORT).toBe(3000);
    expect(c.NATS_PREFIX).toBe('tl');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.STACK_LOG_COMPONENTS).toBe(false);
  });

  it('coerces numbers and flags', () => {
    const c = loadConfig({ GATEWAY_PORT: '8080', STACK_LOG_COMPONENTS: 'yes' });
    expect(c.GATEWAY_PORT).toBe(8080);
    expect(c.STACK_LOG_COMPONENTS).toBe(true);
  });

  it('reports every bad variable at once, each on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'mysql://x', NATS_URL: 'http://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'GATEWAY_PORT', 'NATS_URL']);
    expect((error as Error).message).toContain(
      'DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://x")',
    );
  });

  it('requires a real secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: is required/);
  });

  it('lets private outbound targets through only outside production, as CIDRs', () => {
    expect(loadConfig({}).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toEqual([]);
    expect(
      loadConfig({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32, ::1/128' })
        .OUTBOUND_ALLOW_PRIVATE_NETWORKS,
    ).toEqual(['127.0.0.1/32', '::1/128']);
    expect(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'localhost' })).toThrow(
      /comma-separated CIDRs/,
    );
    expect(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/33' })).toThrow(/CIDRs/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(40),
        OUTBOUND_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
      }),
    ).toThrow(/development and tests only/);
  });

  it('keeps .env.example equal to the variable list', () => {
    const committed = readFileSync(join(repoRoot(), '.env.example'), 'utf8');
    expect(committed).toBe(renderEnvExample());
  });
});
