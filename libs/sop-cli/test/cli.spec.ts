import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runSop } from '../src';

const REPO = join(__dirname, '../../..');
const PALU = 'workflows/definitions/kpu-kota-palu.penataan-website.yaml';
const JATENG = 'workflows/definitions/kpu-prov-jateng.pengelolaan-website.yaml';
const BROKEN = 'libs/sop-language/test/malformed/080-many-errors.yaml.txt';

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => files[p] ?? readFileSync(join(REPO, p), 'utf8'),
    writeFile: (p, t) => {
      if (p.startsWith('/forbidden/')) throw new Error('EACCES: permission denied');
      written[p] = t;
    },
    exists: (p) => p in files || existsSync(join(REPO, p)),
  };
  const code = runSop(argv, io);
  return { code, stdout: out.join(''), stderr: err.join(''), written };
}

describe('sop validate', () => {
  it('exits 0 for each seed and says what it validated', () => {
    const r = run(['validate', PALU, JATENG]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `${PALU}: sah — Penataan Website (kpu-kota-palu.penataan-website versi 1, 7 langkah)\n` +
        `${JATENG}: sah — Pengelolaan Website (kpu-prov-jateng.pengelolaan-website versi 1, 11 langkah)\n`,
    );
  });

  it('exits 1 and lists FILE:line:col path message, in Bahasa Indonesia by default', () => {
    const r = run(['validate', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `${BROKEN}:15:17 flows.item.steps[0].actors Peran 'penulis-utama' tidak ada di daftar roles. Peran yang ada: penulis, editor.`,
        `${BROKEN}:20:17 flows.item.steps[1].actors Peran 'redaktur' tidak ada di daftar roles. Peran yang ada: penulis, editor.`,
        `${BROKEN}:21:15 flows.item.steps[1].time Satuan bulan dalam '2 bulan' tidak didukung; pakai menit, jam, hari atau minggu (mis. '4 minggu').`,
        `${BROKEN}: 3 kesalahan`,
        '',
      ].join('\n'),
    );
  });

  it('speaks English with --lang en', () => {
    const r = run(['validate', '--lang', 'en', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `${BROKEN}:15:17 flows.item.steps[0].actors The role 'penulis-utama' is not in the roles list. Known roles: penulis, editor.`,
    );
    expect(r.stderr).toContain(`${BROKEN}: 3 errors`);
  });

  it('prints warnings but still exits 0', () => {
    const text = readFileSync(
      join(REPO, 'libs/sop-language/test/malformed/078-review-approve-only.yaml.txt'),
      'utf8',
    );
    const r = run(['validate', 'x.yaml'], { 'x.yaml': text });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^x\.yaml:18:15 flows\.item\.steps\[1\]\.kind peringatan: Langkah pemeriksaan ini hanya dapat menyetujui/,
    );
  });

  it('omits the path for whole-document problems', () => {
    const r = run(['validate', 'kosong.yaml'], { 'kosong.yaml': '# kosong\n' });
    expect(r.stderr).toBe(
      'kosong.yaml:1:1 Berkas kosong: tidak ada definisi SOP di dalamnya.\nkosong.yaml: 1 kesalahan\n',
    );
  });

  it('reports a missing file without a stack trace', () => {
    const r = run(['validate', 'tidak-ada.yaml']);
    expect(r).toMatchObject({ code: 1, stderr: 'tidak-ada.yaml: berkas tidak ditemukan.\n' });
  });
});

describe('sop diagram, sheet, compile, schema', () => {
  it('writes the SVG to stdout, or to -o FILE', () => {
    const r = run(['diagram', PALU]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const o = run(['diagram', PALU, '-o', 'out.svg', '--lang', 'en']);
    expect(o).toMatchObject({ code: 0, stdout: '', stderr: 'written: out.svg\n' });
    expect(o.written['out.svg']).toContain('data-lang="en"');
  });

  it('writes the sheet as HTML', () => {
    const r = run(['sheet', JATENG, '--output=sheet.html']);
    expect(r.code).toBe(0);
    expect(r.written['sheet.html']).toMatch(/^<!doctype html>/);
  });

  it('prints the compiled form and the JSON Schema', () => {
    expect(JSON.parse(run(['compile', PALU]).stdout).key).toBe('kpu-kota-palu.penataan-website');
    expect(JSON.parse(run(['schema']).stdout).$id).toBe('urn:tatalaman:schema:sop-language:1');
  });

  it('does not draw an invalid definition', () => {
    const r = run(['diagram', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('reports an unwritable output file in one line', () => {
    const r = run(['diagram', PALU, '-o', '/forbidden/x.svg']);
    expect(r).toMatchObject({
      code: 1,
      stderr: '/forbidden/x.svg: berkas tidak dapat ditulis (EACCES: permission denied).\n',
    });
  });
});

describe('usage', () => {
  it.each([
    [['frobnicate', PALU], 'Perintah tidak dikenal: frobnicate'],
    [['validate'], 'Perintah validate memerlukan satu BERKAS definisi.'],
    [['diagram', PALU, JATENG], 'Perintah diagram hanya menerima satu BERKAS.'],
    [['validate', PALU, '--lang', 'fr'], 'Bahasa tidak dikenal: fr (pilih id atau en).'],
    [['validate', PALU, '--verbose'], 'Pilihan tidak dikenal: --verbose'],
    [['diagram', PALU, '-o'], 'Pilihan -o memerlukan nilai.'],
  ])('%j exits 2 with a clear message', (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain('Pemakaian: npm run sop --');
  });

  it('prints help with -h and exits 0', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('validate BERKAS...') });
    expect(run(['-h', '--lang', 'en'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: npm run sop'),
    });
  });
});

describe('the real command (npm run sop)', () => {
  const node = (args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/sop-cli/src/cli.ts', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('validates a seed with exit 0 and a broken file with exit 1, without stack traces', () => {
    const ok = node(['validate', PALU]);
    expect(ok.status).toBe(0);
    const bad = node(['validate', BROKEN]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${BROKEN}:21:15 flows.item.steps[1].time`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('is the root package.json "sop" script', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.sop).toBe('node -r @swc-node/register libs/sop-cli/src/cli.ts');
  });

  it('writes a diagram file with -o', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-cli-'));
    try {
      const out = join(dir, 'palu.svg');
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', 'libs/sop-cli/src/cli.ts', 'diagram', PALU, '-o', out],
        {
          cwd: REPO,
          stdio: 'pipe',
        },
      );
      expect(readFileSync(out, 'utf8')).toMatch(/<\/svg>\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
