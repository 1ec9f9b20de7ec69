import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig, serviceNames, servicePort } from '@tatalaman/config';
import { createIsolatedDatabase, stackEnv, testRunId } from '@tatalaman/testing';
import { runningClusterInfo } from './cluster-target';
import { newInfoFile, type PlatformInfo } from './platform-info';

const root = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Seven consecutive free ports for the internal services' health endpoints. */
async function freeRange(size: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ok = await Promise.all(
      Array.from(
        { length: size },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const s = createServer()
              .once('error', () => resolve(false))
              .listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
}

/**
 * Starts the whole platform the way `npm start` does (migrations, demo seed, every
 * service as its own process under the supervisor), but on an isolated database,
 * NATS prefix, Temporal task queue, data folder and ports, so it never meets
 * `npm start`'s data or another run's.
 */
export default async function globalSetup(): Promise<void> {
  const target = process.env.E2E_TARGET || 'local';
  if (target !== 'local' && target !== 'cluster') {
    throw new Error(`E2E_TARGET must be local (the default) or cluster, not "${target}".`);
  }
  if (target === 'cluster') {
    const info = await runningClusterInfo();
    const file = newInfoFile(`${testRunId()}e2e`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(info, null, 2));
    return;
  }
  const stack = stackEnv();
  const db = await createIsolatedDatabase('e2e');
  const tag = `${testRunId()}e2e`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tatalaman-e2e-'));
  const [gatewayPort, sitePort, healthBase] = [await freePort(), await freePort(), await freeRange(7)];
  const demoPassword = 'E2e-Demo-Password-2026';
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    NATS_URL: stack.natsUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.temporalNamespace,
    NATS_PREFIX: `t${tag}`,
    TEMPORAL_TASK_QUEUE: `test-${tag}`,
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(gatewayPort),
    PUBLIC_SITE_PORT: String(sitePort),
    SERVICE_HEALTH_PORT_BASE: String(healthBase),
    PUBLIC_BASE_URL: `http://127.0.0.1:${gatewayPort}`,
    PUBLIC_SITE_BASE_URL: `http://127.0.0.1:${sitePort}`,
    DEMO_PASSWORD: demoPassword,
    // The API fuzz suite sends a few thousand requests a minute as one person.
    RATE_LIMIT_USER: '100000',
    // The social bridge of the tests listens on loopback (never allowed in production).
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
    STACK_SKIP_BUILD: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'test',
  };
  const logFile = join(dataDir, 'platform.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(root, 'deploy/local/bin/stack.mjs'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  const config = loadConfig(env);
  const healthUrls = Object.fromEntries(
    serviceNames.map((name) => [name, `http://127.0.0.1:${servicePort(config, name)}/health`]),
  );
  const info: PlatformInfo = {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    publicSiteUrl: `http://127.0.0.1:${sitePort}`,
    dataDir,
    pidDir: join(dataDir, 'run'),
    natsPrefix: env.NATS_PREFIX,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    databaseUrl: db.url,
    natsUrl: stack.natsUrl,
    temporalAddress: stack.temporalAddress,
    demoPassword,
    supervisorPid: child.pid!,
    healthUrls,
  };
  const infoFile = newInfoFile(tag);
  mkdirSync(dirname(infoFile), { recursive: true });
  writeFileSync(infoFile, JSON.stringify(info, null, 2));

  // Ready when every service answers its health check (the gateway's last, as npm start prints).
  const deadline = Date.now() + 240_000;
  const urls = Object.values(healthUrls);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform exited during start-up; see ${logFile}`);
    const answers = await Promise.all(
      urls.map((u) =>
        fetch(u).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    if (answers.every(Boolean)) break;
    if (Date.now() > deadline)
      throw new Error(`the platform did not become healthy within 4 minutes; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
