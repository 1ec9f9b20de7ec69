import { findUnsafeText, MAX_JSON_DEPTH, textFault, wellFormedJson, wellFormedText } from '../src';

describe('text safety', () => {
  it('names NUL and lone surrogates, and passes every well-formed text', () => {
    expect(textFault('a\u0000b')).toBe('nul');
    expect(textFault('\ud800')).toBe('lone-surrogate');
    expect(textFault('x\udc00')).toBe('lone-surrogate');
    expect(textFault('\udc00\ud800')).toBe('lone-surrogate');
    expect(textFault('Pemilu 🗳️ Jawa Tengah — ñ')).toBeUndefined();
    expect(textFault('\ud83d\uddf3')).toBeUndefined();
  });

  it('finds the first bad string or key with its path, at any depth', () => {
    expect(findUnsafeText({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
      path: ['a', 2, 'c'],
      reason: 'nul',
    });
    expect(findUnsafeText({ fields: { ['k\ud800']: 1 } })).toEqual({
      path: ['fields', 'k\ud800'],
      reason: 'lone-surrogate',
    });
    expect(findUnsafeText({ title: 'Berita', tags: ['a', 'b'], n: 3, ok: true, none: null })).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without recursing (100,000 levels)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const found = findUnsafeText(deep);
    expect(found?.reason).toBe('too-deep');
    expect(found?.path).toHaveLength(MAX_JSON_DEPTH);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
    expect(findUnsafeText(ok)).toBeUndefined();
  });

  it('makes text and JSON well-formed for Postgres', () => {
    expect(wellFormedText('a\u0000b\ud800c\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ud83d\ude00');
    const json = wellFormedJson({ ['k\u0000']: ['\udc00', 'fine'] });
    expect(json).toBe('{"k\ufffd":["\ufffd","fine"]}');
    expect(json).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });
});
