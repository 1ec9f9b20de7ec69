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
  /** Growing delays after failed sign-ins (auth/sign-in-limits.ts). */
  signInLimits?: Partial<SignInLimitSettings>;
  /** The console's static build; default dist/services/console when it exists. `null`: never serve it. */
  consoleDir?: string | null;
}

export interface RateLimits {
  /** Requests per window per signed-in person. */
  user: number;
  /** Requests per window per API key. */
  apiKey: number;
  /** Unauthenticated requests per window per IP (other than sign-in, refresh and sign-out). */
  anonymous: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  user: 600,
  apiKey: 1200,
  anonymous: 120,
  windowSeconds: 60,
};

/**
 * After `free` failures, each further attempt waits 1 s after the last failure, then 2 s,
 * 4 s … up to `capSeconds`. Successful sign-ins never count.
 */
export interface Backoff {
  free: number;
  capSeconds: number;
}

/** Growing delays after failed sign-ins, per key (auth/sign-in-limits.ts; docs/identity.md). */
export interface SignInLimitSettings {
  /** One account from one client address (a browser it never signed in from). */
  pair: Backoff;
  /** One account from all client addresses without a trusted device: distributed guessing. */
  account: Backoff;
  /** One client address, all accounts: an office behind one NAT shares it, so it is lenient. */
  client: Backoff;
  /** One account from one browser where it signed in before (device cookie). */
  device: Backoff;
  /** A key's failures are forgotten after this long without a new one. */
  forgetAfterSeconds: number;
  /** How long a browser stays trusted for an account after its last sign-in there. */
  trustDeviceSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitSettings = {
  pair: { free: 5, capSeconds: 15 * 60 },
  account: { free: 20, capSeconds: 5 * 60 },
  client: { free: 100, capSeconds: 15 * 60 },
  device: { free: 5, capSeconds: 5 * 60 },
  forgetAfterSeconds: 60 * 60,
  trustDeviceSeconds: 90 * 24 * 3600,
};

export interface GatewaySettings {
  authKey: Uint8Array;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  rateLimits: RateLimits;
  signInLimits: SignInLimitSettings;
  /**
   * Cookies are `Secure` always in production; elsewhere they drop `Secure` only for a
   * request that came over plain HTTP to a loopback host (localhost, 127.0.0.1, ::1), so
   * `npm start` and the tests work without TLS.
   */
  insecureLoopbackCookies: boolean;
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
      ...options.rateLimits,
    },
    signInLimits: {
      ...DEFAULT_SIGN_IN_LIMITS,
      client: { ...DEFAULT_SIGN_IN_LIMITS.client, free: config.SIGN_IN_FREE_FAILURES_PER_CLIENT },
      ...options.signInLimits,
    },
    insecureLoopbackCookies: config.NODE_ENV !== 'production',
    consoleDir: options.consoleDir === undefined ? defaultConsoleDir : options.consoleDir,
  } satisfies GatewaySettings;
}
