import { bold, createLog, green, type Log } from '../../local/src/log';
import { untilSignal } from '../../local/src/signals';
import { StackError, exitWithFailure } from '../../local/src/stack-error';
import { clusterDataDir, readClusterState, startCluster, type Cluster } from './cluster';
import { drill } from './drill';
import { writeChartRenders } from './helm-renders';
import { writeManifests } from './manifests';
import { ensureTool, goTools, type GoToolName } from './tools';

const usage = `Usage: npm run cluster -- [verb]
  up (default)     the hosted topology on this machine until Ctrl-C: Postgres, 3 NATS nodes,
                   the Temporal server, 2 replicas of every service, nginx in front
  drill            start it, kill each kind of member once (SIGKILL) and time the recovery, stop
  env              export lines for the running cluster (eval "$(npm run -s cluster -- env)")
  manifests        regenerate the nginx configuration of deploy/compose and deploy/helm
  render-chart     build the pinned helm (once), lint the Helm chart and commit-ready renders
                   into deploy/helm/rendered (npm test validates those)
  tools [NAME...]  only build the Go programs it needs (${Object.keys(goTools).join(', ')}); cached`;

function printSummary(cluster: Cluster, log: Log): void {
  const { state, topology: t } = cluster;
  const lines = [
    '',
    bold(green('The Tata Laman cluster is running.')),
    `  Console and API (nginx)   ${state.gatewayUrl}/  ·  ${state.gatewayUrl}/api/docs`,
    `  Public sites (nginx)      ${state.publicSiteUrl}/  (e.g. ${state.publicSiteUrl}/kpu-prov-jateng/)`,
    `  Temporal                  ${state.env.TEMPORAL_ADDRESS}  ·  UI ${state.temporalUiUrl ?? 'not available'}`,
    `  NATS (JetStream R${t.nats.length})       ${state.env.NATS_URL}`,
    `  Postgres                  127.0.0.1:${t.postgres.port}`,
    `  Replicas                  ${t.replicas.length} of every service (${cluster.members().filter((m) => /-\d$/.test(m) && !m.startsWith('nats-')).length} processes)`,
    `  Demo users                password ${bold(state.demoPassword)}`,
    `  Data and logs             ${t.settings.dataDir}`,
    '',
    'Press Ctrl-C to stop.',
  ];
  for (const l of lines) log.info(l);
}

async function up(log: Log): Promise<number> {
  let stopRequested = false;
  const signal = untilSignal(() => {
    stopRequested = true;
    log.info('Stopping ...');
  });
  const cluster = await startCluster({ log });
  try {
    if (!stopRequested) printSummary(cluster, log);
    await signal;
  } finally {
    await cluster.stop();
    log.info(`Stopped. Data is kept in ${cluster.topology.settings.dataDir}.`);
  }
  return 0;
}

function env(): number {
  const state = readClusterState(clusterDataDir());
  if (!state)
    throw new StackError('No cluster is running from this folder. Start one with `npm run cluster`.');
  const vars = { ...state.env, GATEWAY_URL: state.gatewayUrl, PUBLIC_SITE_URL: state.publicSiteUrl };
  for (const [k, v] of Object.entries(vars))
    process.stdout.write(`export ${k}='${v.replace(/'/g, "'\\''")}'\n`);
  return 0;
}

export async function main(argv: string[]): Promise<void> {
  const [verb = 'up', ...rest] = argv;
  const log = createLog('cluster');
  try {
    let code = 0;
    switch (verb) {
      case 'up':
        code = await up(log);
        break;
      case 'env':
        code = env();
        break;
      case 'drill': {
        const cluster = await startCluster({ log });
        try {
          const results = await drill(cluster, log);
          log.info(`drill ${results.map((r) => `${r.member}=${r.seconds.toFixed(1)}s`).join(' ')}`);
        } finally {
          await cluster.stop();
        }
        break;
      }
      case 'manifests': {
        const changed = writeManifests();
        log.info(changed.length ? `Written: ${changed.join(', ')}` : 'The manifests were up to date.');
        break;
      }
      case 'render-chart': {
        const [helm] = (await ensureTool(goTools.helm, log)) as [string];
        log.info(`Written: ${writeChartRenders(helm).join(', ')}`);
        break;
      }
      case 'tools': {
        const names = (rest.length ? rest : Object.keys(goTools)) as GoToolName[];
        const unknown = names.filter((n) => !(n in goTools));
        if (unknown.length)
          throw new StackError(
            `Unknown tool ${unknown.join(', ')}. Known: ${Object.keys(goTools).join(', ')}.`,
          );
        for (const n of names) log.info(`${n}: ${(await ensureTool(goTools[n], log)).join(', ')}`);
        break;
      }
      default:
        process.stderr.write(usage + '\n');
        code = 2;
    }
    process.exit(code);
  } catch (error) {
    exitWithFailure(error, 'the cluster data folder, logs/');
  }
}
