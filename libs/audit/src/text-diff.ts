/**
 * Text differences for people reading a change: word by word (revision bodies) and
 * line by line in unified format (definition sources). Myers' O((N+M)·D) algorithm
 * after trimming the common head and tail; past `maxEdits` differences the middle
 * is reported as one deletion and one insertion rather than spending quadratic time.
 */

export interface TextDiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface SequenceOp<T> {
  op: 'equal' | 'insert' | 'delete';
  items: T[];
}

export interface SequenceDiffOptions {
  /** Edit distance beyond which the middle is reported coarsely (default 4000). */
  maxEdits?: number;
}

function push<T>(out: SequenceOp<T>[], op: SequenceOp<T>['op'], item: T) {
  const last = out[out.length - 1];
  if (last && last.op === op) last.items.push(item);
  else out.push({ op, items: [item] });
}

/** Shortest edit script between two sequences, as runs of equal, deleted and inserted items. */
export function diffSequences<T>(
  a: readonly T[],
  b: readonly T[],
  options: SequenceDiffOptions = {},
): SequenceOp<T>[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const out: SequenceOp<T>[] = [];
  for (let i = 0; i < head; i++) push(out, 'equal', a[i]!);
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const script = myers(midA, midB, options.maxEdits ?? 4000);
  if (script) for (const [op, item] of script) push(out, op, item);
  else {
    for (const item of midA) push(out, 'delete', item);
    for (const item of midB) push(out, 'insert', item);
  }
  for (let i = a.length - tail; i < a.length; i++) push(out, 'equal', a[i]!);
  return out;
}

type Step<T> = [SequenceOp<T>['op'], T];

function myers<T>(a: readonly T[], b: readonly T[], maxEdits: number): Step<T>[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((x) => ['insert', x] as Step<T>);
  if (m === 0) return a.map((x) => ['delete', x] as Step<T>);
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v as it was before round d, for k in [-d-1, d+1] (index k + d + 1).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  const steps: Step<T>[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const at = (k: number) => prev[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(['equal', a[x - 1]!]);
      x--;
      y--;
    }
    if (prevK === k + 1) steps.push(['insert', b[y - 1]!]);
    else steps.push(['delete', a[x - 1]!]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    steps.push(['equal', a[x - 1]!]);
    x--;
    y--;
  }
  return steps.reverse();
}

/** Words, runs of white space and single punctuation marks, so a diff never splits a word. */
export function wordTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_'’-]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu) ?? [];
}

/** Word-level diff of two texts; concatenating the non-`insert` ops gives `a`, the non-`delete` ones `b`. */
export function diffWords(a: string, b: string, options: SequenceDiffOptions = {}): TextDiffOp[] {
  return diffSequences(wordTokens(a), wordTokens(b), options).map((r) => ({
    op: r.op,
    text: r.items.join(''),
  }));
}

/** Counts the words (not white space) in inserted and deleted runs. */
export function countChangedWords(ops: readonly TextDiffOp[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const o of ops) {
    const words = wordTokens(o.text).filter((t) => !/^\s+$/.test(t)).length;
    if (o.op === 'insert') inserted += words;
    if (o.op === 'delete') deleted += words;
  }
  return { inserted, deleted };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export interface UnifiedDiff {
  /** `--- from` / `+++ to` headers and `@@` hunks; empty when the texts are equal. */
  text: string;
  added: number;
  removed: number;
}

/** Line diff of two texts in the unified format of `diff -u`. */
export function unifiedDiff(
  a: string,
  b: string,
  labels: { from: string; to: string },
  context = 3,
  options: SequenceDiffOptions = {},
): UnifiedDiff {
  const la = lines(a.replace(/\r\n/g, '\n'));
  const lb = lines(b.replace(/\r\n/g, '\n'));
  const ops = diffSequences(la, lb, options);
  // Flatten to one entry per line with its position in each text.
  const rows: { op: SequenceOp<string>['op']; line: string; ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  let added = 0;
  let removed = 0;
  for (const r of ops) {
    for (const line of r.items) {
      rows.push({ op: r.op, line, ai, bi });
      if (r.op !== 'insert') ai++;
      if (r.op !== 'delete') bi++;
      if (r.op === 'insert') added++;
      if (r.op === 'delete') removed++;
    }
  }
  if (!added && !removed) return { text: '', added, removed };
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let i = 0;
  while (i < rows.length) {
    while (i < rows.length && rows[i]!.op === 'equal') i++;
    if (i >= rows.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are closer than 2·context lines apart.
    for (;;) {
      while (end < rows.length && rows[end]!.op !== 'equal') end++;
      let next = end;
      while (next < rows.length && rows[next]!.op === 'equal') next++;
      if (next < rows.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(rows.length, end + context);
    const hunk = rows.slice(start, stop);
    const aCount = hunk.filter((r) => r.op !== 'insert').length;
    const bCount = hunk.filter((r) => r.op !== 'delete').length;
    const aStart = aCount ? hunk.find((r) => r.op !== 'insert')!.ai + 1 : hunk[0]!.ai;
    const bStart = bCount ? hunk.find((r) => r.op !== 'delete')!.bi + 1 : hunk[0]!.bi;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const r of hunk) out.push(`${r.op === 'equal' ? ' ' : r.op === 'insert' ? '+' : '-'}${r.line}`);
    i = stop;
  }
  return { text: out.join('\n') + '\n', added, removed };
}
