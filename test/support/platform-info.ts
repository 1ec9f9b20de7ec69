import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the global setup started, shared with every e2e test file through a file. */
export interface PlatformInfo {
  gatewayUrl: string;
  publicSiteUrl: string;
  dataDir: string;
  pidDir: string;
  natsPrefix: string;
  taskQueue: string;
  databaseUrl: string;
  natsUrl: string;
  temporalAddress: string;
  demoPassword: string;
  supervisorPid: number;
  /** Each service's health endpoint, by service name. */
  healthUrls: Record<string, string>;
  /** A platform the tests did not start (E2E_TARGET=cluster): teardown leaves it running. */
  external?: boolean;
}

/**
 * Where the global setup wrote what it started. Each Jest run has its own file
 * (the setup names it in the environment its tests inherit), so two e2e runs on
 * one machine never read or stop each other's platform.
 */
export function infoFile(): string {
  const file = process.env.E2E_PLATFORM_INFO;
  if (!file)
    throw new Error(
      'E2E_PLATFORM_INFO is not set: run the e2e tests with their Jest config (test/jest.config.js).',
    );
  return file;
}

export function newInfoFile(tag: string): string {
  const file = join(__dirname, '..', '..', 'tmp', `e2e-platform-${tag}.json`);
  process.env.E2E_PLATFORM_INFO = file;
  return file;
}

export function platformInfo(): PlatformInfo {
  const info = JSON.parse(readFileSync(infoFile(), 'utf8')) as PlatformInfo;
  // Test files talk to the platform's subjects and task queue, not their own.
  process.env.NATS_PREFIX = info.natsPrefix;
  process.env.TEMPORAL_TASK_QUEUE = info.taskQueue;
  return info;
}
