import { Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiController, Endpoint } from '../http/endpoint';
import { ValidBody } from '../http/params';
import { TAGS } from '../http/tags';
import { LoginBody, LogoutBody, RefreshBody, TokensView } from './auth.api';
import { AuthService } from './auth.service';

// Credentials are never stored for replay, so these three are exempt from Idempotency-Key:
// login creates a new session each time, refresh spends its token, logout is idempotent itself.
@ApiController('auth', TAGS.auth)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Endpoint({
    operationId: 'login',
    summary: 'Sign in with email and password',
    description:
      'Returns a short-lived access token (JWT, `Authorization: Bearer …`) and a refresh token. ' +
      'Limited per IP (and failed attempts per email): too many attempts answer 429 with Retry-After.',
    requires: 'public',
    rateLimit: 'login',
    idempotency: 'exempt',
    body: LoginBody,
    response: TokensView,
    status: 200,
    problems: ['invalid-credentials'],
  })
  login(@ValidBody() body: LoginBody, @Req() req: Request): Promise<TokensView> {
    return this.auth.login(body.email, body.password, {
      ip: req.ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
    });
  }

  @Post('refresh')
  @Endpoint({
    operationId: 'refreshTokens',
    summary: 'Exchange the refresh token for new tokens',
    description:
      'Refresh tokens rotate: each is good once. Presenting a spent one ends the whole session (it was copied).',
    requires: 'public',
    idempotency: 'exempt',
    body: RefreshBody,
    response: TokensView,
    status: 200,
    problems: ['invalid-refresh-token'],
  })
  refresh(@ValidBody() body: RefreshBody): Promise<TokensView> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Endpoint({
    operationId: 'logout',
    summary: 'Sign out: end the session of a refresh token',
    description: 'Access tokens of the session stop working at once. Unknown or spent tokens change nothing.',
    requires: 'public',
    idempotency: 'exempt',
    body: LogoutBody,
  })
  async logout(@ValidBody() body: LogoutBody): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
