// The one entry point: text in, a compiled definition or located diagnostics out.
// It never throws: anything unexpected becomes an `internal` diagnostic.
import { compileDefinition } from './compile';
import { issuesToDiagnostics } from './issues';
import { M } from './messages';
import { SopDefinitionSchema, type SopSource } from './model';
import { loadSource } from './source';
import type { CompiledSop, Diagnostic } from './types';
import { validateSemantics } from './validate';
import { LIMITS } from './vocabulary';

export interface ParseOptions {
  /** Used only to label diagnostics by callers; kept for symmetry with the CLI. */
  fileName?: string;
}

export interface ParseResult {
  ok: boolean;
  definition?: CompiledSop;
  /** The typed source object (shape-valid), when the shape checks passed. */
  source?: SopSource;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

function order(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = list.filter((d) => {
    const k = `${d.line}:${d.column}:${d.code}:${d.path}:${d.message.en}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Array.prototype.sort is stable: equal positions keep the order the checks found them.
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}

function cap(list: Diagnostic[]): Diagnostic[] {
  if (list.length <= LIMITS.diagnostics) return list;
  const shown = list.slice(0, LIMITS.diagnostics);
  const last = shown[shown.length - 1]!;
  const more = M.tooManyDiagnostics(LIMITS.diagnostics, list.length);
  return [
    ...shown,
    { code: more.code, path: '', line: last.line, column: last.column, message: more.message },
  ];
}

function finish(errors: Diagnostic[], warnings: Diagnostic[], extra: Partial<ParseResult> = {}): ParseResult {
  const e = cap(order(errors));
  return { ok: e.length === 0, ...extra, errors: e, warnings: cap(order(warnings)) };
}

export function parseSopDefinition(text: string, _opts: ParseOptions = {}): ParseResult {
  try {
    const loaded = loadSource(text);
    if (!loaded.ok) return finish(loaded.errors, loaded.warnings);
    const src = loaded.source;
    const shaped = SopDefinitionSchema.safeParse(src.data);
    if (!shaped.success) return finish(issuesToDiagnostics(shaped.error.issues, src), src.warnings);
    const def = shaped.data;
    const semantic = validateSemantics(def, src);
    const warnings = [...src.warnings, ...semantic.warnings];
    if (semantic.errors.length > 0) return finish(semantic.errors, warnings, { source: def });
    const definition = compileDefinition(def, semantic.analysis, text);
    return finish([], warnings, { source: def, definition });
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : 'unknown';
    const p = M.internal(detail);
    return {
      ok: false,
      errors: [{ code: p.code, path: '', line: 1, column: 1, message: p.message }],
      warnings: [],
    };
  }
}
