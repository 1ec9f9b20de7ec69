import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RemoteError } from '@tatalaman/messaging';
import type { RunSummary } from '@tatalaman/contracts';
import { key, officeOf, RuntimeHarness, seed, user } from './support/runtime-harness';

// Killing the worker process (SIGKILL, no goodbye) in the middle of many runs and
// starting it again: every run finishes, and no step runs twice.

const root = join(__dirname, '..', '..', '..');
const jateng = seed('kpu-prov-jateng.pengelolaan-website');
const office = officeOf(jateng);
const h = new RuntimeHarness();
const RUNS = 6;

const path: [stepId: string, role: string, decision: 'complete' | 'approve'][] = [
  ['konsep', 'pengampu-konsep', 'complete'],
  ['validasi', 'web-admin', 'complete'],
  ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
  ['koreksi-kabag', 'kabag-hth', 'approve'],
  ['koreksi-sekretaris', 'sekretaris', 'approve'],
  ['persetujuan-komisioner', 'komisioner', 'approve'],
];

function freePortBase(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(Math.min(port, 60_000) - 6));
    });
  });
}

let worker: ChildProcess | undefined;
let portBase = 0;

async function startWorkerProcess(): Promise<void> {
  worker = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'services/worker/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: join(root, 'tsconfig.json'),
      SERVICE_HEALTH_PORT_BASE: String(portBase),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stderr?.on('data', () => undefined);
  worker.stdout?.on('data', () => undefined);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${portBase + 6}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('worker process did not become healthy');
}

/** Sends a decision the way a client should: retrying with the same key until the runtime answers. */
async function decideUntilAnswered(
  workflowId: string,
  stepId: string,
  role: string,
  decision: 'complete' | 'approve',
) {
  const idempotencyKey = key(`${workflowId}-${stepId}`);
  for (;;) {
    try {
      return await h.client.send(
        'worker.run.decide',
        { office, workflowId, stepId, role, decision, actor: user(role), idempotencyKey },
        { idempotencyKey, timeoutMs: 10_000 },
      );
    } catch (error) {
      // 503/504: the worker is down or restarting. Anything else is a real answer.
      if (!(error instanceof RemoteError) || ![503, 504].includes(error.status)) throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function getUntilAnswered(workflowId: string): Promise<RunSummary> {
  for (;;) {
    try {
      return await h.get(office, workflowId);
    } catch (error) {
      if (!(error instanceof RemoteError) || ![503, 504].includes(error.status)) throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

beforeAll(async () => {
  h.activate(office, jateng);
  await h.start({ worker: false });
  portBase = await freePortBase();
  await startWorkerProcess();
}, 180_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  await h.stop();
});

it('every run finishes after the worker is killed mid-run, and no step runs twice', async () => {
  const started = await Promise.all(
    Array.from({ length: RUNS }, (_, i) =>
      h.startRun(office, { id: `restart-${i}`, contentType: 'artikel' }),
    ),
  );
  const ids = started.map((s) => s.workflowId);

  // First half of each run's path with the worker alive.
  for (const [stepId, role, decision] of path.slice(0, 3)) {
    await Promise.all(ids.map((id) => decideUntilAnswered(id, stepId, role, decision)));
  }

  // Send the next decisions and kill the worker while they are in flight.
  const inFlight = ids.map((id) => decideUntilAnswered(id, path[3]![0], path[3]![1], path[3]![2]));
  await new Promise((r) => setTimeout(r, 50));
  worker!.kill('SIGKILL');
  await new Promise((r) => worker!.once('exit', r));
  await new Promise((r) => setTimeout(r, 1_000));
  await startWorkerProcess();
  await Promise.all(inFlight);

  for (const [stepId, role, decision] of path.slice(4)) {
    await Promise.all(ids.map((id) => decideUntilAnswered(id, stepId, role, decision)));
  }

  const runs: RunSummary[] = [];
  for (const id of ids) {
    let run = await getUntilAnswered(id);
    const deadline = Date.now() + 60_000;
    while (run.status !== 'completed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      run = await getUntilAnswered(id);
    }
    runs.push(run);
  }
  expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
  // The query answers as soon as the run ends; its last events reach the stream just after.
  const until = Date.now() + 30_000;
  while (ids.some((id) => h.eventsOf(id, 'run-ended').length === 0) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
  }

  for (const run of runs) {
    // The run's own record: each step decided once.
    const entries = run.history.map((e) => `${e.stepId}#${e.attempt}:${e.kind}`);
    expect(new Set(entries).size).toBe(entries.length);
    expect(run.history.map((e) => e.stepId)).toEqual([
      'konsep',
      'serah-pengelola',
      'validasi',
      'koreksi-subkoor',
      'koreksi-kabag',
      'koreksi-sekretaris',
      'persetujuan-komisioner',
      'kembali-ke-kabag',
      'kembali-ke-subkoor',
      'kembali-ke-web-admin',
      'unggah',
    ]);

    // What the rest of the platform saw: each step opened and completed exactly once.
    for (const name of ['step-opened', 'step-completed']) {
      const seen = h.eventsOf(run.workflowId, name).map((e) => {
        const d = e.data as { stepId: string; attempt: number };
        return `${d.stepId}#${d.attempt}`;
      });
      expect(seen).toHaveLength(11);
      expect(new Set(seen).size).toBe(11);
    }
    expect(h.eventsOf(run.workflowId, 'run-ended')).toHaveLength(1);

    // The publishing service was asked to do this run's publication under one key only.
    const keys = new Set(
      h.published.calls
        .filter((c) => c.request.run.workflowId === run.workflowId)
        .map((c) => c.idempotencyKey),
    );
    expect([...keys]).toEqual([`${run.workflowId}/unggah/1`]);
  }
}, 300_000);
