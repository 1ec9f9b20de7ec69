import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Every environment variable the platform reads, in one place.
 * `.env.example` is checked against this list by a test, so the two never drift.
 */

const portMessage = 'must be a port number from 1 to 65535';
const port = z.coerce
  .number({ error: portMessage })
  .int(portMessage)
  .min(1, portMessage)
  .max(65535, portMessage);
const msMessage = 'must be a whole number of milliseconds above 0';
const positiveMs = z.coerce.number({ error: msMessage }).int(msMessage).positive(msMessage);
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');
const natsUrl = z
  .string()
  .refine((v) => /^(nats|tls):\/\/[^\s]+$/.test(v), 'must be a nats:// URL, e.g. nats://127.0.0.1:4222');
const hostPort = z
  .string()
  .refine((v) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(v), 'must be host:port, e.g. 127.0.0.1:7233');
const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, 'must start with a letter and use only letters, digits, - and _');

function isValidCidr(cidr: string): boolean {
  const [address = '', bits = ''] = cidr.split('/');
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  return max > 0 && Number(bits) <= max;
}

export interface VariableSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  description: string;
  /** Shown in .env.example; when absent the variable is optional and unset by default. */
  example?: string;
  section: string;
}

function v<S extends z.ZodType>(
  section: string,
  schema: S,
  description: string,
  example?: string,
): VariableSpec<S> {
  return { section, schema, description, example };
}

export const variables = {
  NODE_ENV: v(
    'general',
    z.enum(['development', 'test', 'production']).default('development'),
    'development, test or production. Production refuses demo secrets.',
    'development',
  ),
  LOG_LEVEL: v(
    'general',
    z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    'Lowest level written to the logs.',
    'info',
  ),
  LOG_FORMAT: v(
    'general',
    z.enum(['pretty', 'json']).default('pretty'),
    'pretty: one readable line per entry; json: one JSON object per line, for log collectors.',
    'pretty',
  ),
  DATA_DIR: v(
    'general',
    z.string().min(1).optional(),
    'Folder for all local state (embedded Postgres, NATS store, Temporal SQLite). Default: .data in the repository.',
  ),

  DATABASE_URL: v(
    'postgres',
    postgresUrl.optional(),
    'Postgres to use. Unset: the platform starts embedded Postgres in DATA_DIR. Set: that server must answer.',
  ),
  EMBEDDED_POSTGRES_PORT: v(
    'postgres',
    port.default(5433),
    'Port for the embedded Postgres when DATABASE_URL is unset.',
    '5433',
  ),
  DATABASE_NAME: v(
    'postgres',
    name.default('tatalaman'),
    'Database the services use on the embedded server (each service owns a schema in it).',
    'tatalaman',
  ),

  NATS_URL: v(
    'nats',
    natsUrl.optional(),
    'NATS with JetStream. Unset: nats://127.0.0.1:4222 is used if it answers, else nats-server is started. Set: that server must answer.',
  ),
  NATS_PREFIX: v(
    'nats',
    name.default('tl'),
    'Root of every subject and stream name, so several installations (or test runs) can share one NATS.',
    'tl',
  ),

  NATS_STREAM_REPLICAS: v(
    'nats',
    z.coerce.number({ error: 'must be 1, 3 or 5' }).int().min(1).max(5).default(1),
    'JetStream replicas per event stream: 1 on one machine, 3 on a 3-node cluster (survives one node).',
    '1',
  ),
  NATS_STREAM_MAX_AGE: v(
    'nats',
    z
      .string()
      .regex(/^\d+[smhd]?$/, 'must be a duration like 90d, 12h or 0 (keep forever)')
      .optional(),
    'How long event streams keep events (e.g. 730d). Unset: forever, so reporting can always rebuild.',
  ),

  TEMPORAL_ADDRESS: v(
    'temporal',
    hostPort.optional(),
    'Temporal frontend. Unset: 127.0.0.1:EMBEDDED_TEMPORAL_PORT is used if it answers, else the Temporal CLI dev server is started there. Set: that server must answer.',
  ),
  EMBEDDED_TEMPORAL_PORT: v(
    'temporal',
    port.default(7233),
    'Port on 127.0.0.1 for the Temporal dev server when TEMPORAL_ADDRESS is unset: reused if a server answers there, started otherwise.',
    '7233',
  ),
  TEMPORAL_NAMESPACE: v('temporal', name.default('default'), 'Temporal namespace for all runs.', 'default'),
  TEMPORAL_TASK_QUEUE: v(
    'temporal',
    name.default('sop-runs'),
    'Task queue the worker polls for SOP runs.',
    'sop-runs',
  ),
  TEMPORAL_UI_PORT: v(
    'temporal',
    port.default(8233),
    'Web UI port of the embedded Temporal dev server.',
    '8233',
  ),
  TEMPORAL_CLI: v(
    'temporal',
    z.string().min(1).optional(),
    'Path to a `temporal` binary. Lookup otherwise: PATH, the Go bin folder, then `go install`.',
  ),

  STACK_START_TIMEOUT_MS: v(
    'stack',
    positiveMs.default(90_000),
    'How long each stack component may take to become ready.',
    '90000',
  ),
  STACK_SKIP_BUILD: v(
    'stack',
    flag.default(false),
    '`npm start` without its build step, for callers that just built (the end-to-end tests).',
    'false',
  ),
  STACK_SYSTEM_DIR: v(
    'stack',
    z.string().min(1).default('/var/lib/tatalaman'),
    'Run as root only: where the embedded Postgres keeps the binaries and cluster its `postgres` system user cannot reach in the data folder (a clone under /root).',
    '/var/lib/tatalaman',
  ),
  STACK_LOG_COMPONENTS: v(
    'stack',
    flag.default(false),
    "Also print the embedded servers' own logs (they always go to DATA_DIR/logs).",
    'false',
  ),

  GATEWAY_PORT: v('ports', port.default(3000), 'HTTP port of the gateway (API, docs, console).', '3000'),
  PUBLIC_SITE_PORT: v('ports', port.default(3100), 'HTTP port of the public office websites.', '3100'),
  SERVICE_HEALTH_PORT_BASE: v(
    'ports',
    port.default(3200),
    'Internal services expose health on consecutive ports from here (registry, content, approvals, publishing, reporting, worker).',
    '3200',
  ),
  HTTP_HOST: v(
    'ports',
    z.string().min(1).default('127.0.0.1'),
    'Interface the HTTP servers listen on. 0.0.0.0 to accept connections from other machines.',
    '127.0.0.1',
  ),
  PUBLIC_BASE_URL: v(
    'ports',
    z.string().url().default('http://localhost:3000'),
    'Address people use to reach the gateway; used in links and e-mails.',
    'http://localhost:3000',
  ),
  PUBLIC_SITE_BASE_URL: v(
    'ports',
    z.string().url().default('http://localhost:3100'),
    'Address the public reaches the office websites at.',
    'http://localhost:3100',
  ),

  AUTH_SECRET: v(
    'auth',
    z.string().min(32, 'must be at least 32 characters').optional(),
    'Secret that signs access tokens. Unset in development: one is generated and kept in DATA_DIR. Required in production.',
  ),
  RATE_LIMIT_USER: v(
    'auth',
    z.coerce.number().int().positive().default(600),
    'API requests per minute per signed-in person.',
    '600',
  ),
  RATE_LIMIT_API_KEY: v(
    'auth',
    z.coerce.number().int().positive().default(1200),
    'API requests per minute per API key.',
    '1200',
  ),
  SIGN_IN_FREE_FAILURES_PER_CLIENT: v(
    'auth',
    z.coerce.number().int().positive().default(100),
    'Failed sign-ins one client address (an office behind one NAT) may make within an hour before each further one waits, 1 s doubling to 15 min. Successful sign-ins never count; per account the limits are fixed (docs/identity.md).',
    '100',
  ),
  DEMO_PASSWORD: v(
    'auth',
    z.string().min(8, 'must be at least 8 characters').default('Demo-Tatalaman-2026'),
    'Password of the seeded demo users (development only).',
    'Demo-Tatalaman-2026',
  ),

  CHROMIUM_PATH: v(
    'testing',
    z.string().min(1).optional(),
    'Chromium for the browser tests. Unset: `chromium` on PATH, installed with apt-get by `npm test` when missing.',
  ),

  SMTP_URL: v(
    'notifications',
    z
      .string()
      .refine((s) => /^smtps?:\/\/.+/.test(s), 'must be smtp:// or smtps://')
      .optional(),
    'Send notification e-mails through this SMTP server. Unset: in-app notifications only.',
  ),
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: v(
    'outbound',
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((c) => /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(c) && isValidCidr(c)),
        'must be comma-separated CIDRs, e.g. 127.0.0.1/32',
      ),
    'Development and tests only: CIDRs webhooks and social channels may reach although not public (e.g. 127.0.0.1/32 for a local receiver). Refused in production; offices cannot set it.',
  ),
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;

export type Config = {
  [K in VariableName]: z.output<(typeof variables)[K]['schema']>;
};
