// Turns zod's shape issues into diagnostics an office admin can act on: the
// field's name, what was found, what to write instead, and where.
import { z } from 'zod';
import { formatName, M, type Problem, typeName, unionName } from './messages';
import { SopDefinitionSchema } from './model';
import { diagnosticAt, type LoadedSource, type PathSegment } from './source';
import type { Diagnostic } from './types';

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return { found: false, value: undefined };
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return { found: true, value: cur };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'number';
  return typeof value;
}

/** The name a message uses for the field at a path: `time`, `inputs[2]`. */
export function fieldName(path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'definisi';
  if (typeof last === 'number') {
    const prev = path[path.length - 2];
    return `${typeof prev === 'string' ? prev : ''}[${last}]`;
  }
  return last;
}

type JsonNode = Record<string, unknown>;
let schemaCache: { root: JsonNode; defs: Record<string, JsonNode> } | null = null;

function jsonSchema(): { root: JsonNode; defs: Record<string, JsonNode> } {
  if (!schemaCache) {
    const root = z.toJSONSchema(SopDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
    schemaCache = { root, defs: (root.$defs ?? {}) as Record<string, JsonNode> };
  }
  return schemaCache;
}

/** The schema alternatives a node stands for: $refs resolved, anyOf/oneOf flattened. */
function options(node: unknown, depth = 0): JsonNode[] {
  if (!node || typeof node !== 'object' || depth > 10) return [];
  const n = node as JsonNode;
  if (typeof n.$ref === 'string') return options(jsonSchema().defs[n.$ref.split('/').pop()!], depth + 1);
  const alts = (n.anyOf ?? n.oneOf) as unknown[] | undefined;
  if (Array.isArray(alts)) return alts.flatMap((a) => options(a, depth + 1));
  return [n];
}

/** The keys the language allows in the mapping at `path` (for "did you mean"). */
function allowedKeysAt(path: readonly PathSegment[]): string[] {
  let nodes = options(jsonSchema().root);
  for (const seg of path) {
    const next: JsonNode[] = [];
    for (const n of nodes) {
      if (typeof seg === 'number' && n.items) next.push(...options(n.items));
      if (typeof seg === 'string') {
        const props = n.properties as Record<string, unknown> | undefined;
        if (props && seg in props) next.push(...options(props[seg]));
        else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
          next.push(...options(n.additionalProperties));
        }
      }
    }
    nodes = next;
  }
  return [...new Set(nodes.flatMap((n) => Object.keys((n.properties as object | undefined) ?? {})))];
}

/** Edit distance counting a swap of neighbours as one edit ("titel" → "title"). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function suggestKey(key: string, parent: readonly PathSegment[] = []): string | undefined {
  if (key.length > 40) return undefined;
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of allowedKeysAt(parent).sort()) {
    const d = k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const allowed = key.length <= 4 ? 1 : 2;
  return bestD <= allowed ? best : undefined;
}

/** A union branch whose root type matched the value (its issues are the helpful ones). */
function matchingBranch(errors: Issue[][]): Issue[] | undefined {
  const matching = errors.filter(
    (branch) =>
      !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')),
  );
  return matching.length === 1 ? matching[0] : undefined;
}

function toDiagnostics(
  issue: Issue,
  base: readonly PathSegment[],
  source: LoadedSource,
  out: Diagnostic[],
): void {
  const path = [...base, ...(issue.path as PathSegment[])];
  const field = fieldName(path);
  const { found, value } = valueAt(source.data, path);
  const push = (problem: Problem, p: readonly PathSegment[] = path, key = false) =>
    out.push(diagnosticAt(source, problem, p, { key }));

  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) push(M.unknownKey(key, suggestKey(key, path)), [...path, key], true);
      return;
    case 'invalid_type': {
      if (!found) {
        push(M.required(field));
        return;
      }
      if (issue.expected === 'int' || (issue.expected === 'number' && typeof value === 'number')) {
        push(M.notInteger(field, value));
        return;
      }
      push(M.wrongType(field, typeName(issue.expected), typeName(kindOf(value))));
      return;
    }
    case 'invalid_value': {
      if (issue.message === '@true') push(M.mustBeTrue(field));
      else
        push(
          M.badEnum(
            field,
            value,
            issue.values.map((v) => String(v)),
          ),
        );
      return;
    }
    case 'invalid_format': {
      const fmt = formatName(issue.message) ?? { id: issue.format, en: issue.format };
      if (issue.message === '@blank') push(M.emptyText(field));
      else push(M.badFormat(field, value, fmt));
      return;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string')
        push(M.textTooLong(field, max, typeof value === 'string' ? value.length : 0));
      else if (issue.origin === 'array') push(M.tooMany(field, max, Array.isArray(value) ? value.length : 0));
      else push(M.outOfRange(field, value, undefined, max));
      return;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') push(M.emptyText(field));
      else if (issue.origin === 'array') push(M.tooFew(field, min));
      else push(M.outOfRange(field, value, min, undefined));
      return;
    }
    case 'invalid_union': {
      const branch = matchingBranch(issue.errors as Issue[][]);
      if (branch) {
        for (const inner of branch) toDiagnostics(inner, path, source, out);
        return;
      }
      const expected = unionName(issue.message);
      if (expected) push(M.wrongShape(field, expected));
      else push(M.invalid(field, issue.message));
      return;
    }
    default:
      push(M.invalid(field, issue.message));
  }
}

export function issuesToDiagnostics(issues: readonly Issue[], source: LoadedSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) toDiagnostics(issue, [], source, out);
  return out;
}
