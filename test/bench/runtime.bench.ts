// npm run bench -- runtime [--runs N] [--concurrency C]
//
// Completed runs per second and the latency of one decision for the Jawa Tengah
// SOP (an Artikel: six human decisions, the hand-offs, the publish step and every
// run event on JetStream), next to a bare workflow doing the same number of
// updates, on the same Temporal server, in the same process, in the same run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 60);
const CONCURRENCY = arg('concurrency', 10);
const WARMUP = 5;

// Subjects and task queues of this benchmark are its own (read when modules load).
const tag = randomBytes(3).toString('hex');
process.env.NATS_PREFIX = `bench${tag}`;
process.env.TEMPORAL_TASK_QUEUE = `bench-sop-${tag}`;
process.env.LOG_LEVEL = 'warn';

const DECISIONS: [string, string, 'complete' | 'approve'][] = [
  ['konsep', 'pengampu-konsep', 'complete'],
  ['validasi', 'web-admin', 'complete'],
  ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
  ['koreksi-kabag', 'kabag-hth', 'approve'],
  ['koreksi-sekretaris', 'sekretaris', 'approve'],
  ['persetujuan-komisioner', 'komisioner', 'approve'],
];

interface Phase {
  name: string;
  runsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per run: this process (worker, clients, answering services) and the Temporal server. */
  cpu: { here: number; temporal?: number };
}

/**
 * CPU time (ms) of the local Temporal dev server, read from /proc; undefined where the
 * server is not a process of this machine (an external or production server).
 */
function temporalCpuMs(): number | undefined {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-f', 'temporal server start-dev'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between pgrep and the read.
    }
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `total` runs, `concurrency` at a time; each run reports its decision latencies. */
async function measure(
  name: string,
  total: number,
  concurrency: number,
  one: (i: number) => Promise<number[]>,
): Promise<Phase> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const temporalBefore = temporalCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        latencies.push(...(await one(i)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const temporalAfter = temporalCpuMs();
  return {
    name,
    runsPerSecond: total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu: {
      here: (cpu.user + cpu.system) / 1000 / total,
      temporal:
        temporalBefore === undefined || temporalAfter === undefined
          ? undefined
          : (temporalAfter - temporalBefore) / total,
    },
  };
}

async function main() {
  const { Client, Connection } = await import('@temporalio/client');
  const { NativeConnection, Worker, bundleWorkflowCode } = await import('@temporalio/worker');
  const { loadConfig } = await import('@tatalaman/config');
  const { createService } = await import('@tatalaman/service-host');
  const { connectNats, natsMicroserviceOptions, CommandClient } = await import('@tatalaman/messaging');
  const { serveCommand, stackEnv } = await import('@tatalaman/testing');
  const { parseSopDefinition } = await import('@tatalaman/sop-language');
  const { defaultOfficeCalendar } = await import('@tatalaman/working-time');
  const { decideUpdate, sopRun, SOP_DEFINITION_KEY, SOP_ITEM_ID, SOP_OFFICE, SOP_STATE } =
    await import('@tatalaman/workflows');
  const { readFileSync } = await import('node:fs');
  const { WorkerModule } = await import('../../services/worker/src/worker.module');
  const { stepUpdate, bareRun } = await import('./bare.workflow');

  const env = stackEnv();
  const root = join(__dirname, '..', '..');
  const definition = parseSopDefinition(
    readFileSync(join(root, 'workflows/definitions/kpu-prov-jateng.pengelolaan-website.yaml'), 'utf8'),
  ).definition!;
  const office = 'kpu-prov-jateng';
  const calendar = defaultOfficeCalendar('Asia/Jakarta');

  // The services the worker calls, answered at their contract boundary.
  const nc = await connectNats({ url: env.natsUrl, name: 'bench-runtime' });
  const served = [
    serveCommand(nc, 'sop-registry.definition.resolve', () => ({
      key: definition.key,
      version: definition.version,
      compiled: definition,
    })),
    serveCommand(nc, 'gateway.office.get', () => ({
      code: office,
      name: office,
      timeZone: calendar.timeZone,
      calendar: calendar as never,
    })),
    serveCommand(nc, 'publishing.step.publish', (req) => ({
      receipts: req.channels.map((channel) => ({
        channel,
        url: `https://kpu.test/${req.itemId}`,
        publishedAt: new Date().toISOString(),
        status: 'published' as const,
      })),
    })),
  ];

  console.log(
    `runtime benchmark: ${RUNS} runs per phase, ${CONCURRENCY} at a time, ${DECISIONS.length} decisions each`,
  );
  console.log('starting the worker (bundles the interpreter) and the bare worker ...');
  const app = await createService(
    {
      name: 'worker',
      module: WorkerModule,
      configure: (a) =>
        void a.connectMicroservice(natsMicroserviceOptions('worker'), { inheritAppConfig: true }),
    },
    loadConfig(process.env),
  );
  await app.startAllMicroservices();
  await app.init();

  const bareQueue = `bench-bare-${tag}`;
  const nativeConnection = await NativeConnection.connect({ address: env.temporalAddress });
  const bareWorker = await Worker.create({
    connection: nativeConnection,
    namespace: env.temporalNamespace,
    taskQueue: bareQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('./bare.workflow'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
    }),
    maxConcurrentWorkflowTaskExecutions: 40,
  });
  const bareRunning = bareWorker.run();

  const connection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection, namespace: env.temporalNamespace });
  const commands = new CommandClient(nc, { timeoutMs: 30_000 });
  const timed = async (work: () => Promise<unknown>, into: number[]) => {
    const t = performance.now();
    await work();
    into.push(performance.now() - t);
  };

  const bare = (label: string) => async (i: number) => {
    const handle = await client.workflow.start(bareRun, {
      workflowId: `bench-bare-${tag}-${label}-${i}`,
      taskQueue: bareQueue,
      args: [DECISIONS.length],
    });
    const latencies: number[] = [];
    for (let d = 0; d < DECISIONS.length; d++) {
      await timed(() => handle.executeUpdate(stepUpdate, { args: [`k${d}`] }), latencies);
    }
    await handle.result();
    return latencies;
  };

  const ours = (label: string) => async (i: number) => {
    const handle = await client.workflow.start(sopRun, {
      workflowId: `bench-sop-${tag}-${label}-${i}`,
      taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
      args: [
        {
          office: { code: office, calendar },
          definition,
          flowId: 'item',
          item: { id: `item-${label}-${i}`, contentType: 'artikel', title: 'Bench' },
          startedBy: { kind: 'system', id: 'bench' },
        },
      ],
      typedSearchAttributes: [
        { key: SOP_OFFICE, value: office },
        { key: SOP_DEFINITION_KEY, value: definition.key },
        { key: SOP_ITEM_ID, value: `item-${label}-${i}` },
        { key: SOP_STATE, value: 'running' },
      ],
    });
    const latencies: number[] = [];
    for (const [stepId, role, decision] of DECISIONS) {
      const idempotencyKey = `${label}-${i}-${stepId}`;
      await timed(
        () =>
          handle.executeUpdate(decideUpdate, {
            updateId: idempotencyKey,
            args: [{ stepId, role, decision, actor: { kind: 'user', id: role }, idempotencyKey }],
          }),
        latencies,
      );
    }
    await handle.result();
    return latencies;
  };

  // The same, as other services call it: NATS request/reply to the worker's runtime commands.
  const viaRuntime = (label: string) => async (i: number) => {
    const { workflowId } = await commands.send('worker.run.start', {
      office,
      item: { id: `item-rt-${label}-${i}`, contentType: 'artikel', title: 'Bench' },
      startedBy: { kind: 'system', id: 'bench' },
      idempotencyKey: `rt-${tag}-${label}-${i}`,
    });
    const latencies: number[] = [];
    for (const [stepId, role, decision] of DECISIONS) {
      const idempotencyKey = `rt-${label}-${i}-${stepId}`;
      await timed(
        () =>
          commands.send('worker.run.decide', {
            office,
            workflowId,
            stepId,
            role,
            decision,
            actor: { kind: 'user', id: role },
            idempotencyKey,
          }),
        latencies,
      );
    }
    await client.workflow.getHandle(workflowId).result();
    return latencies;
  };

  console.log('warming up ...');
  await measure('warm-up', WARMUP, WARMUP, bare('w'));
  await measure('warm-up', WARMUP, WARMUP, ours('w'));
  await measure('warm-up', WARMUP, WARMUP, viaRuntime('w'));

  const phases: Phase[] = [];
  phases.push(await measure('bare workflow, 6 updates', RUNS, CONCURRENCY, bare('m')));
  phases.push(await measure('SOP interpreter, Jawa Tengah Artikel', RUNS, CONCURRENCY, ours('m')));
  phases.push(await measure('same, through the runtime commands (NATS)', RUNS, CONCURRENCY, viaRuntime('m')));

  console.log('');
  console.log(
    'phase                                         runs/s   decision p50   decision p99   CPU/run here, Temporal',
  );
  for (const p of phases) {
    const temporal = p.cpu.temporal === undefined ? 'n/a' : `${p.cpu.temporal.toFixed(0)} ms`;
    console.log(
      `${p.name.padEnd(44)} ${p.runsPerSecond.toFixed(2).padStart(7)} ${p.p50.toFixed(1).padStart(11)} ms ${p.p99.toFixed(1).padStart(11)} ms   ${p.cpu.here.toFixed(0).padStart(5)} ms, ${temporal}`,
    );
  }

  bareWorker.shutdown();
  await bareRunning;
  await app.close();
  for (const s of served) s.stop();
  const jsm = await jetstreamManager(nc);
  for await (const s of jsm.streams.list())
    if (s.config.name.startsWith(process.env.NATS_PREFIX!.toUpperCase()))
      await jsm.streams.delete(s.config.name);
  await nc.close();
  await connection.close();
  await nativeConnection.close();

  const [b, o] = phases as [Phase, Phase];
  console.log(
    `runtime ratio=${(o.runsPerSecond / b.runsPerSecond).toFixed(3)} p99_ratio=${(o.p99 / b.p99).toFixed(3)}`,
  );
}

main().catch((error) => {
  console.error(
    error instanceof Error ? `${error.message} ${(error as { cause?: Error }).cause?.message ?? ''}` : error,
  );
  process.exit(1);
});
