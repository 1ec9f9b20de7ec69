// Reads YAML or JSON text into plain data while keeping the syntax tree, so every
// diagnostic can point at a line and column. Guards size, nesting, node count and
// alias expansion ("billion laughs") before anything else looks at the data.
import {
  type Document,
  type Node as YamlNode,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
} from 'yaml';
import { M, type Problem } from './messages';
import { LIMITS } from './vocabulary';
import type { Diagnostic } from './types';

export type PathSegment = string | number;

const PLAIN_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `flows.item.steps[3].time`; odd keys are quoted: `flows["my flow"]`. The root is ''. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_SEGMENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export interface Position {
  line: number;
  column: number;
}

export interface LoadedSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  data: unknown;
  warnings: Diagnostic[];
}

export type LoadResult =
  { ok: true; source: LoadedSource } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

const at = (problem: Problem, path: string, pos: Position): Diagnostic => ({
  code: problem.code,
  path,
  line: pos.line,
  column: pos.column,
  message: problem.message,
});

const START: Position = { line: 1, column: 1 };

function offsetPosition(lc: LineCounter, offset: number): Position {
  const p = lc.linePos(Math.max(0, offset));
  return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
}

const YAML_ERRORS: Record<string, { id: string; en: string }> = {
  BAD_INDENT: { id: 'indentasi (jumlah spasi di awal baris) tidak tepat', en: 'the indentation is wrong' },
  TAB_AS_INDENT: {
    id: 'tab dipakai sebagai indentasi; gunakan spasi',
    en: 'a tab is used for indentation; use spaces',
  },
  MISSING_CHAR: {
    id: 'tanda penutup (mis. ] } atau tanda kutip) tidak ada',
    en: 'a closing character (] } or a quote) is missing',
  },
  UNEXPECTED_TOKEN: {
    id: 'ada tanda yang tidak diharapkan di sini',
    en: 'an unexpected character appears here',
  },
  BLOCK_AS_IMPLICIT_KEY: { id: 'sebuah blok dipakai sebagai kunci', en: 'a block is used as a key' },
  MULTILINE_IMPLICIT_KEY: {
    id: 'kunci tidak boleh lebih dari satu baris',
    en: 'a key cannot span several lines',
  },
  MULTIPLE_ANCHORS: { id: 'satu nilai memiliki dua jangkar (&)', en: 'a value has two anchors (&)' },
  MULTIPLE_TAGS: { id: 'satu nilai memiliki dua tag (!)', en: 'a value has two tags (!)' },
  BAD_ALIAS: { id: 'alias (*nama) tidak valid', en: 'an alias (*name) is not valid' },
  BAD_DIRECTIVE: { id: 'direktif % tidak valid', en: 'a % directive is not valid' },
  BAD_DQ_ESCAPE: {
    id: 'urutan escape dalam teks bertanda kutip tidak valid',
    en: 'an escape in a quoted text is not valid',
  },
  BAD_SCALAR_START: {
    id: 'nilai diawali karakter yang tidak boleh (mis. @ atau `)',
    en: 'a value starts with a reserved character (e.g. @ or `)',
  },
  BLOCK_IN_FLOW: {
    id: 'blok tidak boleh berada di dalam [ ] atau { }',
    en: 'a block cannot appear inside [ ] or { }',
  },
  MISSING_ANCHOR: {
    id: 'alias merujuk jangkar (&) yang tidak ada',
    en: 'an alias refers to an anchor (&) that does not exist',
  },
  KEY_OVER_1024_CHARS: { id: 'kunci lebih dari 1024 karakter', en: 'a key is longer than 1024 characters' },
  IMPOSSIBLE: { id: 'struktur tidak mungkin dibaca', en: 'the structure cannot be read' },
  TAG_RESOLVE_FAILED: { id: 'nilai tidak cocok dengan tag-nya', en: 'a value does not match its tag' },
  UNEXPECTED_SCALAR: {
    id: 'ada nilai yang tidak diharapkan di sini',
    en: 'an unexpected value appears here',
  },
  NON_STRING_KEY: { id: 'kunci harus berupa teks', en: 'a key must be text' },
};

function yamlWhat(code: string, message: string): { id: string; en: string } {
  if (/without - indicator/.test(message)) {
    return {
      id: 'indentasi tidak tepat: baris ini tidak sejajar dengan kunci di atasnya, atau tanda - daftar hilang',
      en: 'wrong indentation: this line is not aligned with the keys above it, or a list - is missing',
    };
  }
  if (code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(message)) {
    return {
      id: 'tanda ] atau } penutup tidak ada, atau isinya kurang menjorok',
      en: 'a closing ] or } is missing, or the content is not indented enough',
    };
  }
  const known = YAML_ERRORS[code];
  if (known) return known;
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return { id: first, en: first };
}

/**
 * Walks the tree without recursion (a hostile document must not exhaust the stack):
 * enforces the node, alias and depth limits and finds duplicate keys in linear time
 * (the parser's own check compares every pair of keys, too slow for huge mappings).
 */
function checkTree(root: YamlNode, doc: Document.Parsed, lc: LineCounter): Diagnostic[] {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  const duplicates: { offset: number; key: string }[] = [];
  let count = 0;
  let aliases = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    count++;
    if (count > LIMITS.nodes) return [at(M.tooManyNodes(LIMITS.nodes), '', START)];
    if (isAlias(node)) {
      aliases++;
      const pos = offsetPosition(lc, node.range?.[0] ?? 0);
      if (aliases > LIMITS.aliases) return [at(M.tooManyAliases(LIMITS.aliases), '', pos)];
      if (!node.resolve(doc)) return [at(M.yamlSyntax(YAML_ERRORS.MISSING_ANCHOR!), '', pos)];
      continue;
    }
    if (isCollection(node)) {
      if (depth > LIMITS.depth)
        return [at(M.tooDeep(LIMITS.depth), '', offsetPosition(lc, node.range?.[0] ?? 0))];
      const seen = isMap(node) ? new Set<string>() : null;
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (seen && isScalar(item.key)) {
            // Keys become object properties, so 1 and "1" collide too.
            const key = String(item.key.value);
            if (seen.has(key)) duplicates.push({ offset: item.key.range?.[0] ?? 0, key });
            seen.add(key);
          }
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return duplicates
    .sort((a, b) => a.offset - b.offset)
    .map((d) => at(M.yamlDuplicateKey(d.key), '', offsetPosition(lc, d.offset)));
}

/** Parses the text; on success the data is the plain JS value of the single document. */
export function loadSource(text: string): LoadResult {
  if (typeof text !== 'string') return { ok: false, errors: [at(M.notText(), '', START)], warnings: [] };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.sourceBytes) {
    return { ok: false, errors: [at(M.sourceTooLarge(bytes, LIMITS.sourceBytes), '', START)], warnings: [] };
  }
  const lineCounter = new LineCounter();
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    // The line counter is filled by parsing; count lines by hand for this early exit.
    const before = text.slice(0, nul).split('\n');
    const pos = { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
    return { ok: false, errors: [at(M.binary(), '', pos)], warnings: [] };
  }
  if (text.trim() === '') return { ok: false, errors: [at(M.sourceEmpty(), '', START)], warnings: [] };
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: false,
      strict: true,
      version: '1.2',
      schema: 'core',
      merge: false,
      intAsBigInt: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    if (e instanceof RangeError)
      return { ok: false, errors: [at(M.tooDeep(LIMITS.depth), '', START)], warnings: [] };
    throw e;
  }
  if (docs.length === 0) return { ok: false, errors: [at(M.sourceEmpty(), '', START)], warnings: [] };
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  if (docs.length > 1) {
    errors.push(at(M.yamlMultiDocument(), '', offsetPosition(lineCounter, docs[1]!.range[0])));
  }
  const doc = docs[0]!;
  // Syntax errors cascade (one missing bracket yields several): report the first.
  // Duplicate keys are found later, in checkTree.
  let syntaxReported = false;
  for (const e of doc.errors) {
    const pos = offsetPosition(lineCounter, e.pos[0]);
    if (/call stack/i.test(e.message)) {
      // The parser ran out of stack on absurd nesting: that is the depth limit.
      if (!syntaxReported) errors.push(at(M.tooDeep(LIMITS.depth), '', pos));
      syntaxReported = true;
    } else if (!syntaxReported) {
      syntaxReported = true;
      errors.push(at(M.yamlSyntax(yamlWhat(e.code, e.message)), '', pos));
    }
  }
  for (const w of doc.warnings) {
    warnings.push(
      at(M.yamlWarning(yamlWhat(w.code, w.message).en), '', offsetPosition(lineCounter, w.pos[0])),
    );
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { ok: false, errors: [at(M.sourceEmpty(), '', START)], warnings };
  }
  const treeProblems = checkTree(doc.contents as YamlNode, doc, lineCounter);
  if (treeProblems.length > 0) return { ok: false, errors: treeProblems, warnings };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      const problem = /excessive/i.test(e.message)
        ? M.tooManyAliases(LIMITS.aliases)
        : M.yamlSyntax(YAML_ERRORS.BAD_ALIAS!);
      return { ok: false, errors: [at(problem, '', START)], warnings };
    }
    if (e instanceof RangeError)
      return { ok: false, errors: [at(M.tooDeep(LIMITS.depth), '', START)], warnings };
    throw e;
  }
  if (!isMap(doc.contents) || data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      errors: [at(M.notMapping(), '', nodeStart(doc.contents as YamlNode, lineCounter))],
      warnings,
    };
  }
  return { ok: true, source: { doc, lineCounter, data, warnings } };
}

function nodeStart(node: YamlNode | null | undefined, lc: LineCounter): Position {
  return offsetPosition(lc, node?.range?.[0] ?? 0);
}

function deref(node: unknown, doc: Document.Parsed): unknown {
  let n = node;
  for (let i = 0; i < 10 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

function keyMatches(key: unknown, seg: string): boolean {
  if (isScalar(key)) return String(key.value) === seg;
  return false;
}

/**
 * The source position of a path. With `key: true` the position of the last
 * segment's key (for unknown keys); a missing segment falls back to its parent.
 */
export function locate(
  source: LoadedSource,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): Position {
  const { doc, lineCounter: lc } = source;
  let node: unknown = doc.contents;
  let keyNode: unknown = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const current = deref(node, doc);
    let found = false;
    if (isMap(current) && typeof seg === 'string') {
      // The last duplicate wins in toJS, so search from the end.
      for (let j = current.items.length - 1; j >= 0; j--) {
        const pair = current.items[j]!;
        if (keyMatches(pair.key, seg)) {
          keyNode = pair.key;
          // An empty value (`time:`) has no useful range of its own: point at the key.
          const value = pair.value as YamlNode | null;
          const empty =
            value === null ||
            (isScalar(value) && value.value === null && (value.range?.[0] ?? 0) === (value.range?.[1] ?? 0));
          node = empty ? pair.key : value;
          found = true;
          break;
        }
      }
    } else if (isSeq(current) && typeof seg === 'number') {
      const item = current.items[seg];
      if (item !== undefined) {
        keyNode = null;
        node = item;
        found = true;
      }
    }
    if (!found) return nodeStart(current as YamlNode, lc);
  }
  const target = opts.key && keyNode ? keyNode : node;
  return nodeStart(target as YamlNode, lc);
}

export function diagnosticAt(
  source: LoadedSource,
  problem: Problem,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): Diagnostic {
  return at(problem, formatPath(path), locate(source, path, opts));
}
