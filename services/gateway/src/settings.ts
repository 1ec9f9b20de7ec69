import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, dataDir } from '@tatalaman/config';

/** Knobs of the gateway; production uses the defaults, tests shorten them. */
export interface GatewayOptions {
  /** Default: DATABASE_URL (+ DATABASE_NAME). */
  databaseUrl?: string;
  /** Default: AUTH_SECRET, else (development) a secret generated once and kept in DATA_DIR. */
  authSecret?: string;
  /** Lifetime of access tokens. Default 15 minutes. */
  accessTokenTtlSeconds?: number;
  /** Absolute lifetime of a session (its refresh tokens). Default 30 days. */
  sessionTtlSeconds?: number;
  rateLimits?: Partial<RateLimits>;
  /** The console's static build; default dist/services/console when it exists. `null`: never serve it. */
  consoleDir?: string | null;
}

export interface RateLimits {
  /** Requests per window per signed-in person. */
  user: number;
  /** Requests per window per API key. */
  apiKey: number;
  /** Unauthenticated requests per window per IP (other than login). */
  anonymous: number;
  /** Login attempts per window per IP. */
  login: number;
  /** Failed logins per email per failure window, before that email is locked for the window. */
  loginFailuresPerEmail: number;
  windowSeconds: number;
  /** How long an IP stays blocked after exceeding the login limit. */
  loginBlockSeconds: number;
  loginFailureWindowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  user: 600,
  apiKey: 1200,
  anonymous: 120,
  login: 10,
  loginFailuresPerEmail: 10,
  windowSeconds: 60,
  loginBlockSeconds: 300,
  loginFailureWindowSeconds: 900,
};

export interface GatewaySettings {
  authKey: Uint8Array;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  rateLimits: RateLimits;
  consoleDir: string | null;
}

export const GATEWAY_SETTINGS = Symbol('GATEWAY_SETTINGS');

/**
 * The secret that signs access tokens (and seals stored one-time answers). In development
 * without AUTH_SECRET, one is generated on first start and kept in DATA_DIR, so tokens
 * survive restarts; production refuses to start without AUTH_SECRET (libs/config).
 */
export function resolveAuthSecret(config: Config, explicit?: string): string {
  if (explicit) return explicit;
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (config.NODE_ENV === 'production') throw new Error('AUTH_SECRET is required when NODE_ENV=production.');
  const file = join(dataDir(config), 'secrets', 'gateway-auth-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function resolveSettings(config: Config, options: GatewayOptions, defaultConsoleDir: string | null) {
  const secret = resolveAuthSecret(config, options.authSecret);
  return {
    authKey: new TextEncoder().encode(secret),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 15 * 60,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 30 * 24 * 3600,
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      user: config.RATE_LIMIT_USER,
      apiKey: config.RATE_LIMIT_API_KEY,
      login: config.RATE_LIMIT_LOGIN,
      ...options.rateLimits,
    },
    consoleDir: options.consoleDir === undefined ? defaultConsoleDir : options.consoleDir,
  } satisfies GatewaySettings;
}
