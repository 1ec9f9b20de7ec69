// What the operator reads when the stack cannot come up: the CLI runs as a child
// process, as `npm start` runs it, and its stderr must be one paragraph naming what
// failed, why and what to do — no stack trace, no Node internals, and no second
// message about a component that was only stopped because another one failed.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEnv } from '@tatalaman/testing';
import { findOnPath, inGoBin } from '../src/binaries';

const cli = join(__dirname, '..', 'bin', 'stack.mjs');
const running = stackEnv();
const isRoot = process.getuid?.() === 0;
const folders: string[] = [];

afterAll(() => {
  for (const f of folders) {
    spawnSync('chmod', ['-R', 'u+rwx', f]);
    rmSync(f, { recursive: true, force: true });
  }
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-stack-errors-'));
  folders.push(dir);
  return dir;
}

/** A port nothing listens on (the OS picked it, then it was released). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The stack's environment for a test: the shared servers' addresses unless the
 * test overrides them; `undefined` unsets a variable the test runner exported.
 */
function stackEnvFor(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NATS_URL: running.natsUrl,
    TEMPORAL_ADDRESS: running.temporalAddress,
    DATABASE_URL: running.databaseUrl,
    STACK_START_TIMEOUT_MS: '3000',
    DEBUG: '',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function up(overrides: Record<string, string | undefined>) {
  return spawnSync(process.execPath, [cli, 'up'], {
    encoding: 'utf8',
    timeout: 90_000,
    env: stackEnvFor({ DATA_DIR: tempFolder(), ...overrides }),
  });
}

/** One paragraph, from the CLI, without traces of Node's insides. */
function expectOneClearParagraph(stderr: string, says: RegExp, mustNotName: RegExp[]): void {
  const paragraphs = stderr.trim().split(/\n\s*\n/);
  expect(paragraphs).toHaveLength(1);
  expect(paragraphs[0]).toMatch(/^Cannot continue: /);
  expect(stderr).toMatch(says);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/node:(events|internal)|Unhandled 'error'|errno:/);
  for (const other of mustNotName) expect(stderr).not.toMatch(other);
}

describe('a named server that does not answer', () => {
  it.each([
    [
      'DATABASE_URL',
      'postgres://postgres@127.0.0.1:1/tatalaman',
      /Postgres is not answering at .*unset DATABASE_URL to let the platform run an embedded Postgres/s,
      [/NATS/, /Temporal/],
    ],
    [
      'NATS_URL',
      'nats://127.0.0.1:1',
      /NATS is not usable at nats:\/\/127\.0\.0\.1:1 .*unset NATS_URL to let the platform start nats-server itself/s,
      [/Postgres/, /Temporal/],
    ],
    [
      'TEMPORAL_ADDRESS',
      '127.0.0.1:1',
      /Temporal is not answering at 127\.0\.0\.1:1 .*unset TEMPORAL_ADDRESS/s,
      [/Postgres/, /NATS/],
    ],
  ])('%s closed: one clear paragraph, exit code 1', (name, value, says, others) => {
    const result = up({ [name]: value });
    expect(result.status).toBe(1);
    expectOneClearParagraph(result.stderr, says, others);
  });
});

describe('the Temporal port is held by something else', () => {
  let squatter: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts connections and answers nonsense, as an unrelated program would.
    squatter = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')).listen(
      0,
      '127.0.0.1',
    );
    await new Promise((r) => squatter.once('listening', r));
    port = (squatter.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => squatter.close(r)));

  it('says that it is not Temporal and how to free or move the port', () => {
    const result = up({ TEMPORAL_ADDRESS: undefined, EMBEDDED_TEMPORAL_PORT: String(port) });
    expect(result.status).toBe(1);
    expectOneClearParagraph(
      result.stderr,
      new RegExp(
        `Something listens at 127\\.0\\.0\\.1:${port} but it is not a Temporal server .*EMBEDDED_TEMPORAL_PORT`,
        's',
      ),
      [/Postgres/, /NATS/],
    );
  });
});

describe('a missing binary', () => {
  it('TEMPORAL_CLI naming no program: one paragraph saying so', async () => {
    const result = up({
      TEMPORAL_ADDRESS: undefined,
      EMBEDDED_TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_CLI: '/nonexistent/temporal',
    });
    expect(result.status).toBe(1);
    expectOneClearParagraph(result.stderr, /TEMPORAL_CLI points at \/nonexistent\/temporal/, [
      /Postgres/,
      /NATS/,
    ]);
  });
});

describe('initdb fails', () => {
  // With a Temporal CLI at hand, Temporal really starts beside Postgres and is stopped when
  // initdb fails: the case where a second message used to blame it.
  const temporalCli = findOnPath('temporal') ?? inGoBin('temporal');

  it('on a data folder it cannot write: one paragraph about Postgres, none about what was stopped', async () => {
    const dataDir = tempFolder();
    chmodSync(dataDir, 0o755);
    if (isRoot) {
      // Root may write anywhere; the `postgres` user that initdb runs as may not write this folder.
      mkdirSync(join(dataDir, 'postgres'), { mode: 0o555 });
      chmodSync(join(dataDir, 'postgres'), 0o555);
    } else {
      for (const dir of ['logs', 'temporal', 'nats']) mkdirSync(join(dataDir, dir));
      chmodSync(dataDir, 0o555);
    }
    const temporal = temporalCli
      ? {
          TEMPORAL_ADDRESS: undefined,
          TEMPORAL_CLI: temporalCli,
          EMBEDDED_TEMPORAL_PORT: String(await freePort()),
          TEMPORAL_UI_PORT: String(await freePort()),
        }
      : {};
    const result = up({
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      STACK_START_TIMEOUT_MS: '60000',
      ...temporal,
    });
    expect(result.status).toBe(1);
    expectOneClearParagraph(
      result.stderr,
      /Creating the embedded Postgres cluster in .* failed: initdb \(run as .*\) reports ".*(Permission denied|Operation not permitted).*"\. That folder must be one/s,
      [/Temporal/, /NATS/],
    );
  });
});

(isRoot ? describe : describe.skip)('as root, from a folder the postgres user cannot enter', () => {
  it('keeps the cluster in STACK_SYSTEM_DIR, links it from the data folder, and comes up', async () => {
    const dataDir = tempFolder(); // mkdtemp: mode 0700, like /root
    const systemDir = tempFolder();
    chmodSync(systemDir, 0o755);
    const child = spawn(process.execPath, [cli, 'up'], {
      env: stackEnvFor({
        DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        STACK_SYSTEM_DIR: systemDir,
        STACK_START_TIMEOUT_MS: '60000',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const deadline = Date.now() + 100_000;
    while (!stdout.includes('Stack is up') && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Postgres: started embedded PostgreSQL/);
    const link = join(dataDir, 'postgres');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const cluster = realpathSync(link);
    expect(cluster.startsWith(join(realpathSync(systemDir), 'clusters') + '/')).toBe(true);
    expect(statSync(join(cluster, 'PG_VERSION')).isFile()).toBe(true);
  });
});
