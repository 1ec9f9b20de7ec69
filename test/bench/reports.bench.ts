// npm run bench -- reports [--offices 500] [--months 24] [--monthly 200] [--semester 40]
//                          [--sample-runs 200] [--keep] [--reuse]
//
// Loads two years of synthetic history for 500 offices straight into the reporting
// projection tables, then times the reporting service (running in this process, asked over
// NATS like the gateway does) for the monthly recap of one office and the platform-wide
// semester comparison. The last line is `reports monthly_ms=<p95> semester_ms=<p95>`.
//
// Why bulk-loaded: feeding tens of millions of events through JetStream would take hours.
// The loader builds each fact row the way the projector does (`deriveStep` for the derived
// columns, the same contribution functions for the daily and monthly counters) and inserts
// them with multi-row INSERTs; the projection of real events is measured on a smaller
// sample (SOP runs driven through the runtime's engine, published to JetStream).
//
// The database `tl_bench_reports` is created and dropped by the script; `--keep` keeps it
// and `--reuse` times an existing one without loading again.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const OFFICES = arg('offices', 500);
const MONTHS = arg('months', 24);
const MONTHLY_ITERATIONS = arg('monthly', 200);
const SEMESTER_ITERATIONS = arg('semester', 40);
const SAMPLE_RUNS = arg('sample-runs', 200);
const KEEP = flag('keep') || flag('reuse');
const REUSE = flag('reuse');
const DATABASE = 'tl_bench_reports';
/** The two years loaded: July 2024 – June 2026 (four whole semesters). */
const FIRST_MONTH = [2024, 7] as const;

// Subjects and streams of this benchmark are its own (read when modules load).
process.env.NATS_PREFIX = `bench${randomBytes(3).toString('hex')}`;
process.env.LOG_LEVEL = 'warn';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Deterministic pseudo-random numbers (mulberry32), so every load is the same history. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  const { Client, Pool } = await import('pg');
  const { loadConfig } = await import('@tatalaman/config');
  const { createService } = await import('@tatalaman/service-host');
  const { connectNats, closeNats, natsMicroserviceOptions, CommandClient } =
    await import('@tatalaman/messaging');
  const { serveCommand, stackEnv } = await import('@tatalaman/testing');
  const { natsPrefix, streamNamesForPrefix, subjectOf } = await import('@tatalaman/contracts');
  const { chooseBranch } = await import('@tatalaman/sop-language');
  const { nationalHolidays } = await import('@tatalaman/holidays');
  const wt = await import('@tatalaman/working-time');
  const { createServiceDataSource, runMigrations } = await import('@tatalaman/persistence');
  const { ReportingModule } = await import('../../services/reporting/src/reporting.module');
  const { persistence } = await import('../../services/reporting/src/persistence');
  const { deriveStep } = await import('../../services/reporting/src/projections/step-facts');
  const agg = await import('../../services/reporting/src/projections/aggregates');
  const { METRICS } = await import('../../services/reporting/src/projections/metrics');
  const { STEP_FACTS, RUNS, ITEMS, POSTS } = await import('../../services/reporting/src/projections/rows');
  const { projectionDdl } = await import('../../services/reporting/src/projections/schema');
  const { SopRun, pageViews, SEEDS, loadDefinition } =
    await import('../../services/reporting/test/support/sop-driver');
  type Row = Record<string, unknown>;
  type Metrics = Partial<Record<(typeof METRICS)[number], number>>;
  type CompiledSop = ReturnType<typeof loadDefinition>;

  const env = stackEnv();
  const adminUrl = (() => {
    const u = new URL(env.databaseUrl);
    u.pathname = '/postgres';
    return u.toString();
  })();
  const benchUrl = (() => {
    const u = new URL(env.databaseUrl);
    u.pathname = `/${DATABASE}`;
    return u.toString();
  })();

  // ---- database ---------------------------------------------------------------------
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const exists =
    (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DATABASE])).rowCount === 1;
  if (!REUSE || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  }
  await admin.end();
  const ds = await createServiceDataSource({ url: benchUrl, ...persistence }).initialize();
  await runMigrations(ds);
  await ds.destroy();
  const pool = new Pool({ connectionString: benchUrl, max: 4 });

  // ---- offices ------------------------------------------------------------------------
  const seedKeys = Object.values(SEEDS);
  const definitions = seedKeys.map((k) => loadDefinition(k));
  const CONTENT_TYPES: Record<string, string[]> = {
    [SEEDS.palu]: ['berita', 'artikel', 'pengumuman', 'data'],
    [SEEDS.jateng]: ['berita', 'artikel', 'pengumuman', 'regulasi', 'dokumentasi', 'bahan-sosialisasi'],
    [SEEDS.babar]: ['informasi-hukum'],
    [SEEDS.mentawai]: ['berita', 'hasil-liputan'],
    [SEEDS.ketapang]: ['berita'],
  };
  const holidays = [2024, 2025, 2026, 2027].flatMap((y) => nationalHolidays(y));
  const calendars = new Map<string, ReturnType<typeof wt.defaultOfficeCalendar>>();
  const calendarFor = (tz: string) => {
    let c = calendars.get(tz);
    if (!c) calendars.set(tz, (c = wt.defaultOfficeCalendar(tz, holidays)));
    return c;
  };
  const offices = Array.from({ length: OFFICES }, (_, i) => {
    const definition = definitions[i % definitions.length]!;
    const timeZone =
      i % 10 === 3
        ? 'Asia/Jayapura'
        : definition.timeZone === 'Asia/Makassar'
          ? 'Asia/Makassar'
          : 'Asia/Jakarta';
    return {
      code: `bench-kpu-${String(i + 1).padStart(3, '0')}`,
      name: `KPU Kabupaten Uji ${i + 1}`,
      definition,
      timeZone,
      calendar: calendarFor(timeZone),
    };
  });
  const months = Array.from({ length: MONTHS }, (_, i) => {
    const m0 = FIRST_MONTH[1] - 1 + i;
    return `${FIRST_MONTH[0] + Math.floor(m0 / 12)}-${pad((m0 % 12) + 1)}`;
  });
  const semesters = [...new Set(months.map((m) => `${m.slice(0, 4)}-S${Number(m.slice(5)) <= 6 ? 1 : 2}`))];

  // ---- loading ------------------------------------------------------------------------
  type Column = [string, string];
  const pgType = (t: string) =>
    ({ text: 'text', ts: 'timestamptz', int: 'int', bigint: 'bigint', bool: 'boolean', 'text[]': 'text' })[
      t
    ]!;
  const columnsOf = (spec: { columns: Readonly<Record<string, string>> }, skip: string[] = []): Column[] =>
    Object.entries(spec.columns)
      .filter(([n, t]) => t !== 'text[]' && !skip.includes(n))
      .map(([n, t]) => [n, pgType(t)]);
  const tables: Record<string, { columns: Column[]; rows: Row[]; inserted: number }> = {
    step_facts: { columns: columnsOf(STEP_FACTS), rows: [], inserted: 0 },
    runs: { columns: columnsOf(RUNS), rows: [], inserted: 0 },
    items: { columns: columnsOf(ITEMS), rows: [], inserted: 0 },
    posts: { columns: columnsOf(POSTS), rows: [], inserted: 0 },
    page_views: {
      columns: [
        ['office', 'text'],
        ['day', 'text'],
        ['item_id', 'text'],
        ['path', 'text'],
        ['views', 'bigint'],
      ],
      rows: [],
      inserted: 0,
    },
    views_month: {
      columns: [
        ['office', 'text'],
        ['month', 'text'],
        ['item_id', 'text'],
        ['views', 'bigint'],
      ],
      rows: [],
      inserted: 0,
    },
  };

  /** One CSV field for COPY: NULL is an empty unquoted field, text is always quoted. */
  const csvField = (v: unknown, type: string): string => {
    if (v === null || v === undefined) return '';
    if (type === 'boolean') return v ? 't' : 'f';
    if (type !== 'text') return String(v);
    const text = String(v);
    return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
  };
  /**
   * `COPY … FROM STDIN` through pg's own protocol hooks (a Submittable, as pg-copy-streams
   * does), about three times faster than multi-row INSERTs for this volume.
   */
  const copyRows = async (sql: string, data: string): Promise<void> => {
    const client = await pool.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        let failed: unknown;
        const submittable = {
          submit: (connection: { query(text: string): void }) => connection.query(sql),
          handleCopyInResponse: (connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) => {
            connection.sendCopyFromChunk(Buffer.from(data, 'utf8'));
            connection.endCopyFrom();
          },
          handleCommandComplete: () => undefined,
          handleError: (error: unknown) => {
            failed = error;
          },
          handleReadyForQuery: () => (failed ? reject(failed) : resolve()),
          handleRowDescription: () => undefined,
          handleDataRow: () => undefined,
          handleEmptyQuery: () => undefined,
          handlePortalSuspended: () => undefined,
        };
        void client.query(submittable as never);
      });
    } finally {
      client.release();
    }
  };
  // Inserts run while the next rows are being built: at most three batches in flight.
  const inFlight = new Set<Promise<void>>();
  const flushTable = async (name: string) => {
    const t = tables[name]!;
    if (!t.rows.length) return;
    const rows = t.rows;
    t.rows = [];
    while (inFlight.size >= 3) await Promise.race(inFlight);
    // Only the columns this batch fills (the others keep their defaults).
    const present = new Set<string>();
    for (const r of rows) for (const k in r) if (r[k] !== null && r[k] !== undefined) present.add(k);
    const columns = t.columns.filter(([n]) => present.has(n));
    const work: Promise<void> = copyRows(
      `COPY reporting.${name} (${columns.map(([n]) => n).join(', ')}) FROM STDIN (FORMAT csv)`,
      rows.map((r) => columns.map(([n, ty]) => csvField(r[n], ty)).join(',')).join('\n') + '\n',
    )
      .then(() => {
        t.inserted += rows.length;
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  const push = async (name: string, row: Row) => {
    const t = tables[name]!;
    t.rows.push(row);
    if (t.rows.length >= 8000) await flushTable(name);
  };
  const monthCounters = new Map<string, Metrics>();
  const dayCounters = new Map<string, Metrics>();
  const count = (office: string, c: Map<string, Metrics>) => {
    for (const [day, metrics] of c) {
      for (const [map, key] of [
        [monthCounters, `${office}|${day.slice(0, 7)}`],
        [dayCounters, `${office}|${day}`],
      ] as const) {
        let acc = map.get(key);
        if (!acc) map.set(key, (acc = {}));
        for (const m in metrics) {
          const v = metrics[m as keyof Metrics];
          if (v) acc[m as keyof Metrics] = (acc[m as keyof Metrics] ?? 0) + v;
        }
      }
    }
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const minutes = (ms: number) => ({ amount: ms / 60_000, unit: 'minute' as const });

  /** The step path of an item of this content type, as the engine routes it. */
  const pathCache = new Map<string, string[]>();
  const pathOf = (def: CompiledSop, contentType: string) => {
    const key = `${def.key}|${contentType}`;
    let path = pathCache.get(key);
    if (!path) {
      path = [];
      const flow = def.flows.item!;
      let id: string = flow.start;
      while (id !== 'end' && id !== 'join') {
        path.push(id);
        id = chooseBranch(flow.steps[id]!.next, { contentType, tags: [] })?.to ?? 'end';
      }
      pathCache.set(key, path);
    }
    return path;
  };

  async function loadOffice(o: (typeof offices)[number], index: number) {
    const r = rng(index + 1);
    const def = o.definition;
    const flow = def.flows.item!;
    const info = {
      code: o.code,
      name: o.name,
      timeZone: o.timeZone,
      calendar: o.calendar,
      source: 'gateway' as const,
    };
    const contentTypes = CONTENT_TYPES[def.key]!;
    let itemNo = 0;
    for (const month of months) {
      const items = r.int(20, 60);
      for (let n = 0; n < items; n++) {
        itemNo++;
        const itemId = `${o.code}-item-${itemNo}`;
        const workflowId = `sop-${o.code}-${itemNo}`;
        const contentType = r.pick(contentTypes);
        const path = pathOf(def, contentType);
        const day = `${month}-${pad(r.int(1, 26))}`;
        const start = wt.nextWorkingInstant(
          wt.zonedTimeToUtc(day, `${pad(r.int(7, 14))}:${pad(r.int(0, 59))}`, o.timeZone),
          o.calendar,
        );
        const attempts = new Map<string, number>();
        let t = start;
        let cancelled = false;
        const postsOf: Row[] = [];
        let i = 0;
        let cause: { kind: string; from?: string } = { kind: 'start' };
        let loops = 0;
        while (i < path.length) {
          const step = flow.steps[path[i]!]!;
          const attempt = (attempts.get(step.id) ?? 0) + 1;
          attempts.set(step.id, attempt);
          const row: Row = {
            office: o.code,
            workflow_id: workflowId,
            step_id: step.id,
            attempt,
            definition_key: def.key,
            definition_version: def.version,
            flow_id: 'item',
            item_id: itemId,
            step_number: step.number,
            step_kind: step.kind,
            description: step.description.slice(0, 200),
            cause_kind: cause.kind,
            cause_from: cause.from ?? null,
            opened_at: iso(t),
            extensions: 0,
            ext_count: 0,
            failures: 0,
          };
          if (step.kind === 'handoff') {
            row.closed_at = iso(t);
            row.decision = 'handoff';
            row.event_working_ms = 0;
            row.saved_minutes = step.time
              ? Math.round(wt.durationToMinutes(step.time.target, o.calendar))
              : 0;
          } else {
            const due = step.time ? wt.addWorkingTime(t, step.time.limit, o.calendar) : undefined;
            const target = step.time ? wt.addWorkingTime(t, step.time.target, o.calendar) : undefined;
            const limitMs = due !== undefined ? wt.workingMillisBetween(t, due, o.calendar) : 4 * 3_600_000;
            const platform = step.kind === 'publish' || step.kind === 'automatic';
            const workMs = platform
              ? r.int(500, 5000)
              : Math.round(limitMs * (r.chance(0.12) ? 1.05 + r.next() * 0.8 : 0.05 + r.next() * 0.9));
            const closed = platform ? t + workMs : wt.addWorkingTime(t, minutes(workMs), o.calendar);
            row.target_at = target !== undefined ? iso(target) : null;
            row.due_at = due !== undefined ? iso(due) : null;
            row.closed_due_at = row.due_at;
            row.closed_target_at = row.target_at;
            row.time_standard = step.time?.text ?? null;
            row.closed_at = iso(closed);
            row.event_working_ms = workMs;
            row.within_limit = due === undefined ? null : closed <= due;
            row.within_target = target === undefined ? null : closed <= target;
            row.breached_flag = due !== undefined && closed > due;
            if (row.breached_flag) {
              row.breached_at = iso(due!);
              if (step.escalation?.notify.length) row.escalated_at = iso(due!);
            }
            if (!platform && r.chance(0.6)) {
              row.claimed_at = iso(wt.addWorkingTime(t, minutes(workMs * 0.3), o.calendar));
              row.claimed_by_id = `${o.code}-user-${r.int(1, 8)}`;
            }
            const actor = `${o.code}-user-${r.int(1, 8)}`;
            row.role = step.actors[0] ?? null;
            if (!platform) {
              row.by_id = actor;
              row.by_name = `Pegawai ${actor.slice(-1)}`;
            }
            let decision =
              step.kind === 'review'
                ? 'approve'
                : platform
                  ? step.kind === 'publish'
                    ? 'published'
                    : 'automatic'
                  : 'complete';
            const sendBack = step.outcomes?.sendBack;
            if (step.kind === 'review' && sendBack && attempt === 1 && loops < 2 && r.chance(0.12)) {
              decision = 'send-back';
              row.sent_to = sendBack.to;
              row.reason = r.pick([
                'Foto kurang jelas',
                'Judul perlu disesuaikan',
                'Data belum lengkap',
                'Kutipan perlu diverifikasi',
              ]);
            }
            if (!platform && r.chance(0.005)) {
              cancelled = true;
              decision = 'cancelled';
            }
            row.decision = decision;
            t = closed;
            if (step.kind === 'publish') {
              for (const channel of step.channels) {
                postsOf.push({
                  office: o.code,
                  item_id: itemId,
                  channel,
                  first_published_at: iso(t),
                  last_published_at: iso(t),
                  url: `https://${o.code}.laman.example/${channel}/${itemNo}`,
                  url_at: iso(t),
                  corrections: 0,
                });
              }
            }
            if (decision === 'send-back') {
              deriveStep(row, info);
              count(o.code, agg.stepContribution(row, o.timeZone));
              await push('step_facts', row);
              loops++;
              cause = { kind: 'send-back', from: step.id };
              i = path.indexOf(sendBack!.to);
              continue;
            }
          }
          deriveStep(row, info);
          count(o.code, agg.stepContribution(row, o.timeZone));
          await push('step_facts', row);
          if (cancelled) break;
          cause = { kind: 'next', from: step.id };
          i++;
        }
        const run: Row = {
          office: o.code,
          workflow_id: workflowId,
          definition_key: def.key,
          definition_version: def.version,
          definition_title: def.title,
          flow_id: 'item',
          trigger: 'item',
          item_id: itemId,
          content_type: contentType,
          item_title: `Konten ${contentType} nomor ${itemNo}`,
          started_at: iso(start),
          started_by: `${o.code}-user-1`,
          started_day: wt.localDate(start, o.timeZone),
          ended_at: iso(t),
          ended_day: wt.localDate(t, o.timeZone),
          outcome: cancelled ? 'cancelled' : 'completed',
          working_ms: wt.workingMillisBetween(start, t, o.calendar),
          elapsed_ms: t - start,
          deadline_breaches: 0,
        };
        count(o.code, agg.runContribution(run));
        await push('runs', run);
        const item: Row = {
          office: o.code,
          item_id: itemId,
          content_type: contentType,
          title: run.item_title,
          title_at: iso(start),
          title_key: workflowId,
          created_at: iso(start),
        };
        for (const p of postsOf) {
          p.first_published_day = wt.localDate(Date.parse(p.first_published_at as string), o.timeZone);
          count(o.code, agg.postContribution(p));
          await push('posts', p);
          item.first_published_at = p.first_published_at;
          item.first_published_day = p.first_published_day;
        }
        count(o.code, agg.itemContribution(item));
        await push('items', item);
        if (item.first_published_at) {
          // Readers: the first days after publication, and a few the next month.
          const first = Date.parse(item.first_published_at as string);
          for (const [offsetDays, views] of [
            [0, r.int(30, 900)],
            [33, r.int(1, 60)],
          ] as const) {
            const d = wt.localDate(first + offsetDays * 86_400_000, o.timeZone);
            await push('page_views', {
              office: o.code,
              day: d,
              item_id: itemId,
              path: `/konten/${itemNo}`,
              views,
            });
            count(o.code, new Map([[d, { views }]]));
            const key = `${o.code}|${d.slice(0, 7)}|${itemId}`;
            viewsMonth.set(key, (viewsMonth.get(key) ?? 0) + views);
          }
        }
      }
    }
  }
  const viewsMonth = new Map<string, number>();

  const alreadyLoaded =
    REUSE && Number((await pool.query(`SELECT count(*) AS n FROM reporting.office_month`)).rows[0].n) > 0;
  const loadStarted = performance.now();
  if (!alreadyLoaded) {
    console.log(`loading ${OFFICES} offices × ${MONTHS} months of synthetic history into ${DATABASE} ...`);
    // Secondary indexes are built once at the end (faster than maintaining them row by row).
    const indexes = projectionDdl('reporting').filter((x) => x.startsWith('CREATE INDEX'));
    for (const x of indexes) await pool.query(`DROP INDEX reporting.${x.split(' ')[2]}`);
    for (let i = 0; i < offices.length; i++) {
      await loadOffice(offices[i]!, i);
      for (const [key, views] of viewsMonth) {
        const [office, month, itemId] = key.split('|') as [string, string, string];
        await push('views_month', { office, month, item_id: itemId, views });
      }
      viewsMonth.clear();
      if ((i + 1) % 50 === 0) {
        const s = (performance.now() - loadStarted) / 1000;
        console.log(
          `  ${i + 1}/${OFFICES} offices, ${(tables.step_facts!.inserted + tables.step_facts!.rows.length).toLocaleString('en')} step facts (${s.toFixed(0)} s)`,
        );
      }
    }
    for (const name of Object.keys(tables)) await flushTable(name);
    await Promise.all(inFlight);
    for (const x of indexes) await pool.query(x);
    for (const [map, table, keyColumn] of [
      [monthCounters, 'office_month', 'month'],
      [dayCounters, 'office_day', 'day'],
    ] as const) {
      const entries = [...map];
      for (let i = 0; i < entries.length; i += 4000) {
        const chunk = entries.slice(i, i + 4000);
        await pool.query(
          `INSERT INTO reporting.${table} (office, ${keyColumn}, ${METRICS.join(', ')})
           SELECT * FROM unnest($1::text[], $2::text[], ${METRICS.map((_, j) => `$${j + 3}::bigint[]`).join(', ')})`,
          [
            chunk.map(([k]) => k.split('|')[0]),
            chunk.map(([k]) => k.split('|')[1]),
            ...METRICS.map((m) => chunk.map(([, v]) => v[m] ?? 0)),
          ],
        );
      }
    }
    await pool.query(
      `INSERT INTO reporting.offices (office, name, time_zone, kind)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [
        offices.map((o) => o.code),
        offices.map((o) => o.name),
        offices.map((o) => o.timeZone),
        offices.map(() => 'kpu-kabupaten'),
      ],
    );
    await pool.query(
      `INSERT INTO reporting.office_calendars (office, name, kind, time_zone, calendar, source, fetched_at)
       SELECT o, n, 'kpu-kabupaten', z, c::jsonb, 'gateway', now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(o, n, z, c)`,
      [
        offices.map((o) => o.code),
        offices.map((o) => o.name),
        offices.map((o) => o.timeZone),
        offices.map((o) => JSON.stringify(o.calendar)),
      ],
    );
    await pool.query('VACUUM ANALYZE');
    const seconds = (performance.now() - loadStarted) / 1000;
    const total = Object.values(tables).reduce((a, t) => a + t.inserted, 0);
    console.log(
      `loaded in ${seconds.toFixed(1)} s: ` +
        Object.entries(tables)
          .map(([n, t]) => `${n} ${t.inserted.toLocaleString('en')}`)
          .join(', ') +
        `, office_month ${monthCounters.size.toLocaleString('en')}, office_day ${dayCounters.size.toLocaleString('en')} ` +
        `(${Math.round(total / seconds).toLocaleString('en')} rows/s)`,
    );
  } else {
    console.log(`reusing the history already in ${DATABASE}`);
    // Calendars are cached for 12 hours: refresh the stamps so nothing asks the gateway.
    await pool.query(`UPDATE reporting.office_calendars SET fetched_at = now()`);
  }

  // ---- the service ----------------------------------------------------------------------
  const nc = await connectNats({ url: env.natsUrl, name: 'bench-reports' });
  const sampleOffices = Array.from({ length: 10 }, (_, i) => ({
    code: `bench-sampel-${i + 1}`,
    timeZone: 'Asia/Jakarta',
    calendar: calendarFor('Asia/Jakarta'),
  }));
  const gateway = serveCommand(nc, 'gateway.office.get', (req) => {
    const o = sampleOffices.find((x) => x.code === req.office) ?? offices.find((x) => x.code === req.office);
    if (!o)
      throw { error: { status: 404, code: 'office-not-found', message: { id: 'Tidak ada', en: 'None' } } };
    return { code: o.code, name: o.code, timeZone: o.timeZone, calendar: o.calendar as never };
  });
  const app = await createService(
    {
      name: 'reporting',
      module: ReportingModule.register({ databaseUrl: benchUrl }),
      configure: (a) =>
        void a.connectMicroservice(natsMicroserviceOptions('reporting'), { inheritAppConfig: true }),
    },
    { ...loadConfig(process.env), LOG_LEVEL: 'warn' },
  );
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const client = new CommandClient(nc, { timeoutMs: 60_000 });
  let lastLine: string | undefined;

  try {
    // ---- projection throughput from real events ------------------------------------------
    const js = jetstream(nc);
    const sampleDefs = [SEEDS.palu, SEEDS.jateng, SEEDS.ketapang].map((k) => loadDefinition(k));
    const events: { id: string }[] = [];
    const r = rng(42);
    for (let i = 0; i < SAMPLE_RUNS; i++) {
      const o = sampleOffices[i % sampleOffices.length]!;
      const def = sampleDefs[i % sampleDefs.length]!;
      const contentType = r.pick(['berita', 'artikel', 'pengumuman']);
      const run = new SopRun(o.code, def, o.calendar, {
        id: `sampel-${i}`,
        contentType,
        title: `Sampel ${i}`,
      });
      let t = wt.nextWorkingInstant(
        wt.zonedTimeToUtc(`2026-03-${pad(2 + (i % 20))}`, '08:00', o.timeZone),
        o.calendar,
      );
      run.start(t);
      for (let guard = 0; guard < 40 && !run.engine.ended; guard++) {
        const open = run.engine.state.open.find((x) => !x.busy);
        if (!open) break;
        t = wt.addWorkingTime(t, { amount: r.int(3, 90), unit: 'minute' }, o.calendar);
        const review = def.flows.item!.steps[open.stepId]!.kind === 'review';
        const sendBack =
          review &&
          open.attempt === 1 &&
          r.chance(0.15) &&
          def.flows.item!.steps[open.stepId]!.outcomes?.sendBack;
        run.decide(
          open.stepId,
          review ? (sendBack ? 'send-back' : 'approve') : 'complete',
          t,
          sendBack ? { reason: 'Perlu perbaikan' } : {},
        );
      }
      events.push(...run.events);
      events.push(
        pageViews(o.code, t, [{ itemId: `sampel-${i}`, path: `/berita/sampel-${i}`, views: r.int(1, 500) }]),
      );
    }
    const published = performance.now();
    for (let i = 0; i < events.length; i += 500) {
      await Promise.all(
        events
          .slice(i, i + 500)
          .map((e) => js.publish(subjectOf(e as never), JSON.stringify(e), { msgID: e.id })),
      );
    }
    const ids = events.map((e) => e.id);
    for (;;) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM reporting.inbox WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      if (rows[0].n === ids.length) break;
      if (performance.now() - published > 600_000)
        throw new Error('the sample was not projected within 10 minutes');
      await new Promise((res) => setTimeout(res, 100));
    }
    const projectSeconds = (performance.now() - published) / 1000;
    console.log(
      `projection of real events: ${ids.length.toLocaleString('en')} events of ${SAMPLE_RUNS} runs in ` +
        `${projectSeconds.toFixed(1)} s (${Math.round(ids.length / projectSeconds).toLocaleString('en')} events/s, ` +
        'published to JetStream, applied by the live consumers)',
    );

    // ---- queries ---------------------------------------------------------------------------
    const q = rng(7);
    const monthly = async () => {
      const office = q.pick(offices).code;
      const month = q.pick(months);
      const t0 = performance.now();
      const recap = await client.send('reporting.recap.monthly', { office, month });
      const ms = performance.now() - t0;
      if (recap.summary.itemsSubmitted === 0) throw new Error(`empty recap for ${office} ${month}`);
      return ms;
    };
    const semester = async () => {
      const period = q.pick(semesters);
      const t0 = performance.now();
      const c = await client.send('reporting.platform.comparison', {
        actor: { kind: 'user', id: 'bench' },
        platformAdmin: true,
        period,
      });
      const ms = performance.now() - t0;
      if (c.offices.length < OFFICES)
        throw new Error(`comparison of ${period} has ${c.offices.length} offices`);
      return ms;
    };
    for (let i = 0; i < 20; i++) await monthly();
    for (let i = 0; i < 3; i++) await semester();
    const monthlyTimes: number[] = [];
    for (let i = 0; i < MONTHLY_ITERATIONS; i++) monthlyTimes.push(await monthly());
    const semesterTimes: number[] = [];
    for (let i = 0; i < SEMESTER_ITERATIONS; i++) semesterTimes.push(await semester());
    const pdfTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await client.send('reporting.recap.export', {
        office: q.pick(offices).code,
        report: 'monthly',
        period: q.pick(months),
        format: 'pdf',
      });
      pdfTimes.push(performance.now() - t0);
    }
    const sizes = (
      await pool.query(
        `SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE schemaname = 'reporting'
           AND relname IN ('step_facts', 'office_month') ORDER BY relname`,
      )
    ).rows.map(
      (x: { relname: string; n_live_tup: string }) =>
        `${x.relname} ${Number(x.n_live_tup).toLocaleString('en')}`,
    );
    console.log(`history: ${sizes.join(', ')} rows`);
    console.log(
      `monthly recap of one office (reporting.recap.monthly over NATS, ${MONTHLY_ITERATIONS} random offices and months): ` +
        `p50 ${fmt(percentile(monthlyTimes, 50))}, p95 ${fmt(percentile(monthlyTimes, 95))}`,
    );
    console.log(
      `platform-wide semester comparison (${OFFICES} offices, ${SEMESTER_ITERATIONS} runs): ` +
        `p50 ${fmt(percentile(semesterTimes, 50))}, p95 ${fmt(percentile(semesterTimes, 95))}`,
    );
    console.log(
      `monthly recap as PDF (20 runs): p50 ${fmt(percentile(pdfTimes, 50))}, p95 ${fmt(percentile(pdfTimes, 95))}`,
    );
    lastLine = `reports monthly_ms=${percentile(monthlyTimes, 95).toFixed(1)} semester_ms=${percentile(semesterTimes, 95).toFixed(1)}`;
  } finally {
    gateway.stop();
    await app.close();
    const jsm = await jetstreamManager(nc);
    for (const name of streamNamesForPrefix(natsPrefix())) await jsm.streams.delete(name).catch(() => false);
    await closeNats(nc);
    await pool.end();
    if (!KEEP) {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await c.end();
    }
  }
  if (lastLine) console.log(lastLine);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
