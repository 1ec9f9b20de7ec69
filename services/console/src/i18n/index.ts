import { useSyncExternalStore } from 'react';
import { fillTemplate, type MessageParams } from './format';
import { id, type MessageKey } from './id';

export type Language = 'id' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'tatalaman.console.language';
type Dictionary = Record<MessageKey, string>;

let language: Language = 'id';
let dictionary: Dictionary = id;
const listeners = new Set<() => void>();

/** A message in the current language. Every text staff read goes through here. */
export function t(key: MessageKey, params?: MessageParams): string {
  return fillTemplate(dictionary[key] ?? id[key] ?? key, params);
}

export function currentLanguage(): Language {
  return language;
}

/** BCP 47 tag for Intl formatting. */
export function locale(): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/**
 * Switches the language: the English dictionary is its own chunk, loaded on first use.
 * Persists the choice, sets `<html lang>`, and re-renders every subscriber.
 */
export async function setLanguage(next: Language): Promise<void> {
  dictionary = next === 'en' ? (await import('./en')).en : id;
  language = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** Applies the stored choice before the first render. */
export function initLanguage(): Promise<void> {
  const stored = storedLanguage();
  document.documentElement.lang = stored;
  return stored === 'id' ? Promise.resolve() : setLanguage(stored);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; components using it re-render when it changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, currentLanguage);
}
