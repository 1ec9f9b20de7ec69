import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { RateLimits } from '../settings';
import { edgeOf, principalKey } from './context';
import { endpointOf } from './endpoint';
import { Problem } from './problems';

function requestOf(ctx: ExecutionContext): Request {
  return ctx.switchToHttp().getRequest<Request>();
}

const kindOf = (ctx: ExecutionContext) => edgeOf(requestOf(ctx)).principal?.kind;
const isSignIn = (ctx: ExecutionContext) => endpointOf(ctx.getHandler())?.rateLimit === 'sign-in';

/**
 * The named limits (@nestjs/throttler), one bucket each:
 * `user` per signed-in person, `api-key` per key, `anonymous` per IP for unauthenticated
 * calls other than sign-in, refresh and sign-out. Sign-in is limited on failures, per
 * account and client, in Postgres (auth/sign-in-limits.ts), not per IP here: a whole
 * office behind one NAT signs in at 07:30. A route can change its own with
 * `@Throttle({ user: { limit, ttl } })` or skip with `@SkipThrottle`.
 */
export function throttlerOptions(limits: RateLimits): ThrottlerModuleOptions {
  const ttl = limits.windowSeconds * 1000;
  return {
    setHeaders: false,
    throttlers: [
      { name: 'user', ttl, limit: limits.user, skipIf: (ctx) => kindOf(ctx) !== 'user' },
      { name: 'api-key', ttl, limit: limits.apiKey, skipIf: (ctx) => kindOf(ctx) !== 'api-key' },
      {
        name: 'anonymous',
        ttl,
        limit: limits.anonymous,
        skipIf: (ctx) => kindOf(ctx) !== undefined || isSignIn(ctx),
      },
    ],
  };
}

/**
 * @nestjs/throttler's guard, tracking the principal (person or API key) rather than the
 * IP once someone is authenticated, counting across all routes (not per route), and
 * refusing with a problem+json 429 and `Retry-After`. The ApiGuard calls it after
 * authentication, so the principal is known.
 */
@Injectable()
export class EdgeThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Request): Promise<string> {
    const principal = edgeOf(req).principal;
    return principal ? principalKey(principal) : `ip:${req.ip ?? 'unknown'}`;
  }

  protected override generateKey(_ctx: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _ctx: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new Problem('rate-limited', {
      detail: {
        id: `Batas ${detail.limit} permintaan terlampaui. Coba lagi dalam ${seconds} detik.`,
        en: `The limit of ${detail.limit} requests was exceeded. Try again in ${seconds} seconds.`,
      },
      headers: { 'Retry-After': String(seconds) },
      extensions: { retryAfter: seconds },
    });
  }
}
