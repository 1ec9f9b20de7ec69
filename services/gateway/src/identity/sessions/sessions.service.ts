import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newSecret, sha256Hex } from '../auth/tokens';
import type { UserPrincipal } from '../../http/context';
import { Problem } from '../../http/problems';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../../settings';
import {
  insertRefreshToken,
  insertSession,
  issuedRefreshToken,
  markRefreshed,
  openSession,
  pruneSessions,
  revokeSession,
  revokeSessionsOf,
  sessionAccount,
  sessionOfToken,
  spendRefreshToken,
} from './sessions.queries';

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

const invalidRefresh = () =>
  new Problem('invalid-refresh-token', {
    detail: { id: 'Silakan masuk kembali.', en: 'Please sign in again.' },
  });

/**
 * Sessions and their rotating refresh tokens. A refresh token is good once: refreshing
 * returns a new one. Presenting a spent token again means it was copied, so the whole
 * session ends (OAuth 2.0 Security BCP, refresh token rotation with reuse detection).
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {}

  async create(
    userId: string,
    meta: SessionMeta,
  ): Promise<{ sessionId: string; refreshToken: string; expiresAt: Date }> {
    const sessionId = randomUUID();
    const refreshToken = newSecret('tlr');
    const expiresAt = new Date(Date.now() + this.settings.sessionTtlSeconds * 1000);
    await this.dataSource.transaction(async (m) => {
      await insertSession(m, {
        id: sessionId,
        userId,
        expiresAt,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
      });
      await insertRefreshToken(m, sha256Hex(refreshToken), sessionId);
    });
    return { sessionId, refreshToken, expiresAt };
  }

  /**
   * Spends a refresh token and issues the next one of the same session.
   *
   * `graceSeconds` (browser sessions): tabs of one browser share the refresh cookie, and two
   * may send the same token at once; the one that comes second within this many seconds of
   * the first gets a new access token but no new refresh token (`refreshToken` undefined:
   * the browser already has the next one). Outside the grace, or with none (API clients),
   * a spent token coming back ends the session.
   */
  async rotate(
    refreshToken: string,
    { graceSeconds = 0 }: { graceSeconds?: number } = {},
  ): Promise<{ userId: string; sessionId: string; refreshToken?: string; expiresAt: Date }> {
    const hash = sha256Hex(refreshToken);
    const outcome = await this.dataSource.transaction(async (m) => {
      const sessionId = await spendRefreshToken(m, hash);
      if (!sessionId) {
        const known = await issuedRefreshToken(m, hash, graceSeconds);
        if (known?.recent && graceSeconds > 0) {
          const session = await openSession(m, known.session_id);
          if (!session) return undefined;
          return {
            userId: session.user_id,
            sessionId: known.session_id,
            expiresAt: session.expires_at,
          };
        }
        if (known) {
          await revokeSession(m, known.session_id, 'refresh-token-reuse');
          return { reuse: known.session_id };
        }
        return undefined;
      }
      const session = await openSession(m, sessionId);
      if (!session) return undefined;
      const next = newSecret('tlr');
      await insertRefreshToken(m, sha256Hex(next), sessionId);
      await markRefreshed(m, sessionId);
      return {
        userId: session.user_id,
        sessionId,
        refreshToken: next,
        expiresAt: session.expires_at,
      };
    });
    if (outcome && 'reuse' in outcome) {
      // Committed above: the session stays revoked even though this request fails.
      this.logger.warn(`refresh token reused: session ${outcome.reuse} revoked`);
      throw invalidRefresh();
    }
    if (!outcome) throw invalidRefresh();
    return outcome;
  }

  /** Ends a session (logout). Returns false when it was not active. */
  revoke(sessionId: string, reason: string): Promise<boolean> {
    return revokeSession(this.dataSource, sessionId, reason);
  }

  /**
   * The session a refresh token belongs to, if that token is current (or, with `spentToo`,
   * if it was ever issued: a browser's cookie may be one refresh behind for a moment).
   */
  sessionOfRefreshToken(refreshToken: string, { spentToo = false } = {}): Promise<string | undefined> {
    return sessionOfToken(this.dataSource, sha256Hex(refreshToken), spentToo);
  }

  async revokeAllOf(manager: EntityManager, userId: string, reason: string, except?: string): Promise<void> {
    await revokeSessionsOf(manager, userId, reason, except ?? null);
  }

  /** The person behind an access token, if the session is still open and the account active. */
  async principal(userId: string, sessionId: string): Promise<UserPrincipal | undefined> {
    const row = await sessionAccount(this.dataSource, userId, sessionId);
    if (!row) return undefined;
    return {
      kind: 'user',
      id: row.id,
      name: row.name,
      email: row.email,
      platformAdmin: row.platform_admin,
      sessionId,
    };
  }

  /** Spent refresh tokens of ended sessions are of no use after a while. */
  async prune(): Promise<void> {
    await pruneSessions(this.dataSource);
  }
}
