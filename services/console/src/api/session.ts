import type { Schemas } from '@tatalaman/api-client';
import { useSyncExternalStore } from 'react';

/**
 * Who is signed in. The access token lives in memory only; the refresh token in
 * sessionStorage (this tab, survives a reload, gone when the tab closes). Each refresh
 * token works once: the answer carries the next one.
 */
export interface SessionState {
  accessToken: string | null;
  user: Schemas['Tokens']['user'] | null;
}

const REFRESH_KEY = 'tatalaman.console.refresh';
const USER_KEY = 'tatalaman.console.user';

let state: SessionState = { accessToken: null, user: readUser() };
const listeners = new Set<() => void>();

function readUser(): SessionState['user'] {
  try {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as SessionState['user']) : null;
  } catch {
    return null;
  }
}

function set(next: SessionState) {
  state = next;
  listeners.forEach((l) => l());
}

export function session(): SessionState {
  return state;
}

export function refreshToken(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

/** Stores a fresh pair of tokens (login or refresh). */
export function signedIn(tokens: Schemas['Tokens']): void {
  try {
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    sessionStorage.setItem(USER_KEY, JSON.stringify(tokens.user));
  } catch {
    // Storage refused: the session lasts as long as this page.
  }
  set({ accessToken: tokens.accessToken, user: tokens.user });
}

/** Forgets the session locally (after logout, or when the refresh token is spent). */
export function signedOut(): void {
  try {
    sessionStorage.removeItem(REFRESH_KEY);
    sessionStorage.removeItem(USER_KEY);
  } catch {
    // nothing stored
  }
  set({ accessToken: null, user: null });
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, session);
}
