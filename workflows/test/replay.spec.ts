import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../bundle/bundle';
import type { RunInput } from '../src/api';
import { loadDefinition, seeds } from './support';

// The determinism guard: histories recorded from real runs (services/worker tests with
// RECORD_HISTORIES=1) must replay against the current workflow code. A change that breaks
// one needs Temporal's patching API (`patched()`), not a re-recording, or runs in flight
// on election day would fail.
//
// - `histories/*.json`: every flow of every seed SOP, recorded with office calendars that
//   hold national holidays and cuti bersama (and one calendar change while a run is open).
// - `histories/before-2026-12/*.json`: runs recorded before RULES_PATCH (December 2026);
//   they replay under the engine's legacy rules, as runs started then still would.

const dir = join(__dirname, 'histories');
const legacyDir = join(dir, 'before-2026-12');
const current = readdirSync(dir).filter((f) => f.endsWith('.json'));
const legacy = readdirSync(legacyDir).filter((f) => f.endsWith('.json'));

function read(folder: string, file: string) {
  return temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(folder, file), 'utf8')));
}

/** The run's input, as its first event recorded it. */
function inputOf(history: temporal.api.history.v1.IHistory): RunInput {
  const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  return JSON.parse(Buffer.from(payload.data as Uint8Array).toString('utf8')) as RunInput;
}

it('has recorded histories of every flow of every seed SOP, with holidays and cuti bersama', () => {
  const covered = new Set<string>();
  for (const file of current) {
    const input = inputOf(read(dir, file));
    covered.add(`${input.definition.key}/${input.flowId}`);
    const kinds = new Set(input.office.calendar.holidays.map((h) => h.kind));
    expect([file, kinds.has('national'), kinds.has('cuti-bersama')]).toEqual([file, true, true]);
    expect([file, typeof input.office.calendarVersion]).toEqual([file, 'number']);
  }
  const wanted = Object.values(seeds).flatMap((key) =>
    loadDefinition(key).flowOrder.map((f) => `${key}/${f}`),
  );
  expect(wanted.filter((w) => !covered.has(w))).toEqual([]);
  expect(legacy.length).toBeGreaterThanOrEqual(10);
});

it('replays every recorded history against the current workflow code', async () => {
  const workflowBundle = await bundleWorkflows();
  async function* histories() {
    for (const file of current) yield { workflowId: file.replace(/\.json$/, ''), history: read(dir, file) };
    for (const file of legacy) {
      yield { workflowId: `before-2026-12/${file.replace(/\.json$/, '')}`, history: read(legacyDir, file) };
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
  expect(replayed).toBe(current.length + legacy.length);
}, 180_000);
