import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../bundle/bundle';

// The determinism guard: histories recorded from real runs of every seed SOP path
// (services/worker tests with RECORD_HISTORIES=1) must replay against the current
// workflow code. A change that breaks one needs Temporal's patching API
// (`patched()`), not a re-recording, or runs in flight on election day would fail.

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has recorded histories of every seed SOP', () => {
  const names = files.join(' ');
  for (const office of ['jateng', 'babar', 'mentawai', 'palu', 'ketapang']) expect(names).toContain(office);
  expect(files.length).toBeGreaterThanOrEqual(10);
});

it('replays every recorded history against the current workflow code', async () => {
  const workflowBundle = await bundleWorkflows();
  async function* histories() {
    for (const file of files) {
      const history = temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(join(dir, file), 'utf8')),
      );
      yield { workflowId: file.replace(/\.json$/, ''), history };
    }
  }
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories())) {
    replayed++;
    if (result.error) {
      const kind = result.error instanceof DeterminismViolationError ? 'non-determinism' : 'failure';
      failures.push(`${result.workflowId}: ${kind}: ${result.error.message}`);
    }
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
}, 120_000);
