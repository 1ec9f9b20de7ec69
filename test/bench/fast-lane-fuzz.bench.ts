// npm run bench -- fast-lane-fuzz [--runs N] [--seed S]
//
// The differential fuzz of the public site's fast lane against Node's HTTP parser
// (llhttp), longer than `npm test` runs it (services/publishing/test/fast-lane-fuzz.spec.ts,
// 100,000 streams): by default 1,000,000 generated streams, then the smuggling corpus cut
// at every byte. Exits 1 with the first disagreement (shrunk) and the seed to replay it.
// The last line is `fast-lane-fuzz streams=<n> answered=<requests> disagreements=0 seconds=<s>`.
import { loadavg } from 'node:os';
import fc from 'fast-check';
import {
  disagreement,
  httpStreams,
  runFastLane,
  SMUGGLING_CORPUS,
} from '../../services/publishing/test/support/fast-lane-differential';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const RUNS = arg('runs') ?? 1_000_000;
const SEED = arg('seed') ?? Date.now() ^ (Math.random() * 0x7fffffff);

const started = Date.now();
for (const c of SMUGGLING_CORPUS) {
  const stream = Buffer.from(c.stream, 'latin1');
  const cuts = Array.from({ length: Math.min(stream.length, 4_096) }, (_, i) => i);
  const problem = disagreement(stream) ?? disagreement(stream, cuts);
  if (problem) {
    console.error(`corpus "${c.name}": ${problem}`);
    process.exit(1);
  }
}
let requests = 0;
let handedOff = 0;
const result = fc.check(
  fc.property(httpStreams, ({ stream, cuts }) => {
    const problem = disagreement(stream, cuts);
    if (problem) throw new Error(`${problem}\nstream: ${JSON.stringify(stream.toString('latin1'))}`);
    const run = runFastLane(stream);
    requests += run.answered.length;
    if (run.stop === 'hand-off') handedOff++;
  }),
  { numRuns: RUNS, seed: SEED },
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `seed ${SEED}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${SMUGGLING_CORPUS.length} corpus streams cut at every byte`,
);
if (result.failed) {
  console.error(fc.defaultReportMessage(result));
  console.log(`fast-lane-fuzz streams=${result.numRuns} disagreements=1 seconds=${seconds}`);
  process.exit(1);
}
console.log(
  `fast-lane-fuzz streams=${result.numRuns} answered=${requests} handed_off=${handedOff} disagreements=0 seconds=${seconds}`,
);
