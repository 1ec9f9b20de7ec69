// The malformed corpus: each test/malformed/NNN-name.(yaml|json).txt holds one broken
// definition, and NNN-name.expected.json the exact diagnostics an admin must see:
// code, path, line:column and both messages, in order. (The sources are .txt so the
// formatter leaves their deliberate mistakes alone.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, parseSopDefinition } from '../src';

const DIR = join(__dirname, 'malformed');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => ({ file, base: file.replace(/\.(yaml|json)\.txt$/, '') }));

interface Expected {
  description: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

describe('malformed corpus', () => {
  it('has at least 50 cases, each with its expectation', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const expectations = readdirSync(DIR).filter((f) => f.endsWith('.expected.json'));
    expect(expectations.sort()).toEqual(cases.map((c) => `${c.base}.expected.json`).sort());
  });

  describe.each(cases)('$file', ({ file, base }) => {
    const expected = JSON.parse(readFileSync(join(DIR, `${base}.expected.json`), 'utf8')) as Expected;
    const result = parseSopDefinition(readFileSync(join(DIR, file), 'utf8'), { fileName: file });

    it(`reports exactly the expected diagnostics (${expected.description})`, () => {
      expect(result.errors).toEqual(expected.errors);
      expect(result.warnings).toEqual(expected.warnings);
      expect(result.ok).toBe(expected.errors.length === 0);
    });

    it('explains each problem in Bahasa Indonesia and English at a real position', () => {
      for (const d of [...result.errors, ...result.warnings]) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message.id).not.toBe('');
        expect(d.message.en).not.toBe('');
        expect(d.message.id).not.toBe(d.message.en);
      }
    });
  });
});
