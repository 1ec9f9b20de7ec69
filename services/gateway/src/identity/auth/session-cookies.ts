import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { Problem } from '../../http/problems';

/** The refresh token of a browser session (HttpOnly: scripts never see it). */
export const REFRESH_COOKIE = 'tl_refresh';
/** The session's CSRF token, readable by the console's script, sent back as `X-CSRF-Token`. */
export const CSRF_COOKIE = 'tl_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** A browser an account signed in from (auth/sign-in-limits.ts), signed. */
export const DEVICE_COOKIE = 'tl_device';

/** Only the sign-in routes read the session and device cookies. */
const AUTH_PATH = '/api/v1/auth';
const DEVICE_MAX_AGE_MS = 400 * 24 * 3600 * 1000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The browser side of a session: cookies `HttpOnly` (the refresh token), `SameSite=Strict`
 * and `Secure`. `Secure` is left out only for a request that came over plain HTTP to a
 * loopback host outside production (`insecureLoopback`), so `npm start` and the tests work
 * without TLS; every other request, and every request in production, gets it.
 *
 * CSRF: requests authenticated by the refresh cookie (refresh, sign-out) must carry
 * `X-CSRF-Token` equal to an HMAC of their session (double submit, signed and bound to the
 * session: the `tl_csrf` cookie holds it for the console's script); `Sec-Fetch-Site:
 * cross-site` is refused outright. Every other request is authenticated by its
 * `Authorization` header, which a cross-site page cannot set.
 */
export class SessionCookies {
  constructor(
    private readonly key: Uint8Array,
    private readonly insecureLoopback: boolean,
  ) {}

  read(req: Request, name: string): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    const value = parse(header)[name];
    return value || undefined;
  }

  private options(req: Request, extra: CookieOptions): CookieOptions {
    const plainLoopback = req.protocol === 'http' && LOOPBACK.has(req.hostname);
    return { sameSite: 'strict', secure: !(this.insecureLoopback && plainLoopback), ...extra };
  }

  csrfToken(sessionId: string): string {
    return this.mac(`tl-csrf:${sessionId}`);
  }

  /** Sets (or replaces) the session's cookies: the refresh token and the CSRF token. */
  setSession(req: Request, res: Response, refreshToken: string, sessionId: string, expires: Date): void {
    res.cookie(REFRESH_COOKIE, refreshToken, this.options(req, { httpOnly: true, path: AUTH_PATH, expires }));
    res.cookie(
      CSRF_COOKIE,
      this.csrfToken(sessionId),
      this.options(req, { httpOnly: false, path: '/', expires }),
    );
  }

  clearSession(req: Request, res: Response): void {
    res.clearCookie(REFRESH_COOKIE, this.options(req, { httpOnly: true, path: AUTH_PATH }));
    res.clearCookie(CSRF_COOKIE, this.options(req, { httpOnly: false, path: '/' }));
  }

  /** 403 `csrf-failed` unless the request carries the CSRF token of `sessionId`. */
  checkCsrf(req: Request, sessionId: string | undefined): void {
    const site = req.headers['sec-fetch-site'];
    const sent = req.headers[CSRF_HEADER];
    const expected = sessionId ? Buffer.from(this.csrfToken(sessionId)) : undefined;
    const given = typeof sent === 'string' ? Buffer.from(sent) : undefined;
    const ok =
      site !== 'cross-site' &&
      !!expected &&
      !!given &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    if (!ok)
      throw new Problem('csrf-failed', {
        detail: {
          id: 'Permintaan yang memakai sesi peramban harus datang dari konsol Tata Laman (token CSRF tidak cocok).',
          en: 'A request that uses the browser session must come from the Tata Laman console (the CSRF token does not match).',
        },
      });
  }

  /** The browser's device id when its cookie is one we signed. */
  device(req: Request): string | undefined {
    const value = this.read(req, DEVICE_COOKIE);
    const dot = value?.lastIndexOf('.') ?? -1;
    if (!value || dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const sig = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.mac(`tl-device:${id}`));
    return sig.length === expected.length && timingSafeEqual(sig, expected) ? id : undefined;
  }

  /** Gives the browser a device id (kept when it has one), to be trusted for an account. */
  ensureDevice(req: Request, res: Response): string {
    const id = this.device(req) ?? randomBytes(18).toString('base64url');
    res.cookie(
      DEVICE_COOKIE,
      `${id}.${this.mac(`tl-device:${id}`)}`,
      this.options(req, { httpOnly: true, path: AUTH_PATH, maxAge: DEVICE_MAX_AGE_MS }),
    );
    return id;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
