import type { Schemas } from '@tatalaman/api-client';
import { useSyncExternalStore } from 'react';

/**
 * Who is signed in. The access token lives in this page's memory only. The session itself
 * is the browser's: its refresh token is an HttpOnly cookie the console's script never
 * sees (set by `POST /auth/login` with `session: "cookie"`), so every tab of the browser
 * shares it, and a new tab or a reload gets its own access token from `/auth/refresh`.
 * Refresh and sign-out send the session's CSRF token (the readable `tl_csrf` cookie) as
 * `X-CSRF-Token`.
 */
export interface SessionState {
  accessToken: string | null;
  user: Schemas['Tokens']['user'] | null;
}

const CSRF_COOKIE = 'tl_csrf';

let state: SessionState = { accessToken: null, user: null };
const listeners = new Set<() => void>();

function set(next: SessionState) {
  state = next;
  listeners.forEach((l) => l());
}

export function session(): SessionState {
  return state;
}

/** The CSRF token of the browser's session, or null when the browser has no session. */
export function csrfToken(): string | null {
  const cookies = globalThis.document?.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Whether the browser may hold a session worth refreshing (another tab signed in, or a reload). */
export function hasBrowserSession(): boolean {
  return csrfToken() !== null;
}

/** Keeps a fresh access token (sign-in or refresh); the refresh token stays in its cookie. */
export function signedIn(tokens: Schemas['Tokens']): void {
  set({ accessToken: tokens.accessToken, user: tokens.user });
}

/** Forgets the session in this page (after sign-out, or when the session ended). */
export function signedOut(): void {
  set({ accessToken: null, user: null });
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, session);
}
