/** One operation of the content service's word diff (`RevisionDiff.body.ops`). */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** A piece of one side's line: unchanged text, or text only this side has. */
export interface Segment {
  text: string;
  changed: boolean;
}

/** One row of the side-by-side view: the old line and the new line, either may be absent. */
export interface DiffRow {
  left: Segment[] | null;
  right: Segment[] | null;
}

/**
 * Lays a word diff out side by side, line by line. Lines that share unchanged text face
 * each other, and so do changed lines between the same unchanged ones; lines only one side has get an
 * empty cell (`null`) on the other, like a code review tool.
 */
export function sideBySide(ops: readonly DiffOp[]): DiffRow[] {
  const left: Segment[][] = [[]];
  const right: Segment[][] = [[]];
  const pairs: [number, number][] = [];
  const pair = () => {
    const l = left.length - 1;
    const r = right.length - 1;
    const last = pairs[pairs.length - 1];
    // Keep pairs strictly increasing on both sides, so rows stay in order.
    if (!last || (l > last[0] && r > last[1])) pairs.push([l, r]);
  };
  const add = (lines: Segment[][], text: string, changed: boolean) => {
    text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ text: part, changed });
    });
  };

  for (const op of ops) {
    if (op.op === 'equal') {
      op.text.split('\n').forEach((part, i) => {
        // A line break alone does not pair the new lines: one side may get inserted
        // lines before the next shared text (which pairs them, or zip lines them up).
        if (i > 0) {
          left.push([]);
          right.push([]);
        }
        if (part) {
          left[left.length - 1]!.push({ text: part, changed: false });
          right[right.length - 1]!.push({ text: part, changed: false });
          pair();
        }
      });
    } else {
      add(op.op === 'delete' ? left : right, op.text, true);
    }
  }

  const rows: DiffRow[] = [];
  let l = 0;
  let r = 0;
  const zip = (toL: number, toR: number) => {
    while (l < toL || r < toR) {
      rows.push({ left: l < toL ? left[l++]! : null, right: r < toR ? right[r++]! : null });
    }
  };
  for (const [pl, pr] of pairs) {
    zip(pl, pr);
    rows.push({ left: left[l++]!, right: right[r++]! });
  }
  zip(left.length, right.length);
  // Empty rows (text ending in a line break) carry nothing.
  return rows.filter((row) => !isEmpty(row));
}

function isEmpty(row: DiffRow): boolean {
  return (!row.left || row.left.length === 0) && (!row.right || row.right.length === 0);
}

/** Whether a row differs between the sides (for highlighting and "changes only" views). */
export function rowChanged(row: DiffRow): boolean {
  if (!row.left || !row.right) return true;
  return row.left.some((s) => s.changed) || row.right.some((s) => s.changed);
}
