import { join } from 'node:path';
import { serviceNames, servicePort } from '@tatalaman/config';
import { portIsFree } from '../ports';
import { bringUpStack, type Stack } from '../stack';
import { bold, createLog, green, type Log } from '../log';
import { untilSignal } from '../signals';
import { runStep, Supervisor } from '../supervisor';
import { StackError } from '../stack-error';
import { distEntry, nodeBin, nxBin } from '../workspace';

export async function build(log: Log): Promise<void> {
  const started = Date.now();
  log.info('Building the platform (Nx replays unchanged projects from its cache) ...');
  const result = await runStep('build', nxBin, ['run-many', '-t', 'build', '--outputStyle=static'], {}, true);
  if (result.code !== 0) {
    throw new StackError(
      `The build failed; its output ends with:\n${result.output.trim().split('\n').slice(-25).join('\n')}`,
    );
  }
  log.info(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** Each service owns its schema: it migrates it, then seeds its part of the demo data. */
async function prepareData(stack: Stack, log: Log): Promise<void> {
  const withCli = serviceNames.filter((s) => distEntry(s, 'cli'));
  const migrations = await Promise.all(
    withCli.map((s) => runStep(s, nodeBin, [distEntry(s, 'cli')!, 'migrate'], stack.env)),
  );
  const failed = withCli.filter((_, i) => migrations[i]!.code !== 0);
  if (failed.length)
    throw new StackError(`Migrations failed for ${failed.join(', ')} (see their output above).`);
  log.info(`Migrations applied for ${withCli.join(', ') || 'no service'}.`);
  // In service order: identity (gateway) creates the offices the other services' demo data belongs to.
  for (const s of withCli) {
    const seeded = await runStep(s, nodeBin, [distEntry(s, 'cli')!, 'seed-demo'], stack.env);
    if (seeded.code !== 0)
      throw new StackError(`Seeding the demo data of ${s} failed (see its output above).`);
  }
}

function printSummary(stack: Stack, log: Log, seconds: number): void {
  const c = stack.config;
  const lines = [
    '',
    bold(green(`Tata Laman is running (ready in ${seconds.toFixed(0)} s).`)),
    `  Console (staff)   ${c.PUBLIC_BASE_URL}/`,
    `  API and its docs  ${c.PUBLIC_BASE_URL}/api/v1  ·  ${c.PUBLIC_BASE_URL}/api/docs`,
    `  Public sites      ${c.PUBLIC_SITE_BASE_URL}/  (one per office, e.g. ${c.PUBLIC_SITE_BASE_URL}/kpu-prov-jateng/)`,
    ...Object.entries(stack.temporal.links ?? {}).map(([k, v]) => `  ${k.padEnd(17)} ${v}`),
    `  Postgres          ${stack.postgres.source}  ·  NATS ${stack.nats.url} (${stack.nats.source})  ·  Temporal ${stack.temporal.url} (${stack.temporal.source})`,
    `  Demo users        password ${bold(c.DEMO_PASSWORD)} (the list is printed above by the gateway's seed)`,
    `  Data and logs     ${stack.dataDir}`,
    '',
    'Press Ctrl-C to stop.',
  ];
  for (const l of lines) log.info(l);
}

/**
 * Every service port must be free before anything starts: a platform already running
 * (a second `npm start`, a forgotten test run) would otherwise answer the health checks
 * while our own services die on EADDRINUSE.
 */
async function refuseTakenPorts(stack: Stack): Promise<void> {
  const taken: string[] = [];
  for (const s of serviceNames) {
    const port = servicePort(stack.config, s);
    if (!(await portIsFree('127.0.0.1', port))) taken.push(`${port} (${s})`);
  }
  if (taken.length) {
    throw new StackError(
      `Port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use: is Tata Laman already running ` +
        '(`npm start` in another terminal, or an end-to-end test run)? Stop that one first (Ctrl-C there), ' +
        'or give this one other ports with GATEWAY_PORT, PUBLIC_SITE_PORT and SERVICE_HEALTH_PORT_BASE.',
    );
  }
}

/** `npm start`: the whole platform on the embedded default. */
export async function start(): Promise<number> {
  const log = createLog();
  const started = Date.now();
  let stopRequested = false;
  const signal = untilSignal(() => {
    stopRequested = true;
    log.info('Stopping ...');
  });
  const stack = await bringUpStack(log);
  const supervisor = new Supervisor(log, [...serviceNames], join(stack.dataDir, 'run'));
  try {
    await refuseTakenPorts(stack);
    if (stack.config.STACK_SKIP_BUILD) log.info('Skipping the build (STACK_SKIP_BUILD).');
    else await build(log);
    await prepareData(stack, log);
    for (const s of serviceNames) {
      const main = distEntry(s, 'main');
      if (!main)
        throw new StackError(`The build produced no entry point for ${s} (dist/services/${s}/src/main.js).`);
      supervisor.start({
        name: s,
        command: nodeBin,
        args: ['--enable-source-maps', main],
        env: stack.env,
        healthUrl: `http://127.0.0.1:${servicePort(stack.config, s)}/health`,
      });
    }
    const late = await supervisor.waitHealthy(stack.config.STACK_START_TIMEOUT_MS);
    if (late.length)
      log.warn(`Not healthy yet: ${late.join(', ')} (see their output); the rest are running.`);
    if (!stopRequested) printSummary(stack, log, (Date.now() - started) / 1000);
    await signal;
  } finally {
    await supervisor.stopAll();
    await stack.stop();
    log.info('Stopped. Data is kept in ' + stack.dataDir + '.');
  }
  return 0;
}
