import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Problem } from '../../http/problems';
import { SessionsService, type SessionMeta } from '../sessions/sessions.service';
import { accountForSignIn, accountName } from '../users/users.queries';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../../settings';
import { burnVerification, verifyPassword } from './passwords';
import { SignInLimits } from './sign-in-limits';
import { signAccessToken } from './tokens';
import type { TokensView } from './auth.api';

const wrongCredentials = () =>
  new Problem('invalid-credentials', {
    detail: { id: 'Periksa kembali email dan kata sandi Anda.', en: 'Check your email and password.' },
  });

/** A new or refreshed session: the answer, and what the browser side needs. */
export interface Signed {
  tokens: TokensView;
  sessionId: string;
  /** Undefined when a browser's second tab refreshed within the grace (no new refresh token). */
  refreshToken?: string;
  sessionExpiresAt: Date;
  userId: string;
}

/** Seconds a browser's just-spent refresh cookie still gets an access token (tabs refreshing at once). */
const BROWSER_REFRESH_GRACE_SECONDS = 30;

/** Sign-in, token refresh and sign-out (who is behind a bearer token: AccessService). */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly limits: SignInLimits,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {}

  /**
   * Checks email and password under the sign-in limits (sign-in-limits.ts): `client` is the
   * caller's address, `device` the browser's device id when its cookie is valid (it counts
   * on its own only when the account signed in from it before).
   */
  async login(
    emailInput: string,
    password: string,
    meta: SessionMeta & { device?: string },
  ): Promise<Signed> {
    const email = emailInput.trim().toLowerCase();
    const user = await accountForSignIn(this.dataSource, email);
    const trusted = !!user && !!meta.device && (await this.limits.trusted(user.id, meta.device));
    const keys = this.limits.keys(email, meta.ip ?? 'unknown', trusted ? meta.device : undefined);
    // Unknown emails are limited exactly like known ones: the answers tell nothing apart.
    await this.limits.reserve(keys);
    let ok = false;
    if (user) ok = (await verifyPassword(user.password_hash, password)) && user.active;
    else await burnVerification(password);
    if (!ok || !user) {
      await this.limits.failed(keys);
      this.logger.log(`sign-in refused for ${user ? `user ${user.id}` : 'an unknown email'}`);
      throw wrongCredentials();
    }
    await this.limits.succeeded(keys);
    const session = await this.sessions.create(user.id, meta);
    this.logger.log(`user ${user.id} signed in (session ${session.sessionId})`);
    return this.signed(
      { id: user.id, name: user.name, email: user.email },
      session.sessionId,
      session.refreshToken,
      session.expiresAt,
    );
  }

  /** The account signed in from this browser: its attempts from here count on their own. */
  trustDevice(userId: string, device: string): Promise<void> {
    return this.limits.trust(userId, device);
  }

  /** `browser`: the token came from the refresh cookie (tabs may refresh at once: a short grace). */
  async refresh(refreshToken: string, { browser = false } = {}): Promise<Signed> {
    const next = await this.sessions.rotate(refreshToken, {
      graceSeconds: browser ? BROWSER_REFRESH_GRACE_SECONDS : 0,
    });
    const user = await accountName(this.dataSource, next.userId);
    return this.signed(user!, next.sessionId, next.refreshToken, next.expiresAt);
  }

  /** The session of a refresh token, spent or not (the browser's cookie, for its CSRF check). */
  sessionOf(refreshToken: string, { spentToo = false } = {}): Promise<string | undefined> {
    return this.sessions.sessionOfRefreshToken(refreshToken, { spentToo });
  }

  /** Ends the session of a refresh token; unknown or spent tokens change nothing. */
  async logout(refreshToken: string): Promise<void> {
    const sessionId = await this.sessions.sessionOfRefreshToken(refreshToken);
    if (sessionId) await this.endSession(sessionId);
  }

  /** Ends a session (a browser's sign-out, after its CSRF check). */
  async endSession(sessionId: string): Promise<void> {
    if (await this.sessions.revoke(sessionId, 'logout')) this.logger.log(`session ${sessionId} signed out`);
  }

  private async signed(
    user: { id: string; name: string; email: string },
    sessionId: string,
    refreshToken: string | undefined,
    sessionExpiresAt: Date,
  ): Promise<Signed> {
    const access = await signAccessToken(
      this.settings.authKey,
      user.id,
      sessionId,
      this.settings.accessTokenTtlSeconds,
    );
    return {
      tokens: {
        tokenType: 'Bearer',
        accessToken: access.token,
        expiresIn: this.settings.accessTokenTtlSeconds,
        accessTokenExpiresAt: access.expiresAt.toISOString(),
        ...(refreshToken ? { refreshToken } : {}),
        sessionExpiresAt: new Date(sessionExpiresAt).toISOString(),
        user: { id: user.id, name: user.name, email: user.email },
      },
      sessionId,
      ...(refreshToken ? { refreshToken } : {}),
      sessionExpiresAt: new Date(sessionExpiresAt),
      userId: user.id,
    };
  }
}
