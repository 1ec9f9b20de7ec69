import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const SCREENSHOTS = join(__dirname, '../../../../tmp/screenshots');

/** Debian's Chromium driven by playwright-core (no downloaded browsers). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: the browser tests need Debian's chromium package`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// The few DOM shapes the in-page functions use, so the project keeps no DOM typings
// (they would leak into the service's own type check).
export interface DomAttr {
  name: string;
  value: string;
}
export interface DomElement {
  tagName: string;
  id: string;
  textContent: string | null;
  attributes: Iterable<DomAttr>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
export interface DomDocument {
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  documentElement: DomElement & { scrollWidth: number };
  title: string;
  activeElement: DomElement | null;
  fonts: Iterable<{ family: string; weight: string; status: string }> & { ready: Promise<unknown> };
}
export interface DomWindow {
  innerWidth: number;
  __xss?: unknown;
}
