import fc from 'fast-check';
import { disagreement, httpStreams, runFastLane, SMUGGLING_CORPUS } from './support/fast-lane-differential';

// The public site's fast lane answers cached pages from raw sockets with a parser of its
// own (src/site/fast-lane.ts). Whatever it answers, Node's parser (llhttp) must frame and
// read the same way; everything else it hands to Node. `npm test` runs 100,000 generated
// streams (about 10 s on the 2-core development machine; FAST_LANE_FUZZ_RUNS changes the
// count); `npm run bench -- fast-lane-fuzz --runs N --seed S` runs longer or other ones.

const RUNS = Number(process.env.FAST_LANE_FUZZ_RUNS ?? 100_000);

/** Every cut for short streams (each byte its own packet); a few for long ones. */
function cutsFor(stream: Buffer): number[] {
  if (stream.length <= 2_048) return Array.from({ length: stream.length }, (_, i) => i);
  return [1, 2, 3, 17, 8_190, 8_191, 8_192, 8_193, 8_194, 8_195, 8_196, 8_197, stream.length - 1];
}

describe('the fast lane against Node’s HTTP parser', () => {
  it('agrees on every stream of the smuggling corpus, however it is cut', () => {
    for (const c of SMUGGLING_CORPUS) {
      const stream = Buffer.from(c.stream, 'latin1');
      expect([c.name, disagreement(stream)]).toEqual([c.name, undefined]);
      expect([c.name, disagreement(stream, cutsFor(stream))]).toEqual([c.name, undefined]);
      if (c.answered !== undefined)
        expect([c.name, runFastLane(stream).answered.length]).toEqual([c.name, c.answered]);
    }
  });

  it(`agrees on ${RUNS.toLocaleString('en')} generated streams`, () => {
    const seen = { streams: 0, answered: 0, handedOff: 0, closed: 0, requests: 0 };
    fc.assert(
      fc.property(httpStreams, ({ stream, cuts }) => {
        const problem = disagreement(stream, cuts);
        if (problem) throw new Error(`${problem}\nstream: ${JSON.stringify(stream.toString('latin1'))}`);
        const run = runFastLane(stream);
        seen.streams++;
        seen.requests += run.answered.length;
        if (run.answered.length) seen.answered++;
        if (run.stop === 'hand-off') seen.handedOff++;
        if (run.stop === 'closed') seen.closed++;
      }),
      { numRuns: RUNS },
    );
    console.log(
      `fast-lane fuzz: ${seen.streams} streams, ${seen.requests} requests answered by the fast lane ` +
        `(${seen.answered} streams with at least one), ${seen.handedOff} handed to Node, ${seen.closed} closed`,
    );
    // Not vacuous: the fast lane answers a good share of the streams, and hands off many others.
    expect(seen.answered / seen.streams).toBeGreaterThan(0.25);
    expect(seen.handedOff / seen.streams).toBeGreaterThan(0.3);
  });
});
