import { ensureDebianProgram } from './debian-package';
import type { Log } from '../log';

/**
 * Browser tests drive Debian's Chromium with playwright-core (Playwright's own
 * browser download does not work on these machines). Installs it when missing
 * and we may (root with apt-get).
 */
export function ensureChromium(log: Log): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return ensureDebianProgram(
    {
      binary: 'chromium',
      pkg: 'chromium',
      neededFor: 'The browser tests need Chromium',
      alternative: 'or set CHROMIUM_PATH to a Chromium or Chrome binary',
    },
    log,
  );
}
