import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '@tatalaman/persistence';
import { newSecret, sha256Hex } from '../auth/tokens';
import { table } from '../../db';
import type { UserPrincipal } from '../../http/context';
import { Problem } from '../../http/problems';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../../settings';

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
      await m.query(
        `INSERT INTO ${table('sessions')} (id, user_id, expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5)`,
        [sessionId, userId, expiresAt, meta.userAgent?.slice(0, 300) ?? null, meta.ip ?? null],
      );
      await m.query(`INSERT INTO ${table('refresh_tokens')} (token_hash, session_id) VALUES ($1, $2)`, [
        sha256Hex(refreshToken),
        sessionId,
      ]);
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
    const open = async (m: EntityManager, sessionId: string) => {
      const [session] = await m.query(
        `SELECT s.user_id, s.expires_at FROM ${table('sessions')} s JOIN ${table('users')} u ON u.id = s.user_id
          WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
        [sessionId],
      );
      return session as { user_id: string; expires_at: Date } | undefined;
    };
    const outcome = await this.dataSource.transaction(async (m) => {
      const spent = await rows<{ session_id: string }>(
        m,
        `UPDATE ${table('refresh_tokens')} SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id`,
        [hash],
      );
      if (spent.length === 0) {
        const [known] = await m.query(
          `SELECT session_id, used_at > now() - make_interval(secs => $2) AS recent
             FROM ${table('refresh_tokens')} WHERE token_hash = $1`,
          [hash, graceSeconds],
        );
        if (known?.recent && graceSeconds > 0) {
          const session = await open(m, known.session_id);
          if (!session) return undefined;
          return {
            userId: session.user_id,
            sessionId: known.session_id as string,
            expiresAt: session.expires_at,
          };
        }
        if (known) {
          await m.query(
            `UPDATE ${table('sessions')} SET revoked_at = now(), revoked_reason = 'refresh-token-reuse'
              WHERE id = $1 AND revoked_at IS NULL`,
            [known.session_id],
          );
          return { reuse: known.session_id as string };
        }
        return undefined;
      }
      const sessionId = spent[0]!.session_id;
      const session = await open(m, sessionId);
      if (!session) return undefined;
      const next = newSecret('tlr');
      await m.query(`INSERT INTO ${table('refresh_tokens')} (token_hash, session_id) VALUES ($1, $2)`, [
        sha256Hex(next),
        sessionId,
      ]);
      await m.query(`UPDATE ${table('sessions')} SET last_refreshed_at = now() WHERE id = $1`, [sessionId]);
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
  async revoke(sessionId: string, reason: string): Promise<boolean> {
    const revoked = await rows(
      this.dataSource,
      `UPDATE ${table('sessions')} SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return revoked.length > 0;
  }

  /**
   * The session a refresh token belongs to, if that token is current (or, with `spentToo`,
   * if it was ever issued: a browser's cookie may be one refresh behind for a moment).
   */
  async sessionOfRefreshToken(refreshToken: string, { spentToo = false } = {}): Promise<string | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT session_id FROM ${table('refresh_tokens')} WHERE token_hash = $1 AND ($2 OR used_at IS NULL)`,
      [sha256Hex(refreshToken), spentToo],
    );
    return row?.session_id;
  }

  async revokeAllOf(manager: EntityManager, userId: string, reason: string, except?: string): Promise<void> {
    await manager.query(
      `UPDATE ${table('sessions')} SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, except ?? null],
    );
  }

  /** The person behind an access token, if the session is still open and the account active. */
  async principal(userId: string, sessionId: string): Promise<UserPrincipal | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.name, u.email, u.platform_admin
         FROM ${table('sessions')} s JOIN ${table('users')} u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionId, userId],
    );
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
    await this.dataSource.query(
      `DELETE FROM ${table('sessions')} WHERE (revoked_at IS NOT NULL AND revoked_at < now() - interval '30 days')
          OR expires_at < now() - interval '30 days'`,
    );
  }
}
