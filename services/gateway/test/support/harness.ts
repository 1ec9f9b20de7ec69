import { randomUUID } from 'node:crypto';
import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common';
import { loadConfig } from '@tatalaman/config';
import { natsPrefix, streamNamesForPrefix } from '@tatalaman/contracts';
import { connectNats } from '@tatalaman/messaging';
import { createService } from '@tatalaman/service-host';
import { createIsolatedDatabase, type IsolatedDatabase, stackEnv } from '@tatalaman/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/identity/auth/passwords';
import { configureGateway } from '../../src/app';
import { table } from '../../src/db';
import { GatewayModule } from '../../src/gateway.module';
import type { GatewayOptions } from '../../src/settings';

export const AUTH_SECRET = 'test-secret-of-the-gateway-tests-0123456789';
export const PASSWORD = 'Rahasia-Uji-2026';

export interface TestGateway {
  app: INestApplication;
  url: string;
  db: IsolatedDatabase;
  dataSource: DataSource;
  nc: NatsConnection;
  close(): Promise<void>;
}

/**
 * The gateway as it runs in production (createService + configureGateway), on a fresh
 * database of the stack's Postgres, the stack's NATS under this test file's prefix,
 * listening on a free port.
 */
export async function startGateway(
  label: string,
  options: GatewayOptions = {},
  extra: {
    controllers?: Type<unknown>[];
    imports?: (Type<unknown> | DynamicModule)[];
    /** Another replica of a running test gateway: its database (which this one does not drop). */
    replicaOf?: TestGateway;
  } = {},
): Promise<TestGateway> {
  stackEnv();
  const shared = extra.replicaOf?.db;
  const db = shared ?? (await createIsolatedDatabase(label));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    AUTH_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
  });
  @Module({
    imports: [
      GatewayModule.forRoot({ databaseUrl: db.url, consoleDir: null, ...options }),
      ...(extra.imports ?? []),
    ],
    controllers: extra.controllers ?? [],
  })
  class TestRoot {}
  let app: INestApplication | undefined;
  try {
    app = await createService({ name: 'gateway', module: TestRoot, configure: configureGateway }, config);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
  } catch (e) {
    await app?.close().catch(() => undefined);
    if (!shared) await db.drop();
    throw e;
  }
  const address = app.getHttpServer().address() as { port: number };
  const dataSource = app.get(DataSource);
  const nc = await connectNats({ url: stackEnv().natsUrl, name: `gateway-test-${label}` });
  const prefix = natsPrefix();
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    db,
    dataSource,
    nc,
    async close() {
      await app.close();
      const jsm = await jetstreamManager(nc);
      for (const name of streamNamesForPrefix(prefix)) await jsm.streams.delete(name).catch(() => false);
      await nc.drain();
      if (!shared) await db.drop();
    },
  };
}

/** A platform admin straight in the database: the first account of an installation has to come from somewhere. */
export async function insertPlatformAdmin(
  dataSource: DataSource,
  email = 'root@tatalaman.test',
): Promise<string> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO ${table('users')} (id, email, name, password_hash, platform_admin) VALUES ($1, $2, $3, $4, true)`,
    [id, email, 'Admin Uji', await hashPassword(PASSWORD)],
  );
  return id;
}

// Tests read answers loosely; the schemas are checked by the gateway itself and by the OpenAPI tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Idempotency-Key; mutating calls get a fresh one unless given (or `null` for none). */
  key?: string | null;
  lang?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** One HTTP call to the gateway, JSON in and out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
  gw: { url: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lang) headers['accept-language'] = options.lang;
  const mutating = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  if (mutating && options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(gw.url + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export async function login(
  gw: { url: string },
  email: string,
  password = PASSWORD,
): Promise<{ token: string; refreshToken: string; userId: string }> {
  const res = await call(gw, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200)
    throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.accessToken, refreshToken: res.body.refreshToken, userId: res.body.user.id };
}

/** Fails the test with the answer when the status is not the expected one. */
export function expectStatus(res: Reply, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

export async function eventually<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
