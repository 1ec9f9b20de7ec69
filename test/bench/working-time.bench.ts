// Micro benchmark for @tatalaman/working-time, the hot path of reporting.
// Run: node -r @swc-node/register test/bench/working-time.bench.ts
import {
  type Holiday,
  type OfficeCalendar,
  defaultOfficeCalendar,
  workingMillisBetween,
  zonedTimeToUtc,
} from '@tatalaman/working-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = zonedTimeToUtc('2025-01-01', '00:00', 'Asia/Jakarta');
const YEARS = 2;

// Deterministic inputs, so runs compare.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

const holidays: Holiday[] = [
  '2025-01-01',
  '2025-03-31',
  '2025-04-01',
  '2025-05-01',
  '2025-08-18',
  '2025-12-25',
  '2026-01-01',
  '2026-03-20',
  '2026-03-23',
  '2026-05-01',
  '2026-08-17',
  '2026-12-25',
].map((date) => ({ date, name: 'Libur', kind: 'national' }));

function calendar(zone: string): OfficeCalendar {
  return defaultOfficeCalendar(zone, holidays);
}

function measure(label: string, span: number, cal: OfficeCalendar): void {
  const starts = Array.from(
    { length: 10_000 },
    () => FROM + Math.floor(random() * (YEARS * 365 * DAY - span)),
  );
  let sink = 0;
  for (const s of starts) sink += workingMillisBetween(s, s + span, cal); // warm caches and JIT
  let calls = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < 1_000) {
    for (const s of starts) sink += workingMillisBetween(s, s + span, cal);
    calls += starts.length;
    elapsed = performance.now() - began;
  }
  const perSecond = Math.round((calls / elapsed) * 1000);
  console.log(
    `${label.padEnd(26)} ${perSecond.toLocaleString('en-US').padStart(12)} calls/s  (checksum ${sink % 997})`,
  );
}

function cold(): void {
  // 500 offices in three zones, each a fresh calendar object: compiles and fills the
  // per-day caches for two years, the first thing a reporting run does.
  const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
  const began = performance.now();
  let sink = 0;
  for (let i = 0; i < 500; i++) {
    const cal = calendar(zones[i % zones.length]);
    sink += workingMillisBetween(FROM, FROM + YEARS * 365 * DAY, cal);
  }
  const ms = performance.now() - began;
  console.log(
    `${'cold: 500 offices × 2 years'.padEnd(26)} ${ms.toFixed(0).padStart(12)} ms total  (checksum ${sink % 997})`,
  );
}

console.log(`workingMillisBetween, node ${process.version}`);
const cal = calendar('Asia/Jakarta');
measure('span 1 hour', HOUR, cal);
measure('span 1 day', DAY, cal);
measure('span 30 days', 30 * DAY, cal);
cold();
