// Property tests: whatever text arrives (random, YAML-ish, or a seed with keys
// deleted, duplicated, renamed or swapped), parseSopDefinition returns — it never
// throws and never falls back to its internal-error diagnostic — and either a
// compiled definition or at least one located, explained error.
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseSopDefinition, type ParseResult } from '../src';
import { readSeed, SEEDS } from './helpers';

const seedTexts = SEEDS.map(readSeed);
const seedObjects = seedTexts.map((t) => parseYaml(t) as unknown);

function checkResult(text: string, result: ParseResult): void {
  const lines = text.split('\n').length;
  if (result.ok) {
    expect(result.errors).toEqual([]);
    expect(result.definition).toBeDefined();
    expect(JSON.parse(JSON.stringify(result.definition))).toEqual(result.definition);
    return;
  }
  expect(result.definition).toBeUndefined();
  expect(result.errors.length).toBeGreaterThanOrEqual(1);
  for (const d of [...result.errors, ...result.warnings]) {
    expect(d.code).not.toBe('internal');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(typeof d.path).toBe('string');
    expect(d.message.id.length).toBeGreaterThan(0);
    expect(d.message.en.length).toBeGreaterThan(0);
  }
}

function parseChecked(text: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseSopDefinition(text);
  }).not.toThrow();
  checkResult(text, result!);
  return result!;
}

type Seg = string | number;

function allPaths(value: unknown, prefix: Seg[] = [], out: Seg[][] = []): Seg[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  }
  return out;
}

function getAt(root: unknown, path: Seg[]): unknown {
  return path.reduce<unknown>((cur, seg) => (cur as Record<Seg, unknown> | undefined)?.[seg], root);
}

function parentOf(root: unknown, path: Seg[]): { parent: Record<Seg, unknown> | unknown[]; key: Seg } | null {
  if (path.length === 0) return null;
  const parent = getAt(root, path.slice(0, -1));
  if (!parent || typeof parent !== 'object') return null;
  return { parent: parent as Record<Seg, unknown>, key: path[path.length - 1]! };
}

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'rename'; at: number; name: string }
  | { op: 'swap'; at: number; with: number }
  | { op: 'set'; at: number; value: unknown };

function mutate(source: unknown, mutations: Mutation[]): unknown {
  const doc = structuredClone(source);
  for (const m of mutations) {
    const paths = allPaths(doc).filter((p) => p.length > 0);
    if (paths.length === 0) break;
    const path = paths[m.at % paths.length]!;
    const loc = parentOf(doc, path);
    if (!loc) continue;
    const { parent, key } = loc;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<Seg, unknown>)[key];
    } else if (m.op === 'duplicate') {
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      else
        (parent as Record<Seg, unknown>)[`${String(key)}2`] = structuredClone(
          (parent as Record<Seg, unknown>)[key],
        );
    } else if (m.op === 'rename') {
      if (!Array.isArray(parent)) {
        const value = (parent as Record<Seg, unknown>)[key];
        delete (parent as Record<Seg, unknown>)[key];
        (parent as Record<Seg, unknown>)[m.name] = value;
      }
    } else if (m.op === 'swap') {
      const other = paths[m.with % paths.length]!;
      const otherLoc = parentOf(doc, other);
      const isPrefix = (a: Seg[], b: Seg[]) => a.length <= b.length && a.every((s, i) => s === b[i]);
      if (!otherLoc || isPrefix(path, other) || isPrefix(other, path)) continue;
      const a = getAt(doc, path);
      const b = getAt(doc, other);
      (parent as Record<Seg, unknown>)[key] = b;
      (otherLoc.parent as Record<Seg, unknown>)[otherLoc.key] = a;
    } else {
      (parent as Record<Seg, unknown>)[key] = m.value;
    }
  }
  return doc;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('rename' as const),
    at: fc.nat(),
    name: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('next', 'to', 'kind', 'end', 'time', '__proto__'),
    ),
  }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(
        'end',
        'join',
        'review',
        'parallel',
        '1-3 bulan',
        '3-1 jam',
        'tulis',
        0,
        -1,
        1e308,
        null,
        true,
      ),
    ),
  }),
);

const RUNS = Number(process.env.SOP_PROPERTY_RUNS ?? 200);

describe('parseSopDefinition on arbitrary input', () => {
  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        parseChecked(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on YAML-ish noise', () => {
    const yamlChars = fc.constantFrom(...'-:{}[]\n\n  "\'#&*!|>%@`,?.<=>abcxyz019\t'.split(''));
    fc.assert(
      fc.property(
        fc.array(yamlChars, { maxLength: 300 }).map((cs) => cs.join('')),
        (text) => {
          parseChecked(text);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never throws on random JSON and YAML documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, asJson) => {
        const text = asJson ? (JSON.stringify(value) ?? 'null') : stringifyYaml(value);
        parseChecked(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on seeds with keys deleted, duplicated, renamed, swapped or overwritten', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: SEEDS.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (seed, mutations, asJson) => {
          const doc = mutate(seedObjects[seed], mutations);
          const text = asJson ? (JSON.stringify(doc, null, 1) ?? 'null') : stringifyYaml(doc);
          parseChecked(text);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('never throws on seed texts with lines deleted, repeated, cut or sprinkled with characters', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: SEEDS.length - 1 }),
        fc.array(
          fc.record({
            op: fc.constantFrom('delete-line', 'repeat-line', 'insert', 'truncate', 'indent'),
            at: fc.nat(),
            text: fc.string({ maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (seed, edits) => {
          let lines = seedTexts[seed]!.split('\n');
          for (const e of edits) {
            const i = e.at % lines.length;
            if (e.op === 'delete-line') lines.splice(i, 1);
            else if (e.op === 'repeat-line') lines.splice(i, 0, lines[i]!);
            else if (e.op === 'indent') lines[i] = ` ${lines[i]}`;
            else if (e.op === 'truncate') lines = lines.slice(0, i + 1);
            else {
              const line = lines[i]!;
              const col = e.at % (line.length + 1);
              lines[i] = line.slice(0, col) + e.text + line.slice(col);
            }
          }
          parseChecked(lines.join('\n'));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('still accepts the unmutated seeds (the mutation harness itself round-trips)', () => {
    for (const obj of seedObjects) {
      expect(parseChecked(stringifyYaml(obj)).ok).toBe(true);
      expect(parseChecked(JSON.stringify(obj)).ok).toBe(true);
    }
  });
});
