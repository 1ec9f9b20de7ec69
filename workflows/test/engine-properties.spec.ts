// Property tests of the interpreter: thousands of definitions generated from the SOP
// language's grammar, each run through random decisions by random roles at random
// working and non-working instants, with activities finishing or refused, calendars
// changing and continue-as-new hops; every invariant of test/fuzz/driver.ts is checked
// after every step. A longer soak: `npm run bench -- engine-fuzz`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { definitionArb } from './fuzz/definitions';
import { DOCUMENTED_REFUSALS, FuzzRun, scenarioArb } from './fuzz/driver';

/** Definitions per `npm test`; each runs SCENARIOS scenarios: 1,000 × 5 = 5,000 runs (15–30 s on the shared 2-core machine). */
const DEFINITIONS = Number(process.env.ENGINE_FUZZ_DEFINITIONS ?? 1_000);
const SCENARIOS = 5;

it('every refusal code the engine can give is documented in docs/runtime.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'runtime.md'), 'utf8');
  for (const code of DOCUMENTED_REFUSALS) expect(doc).toContain(`\`${code}\``);
});

it(`keeps its invariants over ${DEFINITIONS * SCENARIOS} generated runs`, () => {
  let runs = 0;
  let decisions = 0;
  let refusals = 0;
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(
      definitionArb,
      fc.array(scenarioArb, { minLength: SCENARIOS, maxLength: SCENARIOS }),
      (d, scenarios) => {
        for (const scenario of scenarios) {
          const run = new FuzzRun(d.definition, scenario);
          run.run();
          runs++;
          decisions += run.accepted;
          refusals += run.refusals;
          for (const [k, n] of run.seen) seen.set(k, (seen.get(k) ?? 0) + n);
        }
      },
    ),
    {
      numRuns: DEFINITIONS,
      seed: process.env.ENGINE_FUZZ_SEED ? Number(process.env.ENGINE_FUZZ_SEED) : undefined,
    },
  );
  expect(runs).toBeGreaterThanOrEqual(DEFINITIONS * SCENARIOS);
  // The generated decisions are neither all refused nor all accepted.
  expect(decisions).toBeGreaterThan(runs);
  expect(refusals).toBeGreaterThan(runs / 10);
  // Every part of the grammar and every kind of input was exercised, many times over.
  const exercised = [
    'decision:approve',
    'decision:send-back',
    'decision:reject',
    'decision:skip',
    'decision:handoff',
    'decision:published',
    'decision:automatic',
    'decision:cancelled',
    'step-postponed',
    'step-resumed',
    'step-extended',
    'step-reminded',
    'step-breached',
    'step-escalated',
    'step-failed',
    'step-rescheduled',
    'deadline-reminded',
    'deadline-breached',
    'deadline-extended',
    'calendar-applied',
    'continue-as-new',
    'refused:extensions-exhausted',
    'refused:calendar-not-newer',
    'refused:role-not-holder',
    'refused:duplicate-key',
  ];
  for (const what of exercised) expect([what, (seen.get(what) ?? 0) >= 20]).toEqual([what, true]);
}, 120_000);
