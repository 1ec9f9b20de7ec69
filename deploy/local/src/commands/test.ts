import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dropRunDatabases } from '@tatalaman/testing';
import { bringUpStack } from '../stack';
import { ensureChromium } from '../components/browser';
import { createLog, type Log } from '../log';
import { untilSignal } from '../signals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nxBin, root } from '../workspace';

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Removes what this run's tests left on shared servers: databases and JetStream streams. */
async function cleanUp(runId: string, env: Record<string, string>, log: Log): Promise<void> {
  try {
    const dropped = await dropRunDatabases(env.DATABASE_URL!, runId);
    const nc = await connect({ servers: env.NATS_URL });
    const jsm = await jetstreamManager(nc);
    let streams = 0;
    const marker = `t${runId}x`;
    for await (const s of jsm.streams.list()) {
      if (s.config.name.toLowerCase().includes(marker)) {
        await jsm.streams.delete(s.config.name);
        streams++;
      }
    }
    await nc.close();
    log.info(`Cleaned up ${dropped} test database(s) and ${streams} test stream(s) of run ${runId}.`);
  } catch (error) {
    log.warn(
      `Cleaning up after run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * `npm test`: the stack, then one type check and lint of the whole repository,
 * then every Jest project for real (never replayed from cache), then cleanup.
 * Extra arguments go to the Nx test step, e.g. `npm test -- -p working-time`.
 */
export async function test(extra: string[]): Promise<number> {
  const log = createLog();
  const started = Date.now();
  // Before the stack: a missing browser stops the run without servers left to stop.
  const chromium = ensureChromium(log);
  const stack = await bringUpStack(log);
  let interrupted = false;
  void untilSignal(() => {
    interrupted = true;
    log.warn('Interrupted: stopping after the current step.');
  });
  const runId = 'r' + Date.now().toString(36) + randomBytes(2).toString('hex');
  const env: Record<string, string> = {
    ...stack.env,
    TEST_RUN_ID: runId,
    NODE_ENV: 'test',
    CHROMIUM_PATH: chromium,
  };
  log.info(`Test run ${runId}.`);
  let code: number;
  try {
    // One type check and one lint pass over the whole repository: a per-project
    // `tsc` re-checks every library each project imports (minutes on two cores),
    // one program checks each file once. Per-project targets stay for daily work.
    log.info('Type checking and linting the whole repository ...');
    // The console is a browser program (DOM, JSX): it has its own tsconfig.
    const consoleTsconfig = join(root, 'services', 'console', 'tsconfig.json');
    const checks = await Promise.all([
      run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmit'], env).then(
        async (c) =>
          c === 0 && existsSync(consoleTsconfig)
            ? run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', consoleTsconfig, '--noEmit'], env)
            : c,
      ),
      run(join(root, 'node_modules', '.bin', 'eslint'), ['.', '--max-warnings=0'], env),
    ]);
    code = checks.find((c) => c !== 0) ?? 0;
    if (code === 0 && !interrupted) {
      code = await run(
        nxBin,
        ['run-many', '-t', 'test', '--parallel=2', '--skip-nx-cache', '--outputStyle=stream', ...extra],
        env,
      );
    }
  } finally {
    await cleanUp(runId, env, log);
    await stack.stop();
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  (code === 0 ? log.info : log.error)(`npm test ${code === 0 ? 'passed' : 'FAILED'} in ${minutes} min.`);
  return interrupted ? 130 : code;
}
