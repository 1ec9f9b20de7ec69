import { spawnSync } from 'node:child_process';
import { findOnPath } from '../binaries';
import type { Log } from '../log';
import { StackError } from '../stack-error';

export interface DebianProgram {
  /** The executable to find on PATH, e.g. `chromium`. */
  binary: string;
  /** The Debian package that provides it. */
  pkg: string;
  /** Why the platform needs it, for the message when it cannot be installed: "The browser tests need Chromium". */
  neededFor: string;
  /** What else the user may do instead of installing it, e.g. "or set CHROMIUM_PATH". */
  alternative?: string;
}

/**
 * A program from Debian's packages: found on PATH, else installed with apt-get when we may
 * (root on a machine with apt-get), refreshing the package lists once if the first try fails.
 * Every failure is one paragraph saying what to do.
 */
export function ensureDebianProgram(program: DebianProgram, log: Log): string {
  const existing = findOnPath(program.binary);
  if (existing) return existing;
  const instead = program.alternative ? ` ${program.alternative}` : '';
  const apt = findOnPath('apt-get');
  if (!apt || process.getuid?.() !== 0) {
    throw new StackError(
      `${program.neededFor}, and ${program.binary} is not installed. Install it (Debian: ` +
        `\`apt-get install ${program.pkg}\`), run the command as root so it can install it itself${instead}.`,
    );
  }
  log.info(`Installing ${program.binary} from Debian (apt-get install ${program.pkg}) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync(apt, ['install', '-y', '--no-install-recommends', program.pkg], { env, encoding: 'utf8' });
  let result = install();
  if (result.status !== 0) {
    spawnSync(apt, ['update'], { env, encoding: 'utf8' });
    result = install();
  }
  const installed = findOnPath(program.binary);
  if (result.status !== 0 || !installed) {
    const said = (result.stderr || result.stdout || result.error?.message || '').trim();
    throw new StackError(
      `Installing ${program.binary} with apt-get failed: ${said.split('\n').slice(-3).join(' ')}. ` +
        `Install it by hand (\`apt-get install ${program.pkg}\`)${instead} and run the command again.`,
    );
  }
  return installed;
}
