// npm run bench -- engine-fuzz [--minutes M] [--scenarios S] [--seed N] [--legacy]
//
// The soak of the interpreter's property test (workflows/test/engine-properties.spec.ts,
// which runs 5,000 runs in `npm test`): generated definitions, each driven through S
// random scenarios with every invariant checked after every step, for M minutes
// (default 10). Prints the first counterexample (definition, scenario, broken invariant)
// and exits 1, or prints how many runs held. `--legacy` runs the engine's legacy rules,
// which break several invariants (the defects issue 12 fixed) — a check that the soak
// still finds them.
import fc from 'fast-check';
import { definitionArb } from '../../workflows/test/fuzz/definitions';
import { FuzzRun, scenarioArb } from '../../workflows/test/fuzz/driver';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 10);
const SCENARIOS = arg('scenarios', 5);
const SEED = arg('seed', Date.now() % 2_147_483_647);
const LEGACY = process.argv.includes('--legacy');

let runs = 0;
let definitions = 0;
const started = performance.now();
const progress = setInterval(() => {
  const s = (performance.now() - started) / 1000;
  console.log(`… ${runs} runs of ${definitions} definitions in ${s.toFixed(0)} s`);
}, 30_000);

const result = fc.check(
  fc.property(
    definitionArb,
    fc.array(scenarioArb, { minLength: SCENARIOS, maxLength: SCENARIOS }),
    (d, scenarios) => {
      definitions++;
      for (const scenario of scenarios) {
        new FuzzRun(d.definition, scenario, { legacy: LEGACY }).run();
        runs++;
      }
    },
  ),
  {
    seed: SEED,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: MINUTES * 60_000,
    markInterruptAsFailure: false,
  },
);
clearInterval(progress);
const seconds = ((performance.now() - started) / 1000).toFixed(0);

if (result.failed) {
  const [d, scenarios] = result.counterexample!;
  console.log(
    `Counterexample (seed ${SEED}, path ${result.counterexample ? result.counterexamplePath : ''}):`,
  );
  console.log(JSON.stringify(d.source, null, 1));
  console.log(JSON.stringify(scenarios, null, 1));
  console.log(
    `Broken: ${(result.errorInstance as Error | undefined)?.message ?? String(result.errorInstance)}`,
  );
  console.log(
    `engine-fuzz runs=${runs} definitions=${definitions} failures=1 seconds=${seconds} seed=${SEED}`,
  );
  process.exit(1);
}
console.log(`engine-fuzz runs=${runs} definitions=${definitions} failures=0 seconds=${seconds} seed=${SEED}`);
