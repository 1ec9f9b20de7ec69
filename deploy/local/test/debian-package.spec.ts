// A program the platform installs from Debian when missing (Chromium for the browser
// tests, nginx for the cluster): when apt-get fails, or may not run, the user reads one
// paragraph saying what failed and what to do, never apt's raw output or a stack trace.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianProgram } from '../src/components/debian-package';
import { createLog } from '../src/log';
import { StackError } from '../src/stack-error';

const program = {
  binary: 'tl-no-such-program',
  pkg: 'tl-no-such-package',
  neededFor: 'The test needs a program',
  alternative: 'or set TL_PROGRAM',
};
const log = createLog();
let dir: string;
const savedPath = process.env.PATH;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-apt-'));
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

/** An apt-get first on PATH that fails the way a broken mirror does, counting its calls. */
function failingAptGet(): string {
  const calls = join(dir, 'calls');
  const script = join(dir, 'apt-get');
  writeFileSync(
    script,
    `#!/bin/sh\necho "$@" >> ${calls}\necho "E: Unable to locate package $3 $4" >&2\nexit 100\n`,
  );
  chmodSync(script, 0o755);
  process.env.PATH = `${dir}:${savedPath}`;
  return calls;
}

function failure(): StackError {
  try {
    ensureDebianProgram(program, log);
  } catch (error) {
    if (error instanceof StackError) return error;
    throw error;
  }
  throw new Error('ensureDebianProgram did not fail');
}

const asRoot = process.getuid?.() === 0 ? it : it.skip;

asRoot('a failed apt-get is one paragraph naming the package, apt’s own reason and what to do', () => {
  const calls = failingAptGet();
  const error = failure();
  expect(error.message).toContain('Installing tl-no-such-program with apt-get failed');
  expect(error.message).toContain('Unable to locate package');
  expect(error.message).toContain('apt-get install tl-no-such-package');
  expect(error.message).toContain('or set TL_PROGRAM');
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).not.toMatch(/\bat .+:\d+:\d+/);
  // It refreshed the package lists once between two tries.
  expect(
    readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]),
  ).toEqual(['install', 'update', 'install']);
});

it('without apt-get it says what to install and how, without trying', () => {
  process.env.PATH = dir; // nothing on PATH, not even apt-get
  const error = failure();
  expect(error.message).toContain('tl-no-such-program is not installed');
  expect(error.message).toContain('`apt-get install tl-no-such-package`');
  expect(error.message).not.toMatch(/\n/);
});

it('a program already on PATH is used as it is', () => {
  const existing = join(dir, program.binary);
  writeFileSync(existing, '#!/bin/sh\n');
  chmodSync(existing, 0o755);
  process.env.PATH = `${dir}:${savedPath}`;
  expect(ensureDebianProgram(program, log)).toBe(existing);
});
