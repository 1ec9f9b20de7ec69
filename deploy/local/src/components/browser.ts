import { spawnSync } from 'node:child_process';
import { findOnPath } from '../binaries';
import type { Log } from '../log';
import { StackError } from '../stack-error';

/**
 * Browser tests drive Debian's Chromium with playwright-core (Playwright's own
 * browser download does not work on these machines). Installs it when missing
 * and we may (root with apt-get).
 */
export function ensureChromium(log: Log): string {
  const existing = process.env.CHROMIUM_PATH ?? findOnPath('chromium');
  if (existing) return existing;
  const apt = findOnPath('apt-get');
  if (!apt || process.getuid?.() !== 0) {
    throw new StackError(
      'The browser tests need Chromium, which is not installed. Install it (Debian: `apt-get install chromium`) ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  log.info('Installing Chromium for the browser tests (apt-get install chromium) ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync(apt, ['install', '-y', '--no-install-recommends', 'chromium'], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    spawnSync(apt, ['update'], { env, encoding: 'utf8' });
    result = spawnSync(apt, ['install', '-y', '--no-install-recommends', 'chromium'], {
      env,
      encoding: 'utf8',
    });
  }
  const installed = findOnPath('chromium');
  if (result.status !== 0 || !installed) {
    throw new StackError(
      `Installing Chromium with apt-get failed: ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' ')}. ` +
        'Install it by hand (`apt-get install chromium`) or set CHROMIUM_PATH.',
    );
  }
  return installed;
}
