import { Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiController, Endpoint } from '../../http/endpoint';
import { ValidBody } from '../../http/params';
import { Problem } from '../../http/problems';
import { TAGS } from '../../http/tags';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../../settings';
import { LoginBody, LogoutBody, RefreshBody, TokensView } from './auth.api';
import { AuthService, type Signed } from './auth.service';
import { REFRESH_COOKIE, SessionCookies } from './session-cookies';

const invalidRefresh = () =>
  new Problem('invalid-refresh-token', {
    detail: { id: 'Silakan masuk kembali.', en: 'Please sign in again.' },
  });

// Credentials are never stored for replay, so these three are exempt from Idempotency-Key:
// login creates a new session each time, refresh spends its token, logout is idempotent itself.
// None counts against the per-IP limit of anonymous calls: sign-in has its own limits on
// failures, refresh and sign-out are authenticated by the refresh token.
@ApiController('auth', TAGS.auth)
export class AuthController {
  private readonly cookies: SessionCookies;

  constructor(
    private readonly auth: AuthService,
    @Inject(GATEWAY_SETTINGS) settings: GatewaySettings,
  ) {
    this.cookies = new SessionCookies(settings.authKey, settings.insecureLoopbackCookies);
  }

  @Post('login')
  @Endpoint({
    operationId: 'login',
    summary: 'Sign in with email and password',
    description:
      'Returns a short-lived access token (JWT, `Authorization: Bearer …`) and, for `session: "token"` (the ' +
      'default), a refresh token; for `session: "cookie"` the refresh token goes into an HttpOnly cookie. ' +
      'Failed attempts slow further ones down (per account and client address, or per browser the account ' +
      'signed in from): 429 with Retry-After, growing, never a lockout. Successful sign-ins never count.',
    requires: 'public',
    rateLimit: 'sign-in',
    idempotency: 'exempt',
    body: LoginBody,
    response: TokensView,
    status: 200,
    problems: ['invalid-credentials', 'rate-limited'],
  })
  async login(
    @ValidBody() body: LoginBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokensView> {
    const signed = await this.auth.login(body.email, body.password, {
      ip: req.ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
      device: this.cookies.device(req),
    });
    // This browser is now one the account signed in from (its failures count on their own).
    await this.auth.trustDevice(signed.userId, this.cookies.ensureDevice(req, res));
    return body.session === 'cookie' ? this.toBrowser(req, res, signed) : signed.tokens;
  }

  @Post('refresh')
  @Endpoint({
    operationId: 'refreshTokens',
    summary: 'Exchange the refresh token for new tokens',
    description:
      'Refresh tokens rotate: each is good once. Presenting a spent one ends the whole session (it was copied). ' +
      'Without `refreshToken` in the body, the browser session is refreshed: its cookie, with the CSRF token ' +
      'as `X-CSRF-Token` (403 `csrf-failed` otherwise); tabs of one browser refreshing at once are fine.',
    requires: 'public',
    rateLimit: 'sign-in',
    idempotency: 'exempt',
    body: RefreshBody,
    response: TokensView,
    status: 200,
    problems: ['invalid-refresh-token', 'csrf-failed'],
  })
  async refresh(
    @ValidBody() body: RefreshBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokensView> {
    if (body.refreshToken) return (await this.auth.refresh(body.refreshToken)).tokens;
    const token = this.cookies.read(req, REFRESH_COOKIE);
    const sessionId = token ? await this.auth.sessionOf(token, { spentToo: true }) : undefined;
    if (!token || !sessionId) {
      this.cookies.clearSession(req, res);
      throw invalidRefresh();
    }
    this.cookies.checkCsrf(req, sessionId);
    try {
      return this.toBrowser(req, res, await this.auth.refresh(token, { browser: true }));
    } catch (e) {
      this.cookies.clearSession(req, res);
      throw e;
    }
  }

  @Post('logout')
  @Endpoint({
    operationId: 'logout',
    summary: 'Sign out: end the session of a refresh token',
    description:
      'Access tokens of the session stop working at once. Unknown or spent tokens change nothing. Without ' +
      '`refreshToken`, the browser session ends (cookie and `X-CSRF-Token`) and its cookies are cleared.',
    requires: 'public',
    rateLimit: 'sign-in',
    idempotency: 'exempt',
    body: LogoutBody,
    problems: ['csrf-failed'],
  })
  async logout(
    @ValidBody() body: LogoutBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    if (body.refreshToken) return this.auth.logout(body.refreshToken);
    const token = this.cookies.read(req, REFRESH_COOKIE);
    const sessionId = token ? await this.auth.sessionOf(token, { spentToo: true }) : undefined;
    if (sessionId) {
      this.cookies.checkCsrf(req, sessionId);
      await this.auth.endSession(sessionId);
    }
    this.cookies.clearSession(req, res);
  }

  /** A browser session: the refresh token in its cookie (when it changed), never in the answer. */
  private toBrowser(req: Request, res: Response, signed: Signed): TokensView {
    if (signed.refreshToken)
      this.cookies.setSession(req, res, signed.refreshToken, signed.sessionId, signed.sessionExpiresAt);
    const { refreshToken: _inCookie, ...tokens } = signed.tokens;
    return tokens;
  }
}
