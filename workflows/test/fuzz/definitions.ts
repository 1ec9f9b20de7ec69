// Valid SOP definitions generated from the language's own grammar, for the engine's
// property tests: sequences of every step kind, reviews with every outcome, guarded
// routing, parallel steps joining all or any branch, optional steps, time standards in
// working and calendar time, extensions, reminders, escalation and deadlines across
// steps. Built valid by construction (forward routing always keeps the following step
// as fallback, send-backs go to an earlier step of the same list), then compiled by the
// real validator: a definition it refuses is a bug of this generator or of the validator.
import fc from 'fast-check';
import { parseSopDefinition, type CompiledSop } from '@tatalaman/sop-language';

export const ROLES = ['penulis', 'editor', 'kabag', 'sekretaris', 'operator'] as const;
export const CONTENT_TYPES = ['berita', 'artikel'] as const;
export const TAGS = ['penting', 'pemilu'] as const;

type Json = Record<string, unknown>;

const role = fc.constantFrom(...ROLES);
const roles = fc.uniqueArray(role, { minLength: 1, maxLength: 2 });

const timeStandard = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 90 }).map((n) => `${n} menit`) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => `${n} jam`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
      .map(([a, b]) => `${a}-${a + b} jam`),
  },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => `${n} hari`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((n) => `${n} hari kalender`) },
  { weight: 1, arbitrary: fc.integer({ min: 5, max: 180 }).map((n) => `${n} menit kalender`) },
  { weight: 1, arbitrary: fc.constant('1 minggu') },
  { weight: 1, arbitrary: fc.constant('2-3 hari kerja') },
);

/** Durations of extensions and reminders, sometimes saying "kalender" or "kerja". */
const shortDuration = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((n) => `${n} menit`),
  fc.integer({ min: 1, max: 4 }).map((n) => `${n} jam`),
  fc.integer({ min: 1, max: 3 }).map((n) => `${n} jam kalender`),
  fc.integer({ min: 5, max: 45 }).map((n) => `${n} menit kerja`),
  fc.constant('1 hari'),
  fc.constant('1 hari kalender'),
);

const escalation = fc.record({ notify: roles, remindBefore: shortDuration }, { requiredKeys: ['notify'] });

const condition: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...CONTENT_TYPES).map((t) => ({ contentType: t })),
  fc.constantFrom(...TAGS).map((t) => ({ tag: t })),
  fc.constantFrom(...CONTENT_TYPES).map((t) => ({ not: { contentType: t } })),
  fc
    .tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...TAGS))
    .map(([t, g]) => ({ any: [{ contentType: t }, { tag: g }] })),
);

type Kind = 'work' | 'review' | 'handoff' | 'publish' | 'automatic' | 'parallel';

interface Proto {
  kind: Kind;
  actors: string[];
  recipients: string[];
  time?: string;
  optional: boolean;
  extension?: { max: number; by: string };
  escalation?: Json;
  sendBack?: number;
  postpone: boolean;
  reject: boolean;
  action: 'generate-report' | 'notify';
  routes: { when: Json; skip: number }[];
  join: 'all' | 'any';
  branches: Proto[][];
}

const protoFields = {
  actors: roles,
  recipients: roles,
  time: timeStandard,
  optional: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  extension: fc.option(fc.record({ max: fc.integer({ min: 1, max: 3 }), by: shortDuration }), {
    freq: 3,
    nil: undefined,
  }),
  escalation: fc.option(escalation, { freq: 3, nil: undefined }),
  sendBack: fc.option(fc.nat(), { freq: 2, nil: undefined }),
  postpone: fc.boolean(),
  reject: fc.boolean(),
  action: fc.constantFrom('generate-report' as const, 'notify' as const),
  join: fc.constantFrom('all' as const, 'any' as const),
};

const branchKind = fc.constantFrom<Kind>(
  'work',
  'work',
  'review',
  'review',
  'handoff',
  'publish',
  'automatic',
);
const topKind = fc.constantFrom<Kind>(
  'work',
  'work',
  'review',
  'review',
  'review',
  'handoff',
  'publish',
  'automatic',
  'parallel',
);

const branchStep: fc.Arbitrary<Proto> = fc.record({
  ...protoFields,
  kind: branchKind,
  routes: fc.constant([]),
  branches: fc.constant([]),
});

const topStep: fc.Arbitrary<Proto> = fc.record({
  ...protoFields,
  kind: topKind,
  routes: fc.array(fc.record({ when: condition, skip: fc.nat() }), { maxLength: 2 }),
  branches: fc.array(fc.array(branchStep, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }),
});

function stepSource(p: Proto, id: string, ids: string[], index: number, topLevel: boolean): Json {
  const s: Json = { id, description: `Langkah ${id}`, kind: p.kind };
  const timed = p.time !== undefined && p.kind !== 'parallel' && p.kind !== 'handoff';
  if (['work', 'review', 'publish'].includes(p.kind)) s.actors = p.actors;
  if (p.kind === 'handoff') {
    s.actors = p.actors;
    s.recipients = p.recipients;
    if (p.time) s.time = p.time; // the paper time a hand-off saves
  }
  if (p.kind === 'automatic') {
    s.action = p.action;
    if (p.action === 'generate-report') s.report = 'evaluation-recap';
    // Sometimes actors, sometimes recipients, sometimes neither: who holds it varies.
    if (p.actors.length > 1) s.actors = [p.actors[0]];
    if (p.action === 'notify' || p.recipients.length > 1) s.recipients = p.recipients;
  }
  if (p.kind === 'publish') s.channels = ['website'];
  if (timed) s.time = p.time;
  if (p.kind !== 'parallel' && p.optional) s.optional = true;
  const personal = ['work', 'review', 'publish'].includes(p.kind);
  if (personal && timed && p.extension) s.extension = p.extension;
  if (personal && p.escalation) s.escalation = p.escalation;
  if (p.kind === 'review') {
    const outcomes: Json = { approve: true };
    if (p.sendBack !== undefined && index > 0) outcomes.sendBack = { to: ids[p.sendBack % index] };
    if (p.postpone) outcomes.postpone = true;
    if (p.reject) outcomes.reject = true;
    s.outcomes = outcomes;
  }
  if (topLevel && p.routes.length) {
    // Guarded jumps forward (or to the end); the following step stays the fallback,
    // so nothing becomes unreachable and no loop of hand-offs can form.
    const remaining = ids.length - index - 1;
    if (remaining >= 1) {
      s.next = p.routes.map((r) => {
        const ahead = 2 + (r.skip % remaining);
        return { when: r.when, to: index + ahead < ids.length ? ids[index + ahead] : 'end' };
      });
    }
  }
  if (p.kind === 'parallel') {
    s.join = p.join;
    s.branches = p.branches.map((branch, bi) => {
      const bids = branch.map((_, k) => `${id}b${bi}s${k}`);
      return {
        name: `Cabang ${bi + 1}`,
        steps: branch.map((b, k) => stepSource(b, bids[k]!, bids, k, false)),
      };
    });
  }
  return s;
}

export interface GeneratedDefinition {
  source: Json;
  definition: CompiledSop;
}

export const definitionArb: fc.Arbitrary<GeneratedDefinition> = fc
  .record({
    steps: fc.array(topStep, { minLength: 1, maxLength: 7 }),
    zone: fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'),
    escalation: fc.option(escalation, { freq: 2, nil: undefined }),
    deadlines: fc.array(
      fc.record({
        from: fc.nat(),
        until: fc.nat(),
        intoBranch: fc.boolean(),
        time: fc.constantFrom('30 menit', '2 jam', '1 hari', '3 hari', '2 jam kalender', '1 hari kalender'),
        escalation: fc.option(escalation, { freq: 2, nil: undefined }),
        extension: protoFields.extension,
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ steps, zone, escalation: esc, deadlines }) => {
    const ids = steps.map((_, i) => `s${i}`);
    const sources = steps.map((p, i) => stepSource(p, ids[i]!, ids, i, true));
    const source: Json = {
      key: 'uji.fuzz',
      version: 1,
      title: 'Definisi acak',
      timeZone: zone,
      roles: ROLES.map((code) => ({ code, name: code })),
      flows: { item: { steps: sources } },
    };
    if (esc) source.escalation = esc;
    const ds = deadlines.map((d, i) => {
      const from = d.from % ids.length;
      const untilIndex = from + (d.until % (ids.length - from));
      let until = ids[untilIndex]!;
      const branches = (sources[untilIndex]!.branches as { steps: Json[] }[] | undefined) ?? [];
      if (d.intoBranch && branches.length) {
        const steps = branches[d.until % branches.length]!.steps;
        until = steps[d.until % steps.length]!.id as string;
      }
      return {
        id: `tenggat-${i}`,
        from: ids[from],
        until,
        time: d.time,
        ...(d.escalation ? { escalation: d.escalation } : {}),
        ...(d.extension ? { extension: d.extension } : {}),
      };
    });
    if (ds.length) source.deadlines = ds;
    const text = JSON.stringify(source, null, 1);
    const result = parseSopDefinition(text, { fileName: 'fuzz.json' });
    if (!result.ok || !result.definition) {
      throw new Error(
        `generated definition does not validate: ${result.errors.map((e) => `${e.code} ${e.path} ${e.message.en}`).join('; ')}\n${text}`,
      );
    }
    return { source, definition: result.definition };
  });
