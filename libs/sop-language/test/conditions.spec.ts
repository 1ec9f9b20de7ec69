import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseBranch, evaluateCondition } from '../src';
import { parseSopDefinition } from '../src';

describe('evaluateCondition', () => {
  const artikel = { contentType: 'artikel', tags: ['mendesak'] };
  it.each([
    [null, true],
    [{}, true],
    [{ contentType: ['artikel', 'berita'] }, true],
    [{ contentType: ['berita'] }, false],
    [{ tag: ['mendesak'] }, true],
    [{ tag: ['rahasia'] }, false],
    [{ contentType: ['artikel'], tag: ['rahasia'] }, false],
    [{ all: [{ contentType: ['artikel'] }, { tag: ['mendesak'] }] }, true],
    [{ any: [{ contentType: ['berita'] }, { tag: ['mendesak'] }] }, true],
    [{ any: [{ contentType: ['berita'] }, { tag: ['rahasia'] }] }, false],
    [{ not: { contentType: ['berita'] } }, true],
    [{ not: { tag: ['mendesak'] } }, false],
  ])('%j → %s', (when, expected) => {
    expect(evaluateCondition(when, artikel)).toBe(expected);
  });

  it('treats a missing tag list as no tags', () => {
    expect(evaluateCondition({ tag: ['x'] }, { contentType: 'berita' })).toBe(false);
  });

  it('imports nothing but types, so the workflow bundle can use it directly', () => {
    const source = readFileSync(join(__dirname, '../src/conditions.ts'), 'utf8');
    const imports = source.split('\n').filter((l) => /^\s*import\b/.test(l));
    expect(imports.every((l) => /^import type /.test(l))).toBe(true);
    const types = readFileSync(join(__dirname, '../src/types.ts'), 'utf8');
    expect(types.split('\n').filter((l) => /^\s*import\b/.test(l))).toEqual([]);
  });

  it('routes the compiled all-features fixture: first matching branch wins, the fallback catches the rest', () => {
    const r = parseSopDefinition(readFileSync(join(__dirname, 'fixtures/all-features.yaml'), 'utf8'));
    const next = r.definition!.flows.item!.steps.putusan!.next;
    expect(chooseBranch(next, { contentType: 'regulasi' })!.to).toBe('umumkan');
    expect(chooseBranch(next, { contentType: 'pengumuman', tags: ['mendesak'] })!.to).toBe('umumkan');
    expect(chooseBranch(next, { contentType: 'jawaban-ppid' })!.to).toBe('kirim-jawaban');
    expect(next[next.length - 1]!.when).toBeNull();
  });
});
