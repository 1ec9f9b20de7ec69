import { annotateSource, linesNear } from '../src/lib/source-lines';

describe('annotateSource', () => {
  const source = 'key: a\nversion: 1\nroles:\n  - code: penulis\n';

  it('puts each finding under its line, ordered by column', () => {
    const lines = annotateSource(source, [
      { line: 4, column: 13, message: 'b', severity: 'error' },
      { line: 4, column: 5, message: 'a', severity: 'warning' },
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[3]!.diagnostics.map((d) => d.message)).toEqual(['a', 'b']);
  });

  it('keeps findings without a line or past the end', () => {
    const lines = annotateSource(source, [
      { message: 'no line', severity: 'error' },
      { line: 99, message: 'past the end', severity: 'error' },
    ]);
    expect(lines[0]!.diagnostics[0]!.message).toBe('no line');
    expect(lines[3]!.diagnostics[0]!.message).toBe('past the end');
  });

  it('handles CRLF text', () => {
    expect(annotateSource('a\r\nb\r\n', []).map((l) => l.text)).toEqual(['a', 'b']);
  });
});

describe('linesNear', () => {
  it('keeps the context lines around findings', () => {
    const src = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = annotateSource(src, [{ line: 10, message: 'x', severity: 'error' }]);
    expect([...linesNear(lines, 2)].sort((a, b) => a - b)).toEqual([8, 9, 10, 11, 12]);
  });
});
