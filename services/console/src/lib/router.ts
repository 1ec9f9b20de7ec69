import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * A small history router: paths like `/kpu-prov-jateng/tugas`. The gateway answers
 * index.html for any GET that is not /api or /health, so reloads and shared links work.
 */
const listeners = new Set<() => void>();

function notify() {
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

export interface Location {
  path: string;
  query: URLSearchParams;
}

let snapshot: { href: string; location: Location } | null = null;

function current(): Location {
  const href = window.location.pathname + window.location.search;
  if (snapshot?.href !== href) {
    snapshot = {
      href,
      location: { path: window.location.pathname, query: new URLSearchParams(window.location.search) },
    };
  }
  return snapshot.location;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function useLocation(): Location {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, current);
}

/** Follows a link in the app without a page load (plain clicks only; new tabs work as usual). */
export function onLinkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.currentTarget;
  if (a.target && a.target !== '_self') return;
  const url = new URL(a.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

/** Matches `/:office/konten/:itemId` against a path; segments are URI-decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  return params;
}
