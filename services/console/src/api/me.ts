import type { Schemas } from '@tatalaman/api-client';
import { useEffect, useSyncExternalStore } from 'react';
import { api, call } from './client';
import { useSession } from './session';

export type Me = Schemas['Me'];
export type MyOffice = Schemas['MyOffice'];
export type Permission = MyOffice['permissions'][number];

/**
 * Who the signed-in person is and their offices (`GET /me`), loaded once per session and
 * shared by every screen (the office switcher, permission checks, role lists).
 */
let me: Me | null = null;
let pending: Promise<Me> | null = null;
const listeners = new Set<() => void>();

export function loadMe(force = false): Promise<Me> {
  if (!pending || force) {
    pending = call(api().GET('/api/v1/me')).then((value) => {
      me = value;
      listeners.forEach((l) => l());
      return value;
    });
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

export function forgetMe(): void {
  me = null;
  pending = null;
  listeners.forEach((l) => l());
}

/** The person, or null while loading; loads it when the session has a user. */
export function useMe(): Me | null {
  const session = useSession();
  const value = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => me,
  );
  useEffect(() => {
    if (session.user && !me) void loadMe().catch(() => undefined);
  }, [session.user]);
  return value;
}

export function officeOf(person: Me | null, code: string): MyOffice | undefined {
  return person?.offices.find((o) => o.code === code);
}

export function can(office: MyOffice | undefined, permission: Permission): boolean {
  return !!office?.permissions.includes(permission);
}
