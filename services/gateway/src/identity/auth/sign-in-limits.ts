import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Problem } from '../../http/problems';
import {
  countFailure,
  deleteFailureCounts,
  isTrustedDevice,
  lockFailureCounts,
  pruneSignInLimits,
  trustDevice,
  uncountFailure,
} from './auth.queries';
import {
  type Backoff,
  GATEWAY_SETTINGS,
  type GatewaySettings,
  type SignInLimitSettings,
} from '../../settings';

export type SignInKeyKind = 'pair' | 'account' | 'client' | 'device';

/** One counter an attempt counts against; `id` is an HMAC, so no email or address is stored. */
export interface SignInKey {
  kind: SignInKeyKind;
  id: string;
}

const keyOf = (k: SignInKey) => `${k.kind}:${k.id}`;

/** The seconds the `n+1`-th attempt waits after the last failure, when `n` failed before. */
export function backoffSeconds(b: Backoff, failures: number): number {
  if (failures < b.free) return 0;
  return Math.min(b.capSeconds, 2 ** Math.min(30, failures - b.free));
}

/**
 * Growing delays after failed sign-ins, in Postgres (every replica sees the same counts).
 * There is no lockout: after a few free failures each further attempt on the same key must
 * wait 1 s after the last failure, then 2 s, 4 s … up to a cap, and the count is forgotten
 * an hour after the last failure. The keys of an attempt:
 *
 * - from a browser where the account signed in before (its device cookie): only
 *   `device` (that account in that browser). Nobody else's failures count against it, so
 *   an attacker cannot hold the account's holder back, nor an office's colleagues;
 * - from anywhere else: `pair` (the account from this client address), `account` (the
 *   account from all such clients: distributed guessing) and `client` (this address on all
 *   accounts: spraying). `client` is lenient, since a whole office behind one NAT shares
 *   the address, and only failures count: 200 people signing in at 07:30 cost nothing.
 *
 * An attempt on an account is counted as a failure before the password is checked (the
 * rows are locked while they are read and counted), so parallel guesses at one account see
 * each other and a burst gets no more tries than a sequence; a right password takes it back.
 * The address's count (`client`) grows only with actual failures, so a crowd signing in at
 * once from one address is never slowed by its own successful sign-ins.
 */
@Injectable()
export class SignInLimits {
  private readonly limits: SignInLimitSettings;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {
    this.limits = settings.signInLimits;
  }

  /** The keys of an attempt on `email` from `client`, through a trusted `device` or not. */
  keys(email: string, client: string, device?: string): SignInKey[] {
    const id = (...parts: string[]) =>
      createHmac('sha256', this.settings.authKey).update(parts.join('\u0000')).digest('base64url');
    if (device) return [{ kind: 'device', id: id('device', email, device) }];
    return [
      { kind: 'pair', id: id('pair', email, client) },
      { kind: 'account', id: id('account', email) },
      { kind: 'client', id: id('client', client) },
    ];
  }

  /**
   * Counts an attempt on `keys` (all but `client`, see `failed`), or refuses it (429,
   * `Retry-After`) when one of them must still wait; a refused attempt is not counted and
   * checks no password.
   */
  async reserve(keys: SignInKey[]): Promise<void> {
    const ids = keys.map(keyOf).sort();
    const counted = keys.filter((k) => k.kind !== 'client').map(keyOf);
    const forget = this.limits.forgetAfterSeconds;
    const wait = await this.dataSource.transaction(async (m) => {
      const rows = await lockFailureCounts(m, ids);
      let longest = 0;
      for (const row of rows) {
        const kind = row.key.slice(0, row.key.indexOf(':')) as SignInKeyKind;
        const fresh = row.waited === null || row.waited > forget;
        const backoff = fresh ? 0 : backoffSeconds(this.limits[kind], row.failures);
        if (backoff > 0) longest = Math.max(longest, backoff - Math.max(0, row.waited ?? 0));
      }
      if (longest > 0) return longest;
      await this.count(m, counted);
      return 0;
    });
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait));
      throw new Problem('rate-limited', {
        detail: {
          id: `Terlalu banyak percobaan masuk yang gagal. Tunggu ${seconds} detik, lalu coba lagi.`,
          en: `Too many failed sign-in attempts. Wait ${seconds} seconds, then try again.`,
        },
        headers: { 'Retry-After': String(seconds) },
        extensions: { retryAfter: seconds },
      });
    }
  }

  /** The password was wrong: the address counts it too. */
  async failed(keys: SignInKey[]): Promise<void> {
    const client = keys.filter((k) => k.kind === 'client').map(keyOf);
    if (client.length) await this.count(this.dataSource.manager, client);
  }

  /**
   * The password was right: the attempt was no failure. The account's own keys (this client
   * or this browser) start over; the account's shared key gives back the failure counted in
   * advance.
   */
  async succeeded(keys: SignInKey[]): Promise<void> {
    const own = keys.filter((k) => k.kind === 'pair' || k.kind === 'device').map(keyOf);
    const shared = keys.filter((k) => k.kind === 'account').map(keyOf);
    if (own.length) await deleteFailureCounts(this.dataSource, own);
    if (shared.length) await uncountFailure(this.dataSource, shared);
  }

  /** One more failure on each key (starting over when the last one is forgotten). */
  private async count(m: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await countFailure(m, ids, this.limits.forgetAfterSeconds);
  }

  /** Whether `device` is a browser `userId` signed in from within the trust period. */
  trusted(userId: string, device: string): Promise<boolean> {
    return isTrustedDevice(this.dataSource, userId, device, this.limits.trustDeviceSeconds);
  }

  /** The account signed in from this browser: its attempts from here count on their own. */
  async trust(userId: string, device: string): Promise<void> {
    await trustDevice(this.dataSource, userId, device);
  }

  /** Counts past their forgetting time, and browsers past their trust, go. */
  async prune(): Promise<void> {
    await pruneSignInLimits(this.dataSource, this.limits.forgetAfterSeconds, this.limits.trustDeviceSeconds);
  }
}
