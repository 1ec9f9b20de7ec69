import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { table } from '../db';
import type { Principal } from '../http/context';
import { Problem } from '../http/problems';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { SessionsService, type SessionMeta } from '../sessions/sessions.service';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../settings';
import { burnVerification, verifyPassword } from './passwords';
import { LoginFailures } from './login-failures';
import { signAccessToken, verifyAccessToken } from './tokens';
import type { TokensView } from './auth.api';

const wrongCredentials = () =>
  new Problem('invalid-credentials', {
    detail: { id: 'Periksa kembali email dan kata sandi Anda.', en: 'Check your email and password.' },
  });

/** Sign-in, token refresh and sign-out; and who is behind a bearer token. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly failures: LoginFailures;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {
    this.failures = new LoginFailures(
      settings.rateLimits.loginFailuresPerEmail,
      settings.rateLimits.loginFailureWindowSeconds * 1000,
    );
  }

  async login(emailInput: string, password: string, meta: SessionMeta): Promise<TokensView> {
    const email = emailInput.trim().toLowerCase();
    const locked = this.failures.lockedFor(email);
    if (locked > 0) {
      throw new Problem('rate-limited', {
        detail: {
          id: 'Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi nanti.',
          en: 'Too many failed sign-ins for this account. Try again later.',
        },
        headers: { 'Retry-After': String(locked) },
      });
    }
    const [user] = await this.dataSource.query(
      `SELECT id, name, email, password_hash, active FROM ${table('users')} WHERE email = $1`,
      [email],
    );
    let ok = false;
    if (user) ok = (await verifyPassword(user.password_hash, password)) && user.active;
    else await burnVerification(password);
    if (!ok) {
      this.failures.fail(email);
      this.logger.log(`sign-in refused for ${user ? `user ${user.id}` : 'an unknown email'}`);
      throw wrongCredentials();
    }
    this.failures.clear(email);
    const session = await this.sessions.create(user.id, meta);
    this.logger.log(`user ${user.id} signed in (session ${session.sessionId})`);
    return this.tokens(
      { id: user.id, name: user.name, email: user.email },
      session.sessionId,
      session.refreshToken,
      session.expiresAt,
    );
  }

  async refresh(refreshToken: string): Promise<TokensView> {
    const next = await this.sessions.rotate(refreshToken);
    const [user] = await this.dataSource.query(
      `SELECT id, name, email FROM ${table('users')} WHERE id = $1`,
      [next.userId],
    );
    return this.tokens(user, next.sessionId, next.refreshToken, next.expiresAt);
  }

  /** Ends the session of a refresh token; unknown or spent tokens change nothing. */
  async logout(refreshToken: string): Promise<void> {
    const sessionId = await this.sessions.sessionOfRefreshToken(refreshToken);
    if (sessionId && (await this.sessions.revoke(sessionId, 'logout'))) {
      this.logger.log(`session ${sessionId} signed out`);
    }
  }

  /**
   * The principal of an `Authorization: Bearer …` header: an API key (`tlk_…`) or an
   * access token. Undefined when there is no valid credential.
   */
  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return undefined;
    const token = match[1]!;
    if (token.startsWith('tlk_')) return this.apiKeys.authenticate(token);
    const claims = await verifyAccessToken(this.settings.authKey, token);
    if (!claims) return undefined;
    return this.sessions.principal(claims.userId, claims.sessionId);
  }

  private async tokens(
    user: { id: string; name: string; email: string },
    sessionId: string,
    refreshToken: string,
    sessionExpiresAt: Date,
  ): Promise<TokensView> {
    const access = await signAccessToken(
      this.settings.authKey,
      user.id,
      sessionId,
      this.settings.accessTokenTtlSeconds,
    );
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: this.settings.accessTokenTtlSeconds,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      sessionExpiresAt: new Date(sessionExpiresAt).toISOString(),
      user: { id: user.id, name: user.name, email: user.email },
    };
  }
}
