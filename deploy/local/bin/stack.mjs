#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `npm run stack -- <verb>`.
// Plain JavaScript on purpose: it runs before dependencies exist, installs them,
// then hands over to the TypeScript stack CLI in deploy/local/src.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Tata Laman needs Node.js 20.19 or newer (found ${process.versions.node}). ` +
      'Install a current Node.js 20 or 22 and run the command again.',
  );
  process.exit(1);
}

function dependenciesInstalled() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  // npm rewrites node_modules/.package-lock.json on every install; an older copy
  // means package-lock.json changed since (a pull brought new dependencies).
  return statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

if (!dependenciesInstalled()) {
  console.log('Installing dependencies from package-lock.json ...');
  const started = Date.now();
  // Not `npm ci`: registry mirrors that carry only this platform's native
  // packages leave other platforms' optional binaries out of the lockfile, and
  // `npm ci` then refuses the lockfile as out of sync. `npm install --no-save`
  // installs the same locked versions and never rewrites the lockfile.
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (npm.status !== 0) {
    console.error(
      'Installing dependencies failed (see npm output above). Check that the npm registry is reachable ' +
        '(npm config get registry) and run the command again.',
    );
    process.exit(1);
  }
  console.log(`Dependencies installed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.json');
process.chdir(root);
const require = createRequire(import.meta.url);
require('@swc-node/register');
// `npm run cluster` enters here too (same dependency check), then runs deploy/cluster's CLI.
const [verb, ...rest] = process.argv.slice(2);
// The path is built, not written out: Nx reads literal requires as project dependencies,
// and deploy/cluster already depends on deploy/local (a cycle would stop every build).
if (verb === 'cluster') require(join(root, 'deploy', 'cluster', 'src', 'cli.ts')).main(rest);
else require('../src/cli.ts').main(process.argv.slice(2));
