import fc from 'fast-check';
import { countChangedWords, diffSequences, diffWords, unifiedDiff } from '../src';

/** Length of the longest common subsequence, by dynamic programming (the reference). */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe('diffSequences', () => {
  const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 });

  it('rebuilds both sides and keeps a longest common subsequence (minimal edit script)', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const ops = diffSequences(a, b);
        expect(ops.filter((o) => o.op !== 'insert').flatMap((o) => o.items)).toEqual(a);
        expect(ops.filter((o) => o.op !== 'delete').flatMap((o) => o.items)).toEqual(b);
        const equal = ops.filter((o) => o.op === 'equal').reduce((n, o) => n + o.items.length, 0);
        expect(equal).toBe(lcs(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('stays correct, if coarser, past the edit limit', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const ops = diffSequences(a, b, { maxEdits: 2 });
        expect(ops.filter((o) => o.op !== 'insert').flatMap((o) => o.items)).toEqual(a);
        expect(ops.filter((o) => o.op !== 'delete').flatMap((o) => o.items)).toEqual(b);
      }),
    );
  });

  it('handles a long text with a small change quickly', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `w${i % 997}`);
    const b = [...a];
    b.splice(100_000, 3, 'x', 'y');
    const started = Date.now();
    const ops = diffSequences(a, b);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ops.map((o) => o.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
  });
});

describe('diffWords', () => {
  it('marks whole words, keeping punctuation and spaces apart', () => {
    const ops = diffWords('KPU menetapkan DPT hari ini.', 'KPU Jateng menetapkan DPS hari ini!');
    expect(ops.filter((o) => o.op !== 'equal')).toEqual([
      { op: 'insert', text: 'Jateng ' },
      { op: 'delete', text: 'DPT' },
      { op: 'insert', text: 'DPS' },
      { op: 'delete', text: '.' },
      { op: 'insert', text: '!' },
    ]);
    expect(countChangedWords(ops)).toEqual({ inserted: 3, deleted: 2 });
  });

  it('is empty of changes for equal texts', () => {
    expect(diffWords('sama', 'sama')).toEqual([{ op: 'equal', text: 'sama' }]);
    expect(diffWords('', '')).toEqual([]);
  });
});

describe('unifiedDiff', () => {
  it('merges changes up to 2·context lines apart into one hunk', () => {
    const d = unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n', 'x\n2\n3\n4\n5\n6\n7\ny\n', { from: 'a', to: 'b' });
    expect(d.text.match(/^@@/gm)).toHaveLength(1);
  });

  it('writes hunks like diff -u', () => {
    const a = [...'abcdefghijkl'].join('\n') + '\n';
    const b = [...'abcDefghijklm'].join('\n') + '\n';
    const d = unifiedDiff(a, b, { from: 'x@1', to: 'x@2' });
    expect(d.text).toBe(
      [
        '--- x@1',
        '+++ x@2',
        '@@ -1,7 +1,7 @@',
        ' a',
        ' b',
        ' c',
        '-d',
        '+D',
        ' e',
        ' f',
        ' g',
        '@@ -10,3 +10,4 @@',
        ' j',
        ' k',
        ' l',
        '+m',
        '',
      ].join('\n'),
    );
    expect(d).toMatchObject({ added: 2, removed: 1 });
  });

  it('is empty for equal texts and counts from 0 for an insertion into an empty text', () => {
    expect(unifiedDiff('x\n', 'x\n', { from: 'a', to: 'b' }).text).toBe('');
    expect(unifiedDiff('', 'x\n', { from: 'a', to: 'b' }).text).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
  });
});
