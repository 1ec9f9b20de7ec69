import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'tatalaman';
const AUDIENCE = 'tatalaman-api';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

/** A short-lived access token (HS256 JWT): who (`sub`) and which session (`sid`), nothing else. */
export async function signAccessToken(
  key: Uint8Array,
  userId: string,
  sessionId: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key);
  return { token, expiresAt: new Date((now + ttlSeconds) * 1000) };
}

/** The claims of a valid access token; undefined for anything else (expired, forged, malformed). */
export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      return undefined;
    }
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
  } catch (e) {
    if (e instanceof errors.JOSEError) return undefined;
    throw e;
  }
}

/** An opaque secret: `<prefix>_` + 32 random bytes, base64url. */
export function newSecret(prefix: 'tlr' | 'tlk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Refresh tokens and API keys are high-entropy: a plain SHA-256 is the right hash (no salt, no stretching). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
