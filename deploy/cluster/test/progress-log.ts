import type { Log } from '../../local/src/log';

/**
 * Jest holds console output back until a test file ends; a first run's Go build takes
 * minutes, so its progress lines go straight to stderr, where they show as they happen.
 */
export const progressLog: Log = {
  info: (m) => process.stderr.write(`cluster-test | ${m}\n`),
  warn: (m) => process.stderr.write(`cluster-test | ${m}\n`),
  error: (m) => process.stderr.write(`cluster-test | ${m}\n`),
};

/**
 * A first build of helm from empty Go caches took 842 s at load 12–16 (downloads
 * included): hooks that may build get half an hour; later runs take seconds.
 */
export const BUILD_TIMEOUT_MS = 1_800_000;
