import { z } from 'zod';
import { apiSchema, dateTime, uuid } from '../http/schemas';

export const LoginBody = apiSchema(
  'LoginBody',
  z.object({
    email: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(200),
  }),
  'Email and password.',
);
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = apiSchema(
  'RefreshBody',
  z.object({ refreshToken: z.string().min(1).max(200) }),
  'The current refresh token; it is spent by this call.',
);
export type RefreshBody = z.infer<typeof RefreshBody>;

export const LogoutBody = apiSchema(
  'LogoutBody',
  z.object({ refreshToken: z.string().min(1).max(200) }),
  'The refresh token of the session to end.',
);
export type LogoutBody = z.infer<typeof LogoutBody>;

export const TokensView = apiSchema(
  'Tokens',
  z.object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string().describe('Send as `Authorization: Bearer <accessToken>`.'),
    expiresIn: z.number().int().describe('Seconds the access token is valid.'),
    accessTokenExpiresAt: dateTime,
    refreshToken: z.string().describe('Good for one refresh; keep it secret.'),
    sessionExpiresAt: dateTime.describe('The session ends then, refreshed or not.'),
    user: z.object({ id: uuid, name: z.string(), email: z.string() }),
  }),
  'A short-lived access token and the refresh token of the session.',
);
export type TokensView = z.infer<typeof TokensView>;
