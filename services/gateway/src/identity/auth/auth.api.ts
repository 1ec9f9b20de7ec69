import { z } from 'zod';
import { apiSchema, dateTime, uuid } from '../../http/schemas';

export const LoginBody = apiSchema(
  'LoginBody',
  z.object({
    email: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(200),
    session: z
      .enum(['token', 'cookie'])
      .optional()
      .describe(
        '`token` (default; integration clients): the refresh token is in the answer. `cookie` (the console): ' +
          'it goes into an `HttpOnly; Secure; SameSite=Strict` cookie instead and is left out of the answer; ' +
          'the `tl_csrf` cookie holds the CSRF token that refresh and sign-out must send as `X-CSRF-Token`.',
      ),
  }),
  'Email and password.',
);
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = apiSchema(
  'RefreshBody',
  z.object({
    refreshToken: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The current refresh token; it is spent by this call. Omit it to use the session cookie.'),
  }),
  'The refresh token to spend, or nothing (the browser session: cookie plus `X-CSRF-Token`).',
);
export type RefreshBody = z.infer<typeof RefreshBody>;

export const LogoutBody = apiSchema(
  'LogoutBody',
  z.object({
    refreshToken: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The refresh token of the session to end. Omit it to end the browser session (cookie).'),
  }),
  'The refresh token of the session to end, or nothing (the browser session: cookie plus `X-CSRF-Token`).',
);
export type LogoutBody = z.infer<typeof LogoutBody>;

export const TokensView = apiSchema(
  'Tokens',
  z.object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string().describe('Send as `Authorization: Bearer <accessToken>`.'),
    expiresIn: z.number().int().describe('Seconds the access token is valid.'),
    accessTokenExpiresAt: dateTime,
    refreshToken: z
      .string()
      .optional()
      .describe('Good for one refresh; keep it secret. Absent for browser sessions (it is in the cookie).'),
    sessionExpiresAt: dateTime.describe('The session ends then, refreshed or not.'),
    user: z.object({ id: uuid, name: z.string(), email: z.string() }),
  }),
  'A short-lived access token and (token sessions) the refresh token of the session.',
);
export type TokensView = z.infer<typeof TokensView>;
