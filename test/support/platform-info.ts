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
}

export const infoFile = join(__dirname, '..', '..', 'tmp', 'e2e-platform.json');

export function platformInfo(): PlatformInfo {
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as PlatformInfo;
  // Test files talk to the platform's subjects and task queue, not their own.
  process.env.NATS_PREFIX = info.natsPrefix;
  process.env.TEMPORAL_TASK_QUEUE = info.taskQueue;
  return info;
}
