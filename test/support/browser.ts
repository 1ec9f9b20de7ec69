import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { platformInfo } from './platform-info';

/** Screenshots of the console tests (gitignored). */
export const screenshotDir = join(__dirname, '..', '..', 'test-results', 'console');

/**
 * The machine's Chromium (Debian's package, installed by deploy/local's browser component),
 * headless, without anything that phones home while a test runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let shot = 0;
/** Saves a full-page screenshot as test-results/console/NN-name.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // The first screenshot of a run starts from an empty folder: numbers never mix runs.
  if (shot === 0) rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  shot += 1;
  await page.screenshot({
    path: join(screenshotDir, `${String(shot).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

/** Signs in through the console's form; answers when My tasks (or `path`) is on screen. */
export async function signInAs(page: Page, email: string, path?: string): Promise<void> {
  const info = platformInfo();
  await page.goto(`${info.gatewayUrl}${path ?? '/'}`);
  await page.getByLabel(/^(Email)/).fill(email);
  await page.locator('input[name=password]').fill(info.demoPassword);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('sign-out').waitFor();
}

/** The web fonts the page has loaded ("Family weight"), once every font load has settled. */
export async function loadedFontFaces(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { fonts } = (
      globalThis as unknown as {
        document: {
          fonts: Iterable<{ family: string; weight: string; status: string }> & { ready: Promise<unknown> };
        };
      }
    ).document;
    await fonts.ready;
    return [...fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`);
  });
}
