// Limits and hostile input: each limit is a diagnostic, never an exception.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { formatPath, LIMITS, parseSopDefinition } from '../src';
import { readSeed } from './helpers';

const codes = (text: string) => parseSopDefinition(text).errors.map((e) => e.code);

function definitionWithSteps(count: number): string {
  const steps = Array.from(
    { length: count },
    (_, i) => `      - id: langkah-${i}\n        description: Langkah ${i}\n        actors: penulis\n`,
  ).join('');
  return `key: contoh.banyak\nversion: 1\ntitle: Banyak\ntimeZone: Asia/Jakarta\nroles:\n  - code: penulis\n    name: Penulis\nflows:\n  item:\n    steps:\n${steps}`;
}

describe('limits', () => {
  it('refuses a source over 256 KiB before parsing it', () => {
    const text = `# ${'x'.repeat(LIMITS.sourceBytes)}\n`;
    expect(parseSopDefinition(text).errors).toEqual([
      {
        code: 'limit.source-size',
        path: '',
        line: 1,
        column: 1,
        message: {
          id: `Berkas terlalu besar: ${LIMITS.sourceBytes + 3} bita; batasnya ${LIMITS.sourceBytes} bita.`,
          en: `The file is too large: ${LIMITS.sourceBytes + 3} bytes; the limit is ${LIMITS.sourceBytes} bytes.`,
        },
      },
    ]);
  });

  it('counts bytes, not characters', () => {
    const text = `# ${'é'.repeat(LIMITS.sourceBytes / 2)}\n`;
    expect(codes(text)).toEqual(['limit.source-size']);
  });

  it('refuses binary content and points at the first NUL', () => {
    expect(parseSopDefinition('key: a\nvalue: x\u0000y\n').errors).toMatchObject([
      { code: 'yaml.binary', line: 2, column: 9 },
    ]);
  });

  it('survives brackets nested far beyond the depth limit', () => {
    const deep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(codes(deep)).toEqual(['limit.depth']);
  });

  it('survives block indentation nested beyond the depth limit', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(codes(`${lines} x\n`)).toEqual(['limit.depth']);
  });

  it(`allows at most ${LIMITS.steps} steps in a definition`, () => {
    expect(parseSopDefinition(definitionWithSteps(LIMITS.steps)).ok).toBe(true);
    const over = parseSopDefinition(definitionWithSteps(LIMITS.steps + 1)).errors;
    expect(over.map((e) => [e.code, e.path])).toEqual([['limit.count', 'flows.item.steps']]);
  });

  it('allows a few aliases (admins may reuse an input list) but not an alias bomb', () => {
    const text = readSeed('kpu-kota-palu.penataan-website')
      .replace(
        'inputs: [Gambar, Dokumentasi, File, Berita]',
        'inputs: &bahan [Gambar, Dokumentasi, File, Berita]',
      )
      .replace('inputs: [Gambar, Dokumentasi, File, Berita]', 'inputs: *bahan');
    const r = parseSopDefinition(text);
    expect(r.errors).toEqual([]);
    expect(r.definition!.flows.item!.steps.pengumpulan!.inputs).toEqual([
      'Gambar',
      'Dokumentasi',
      'File',
      'Berita',
    ]);
    const bomb = readFileSync(join(__dirname, 'malformed/009-limit-alias-bomb.yaml.txt'), 'utf8');
    expect(codes(bomb)).toEqual(['limit.aliases']);
  });

  it('caps the number of diagnostics and says how many there were', () => {
    const steps = Array.from(
      { length: 150 },
      (_, i) => `      - { id: s${i}, description: x, actors: [nobody-a, nobody-b] }\n`,
    ).join('');
    const text = `key: a\nversion: 1\ntitle: t\ntimeZone: Asia/Jakarta\nroles: [{ code: penulis, name: P }]\nflows:\n  item:\n    steps:\n${steps}`;
    const errors = parseSopDefinition(text).errors;
    expect(errors).toHaveLength(LIMITS.diagnostics + 1);
    expect(errors[errors.length - 1]).toMatchObject({
      code: 'limit.diagnostics',
      message: { en: `Showing ${LIMITS.diagnostics} of 300 errors; fix those above and validate again.` },
    });
  });

  it('does not let a __proto__ key reach the object prototype', () => {
    const r = parseSopDefinition('key: a\n__proto__: { polluted: true }\n');
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.errors.map((e) => e.path)).toContain('__proto__');
  });
});

describe('JSON input', () => {
  it('accepts a definition written as JSON, with positions in the JSON text', () => {
    const seed = readSeed('kpu-prov-jateng.pengelolaan-website');
    const json = JSON.stringify(parse(seed), null, 2);
    const r = parseSopDefinition(json);
    expect(r.errors).toEqual([]);
    expect(r.definition!.flows.item!.order).toHaveLength(11);
    const broken = json.replace('"time": "60 menit"', '"time": "60 bulan"');
    const line = broken.split('\n').findIndex((l) => l.includes('60 bulan')) + 1;
    expect(parseSopDefinition(broken).errors).toMatchObject([
      { code: 'time.unsupported-unit', path: 'flows.item.steps[0].time', line, column: 19 },
    ]);
  });
});

describe('formatPath', () => {
  it('writes dotted keys, bracketed indices and quoted odd keys', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['flows', 'item', 'steps', 3, 'time'])).toBe('flows.item.steps[3].time');
    expect(formatPath(['flows', 'evaluasi-bulanan', 'steps', 0])).toBe('flows.evaluasi-bulanan.steps[0]');
    expect(formatPath(['flows', 'Rekap Bulanan'])).toBe('flows["Rekap Bulanan"]');
    expect(formatPath(['$schema'])).toBe('$schema');
  });
});
