// Golden diagrams and sheets for the five seeds, plus structural checks that do
// not need a browser (escaping, determinism, what each row shows).
import { join } from 'node:path';
import { renderSheetHtml, renderSwimlaneSvg, wrapText, measureText } from '../src';
import { parseSopDefinition } from '@tatalaman/sop-language';
import { fontFileBytes } from '@tatalaman/typeface';
import { compile, expectGolden, SEEDS } from './helpers';

const seed = (name: string) => compile(`workflows/definitions/${name}.yaml`);

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

describe.each(SEEDS)('%s', (name) => {
  const sop = seed(name);

  it('matches the golden SVG in Bahasa Indonesia and English, and the golden sheet', () => {
    expectGolden(join(__dirname, '__golden__', `${name}.id.svg`), renderSwimlaneSvg(sop, { lang: 'id' }));
    expectGolden(join(__dirname, '__golden__', `${name}.en.svg`), renderSwimlaneSvg(sop, { lang: 'en' }));
    expectGolden(
      join(__dirname, '__golden__', `${name}.sheet.id.html`),
      renderSheetHtml(sop, { lang: 'id' }),
    );
  });

  it('carries the faces it draws in, as the font files themselves, once', () => {
    const svg = renderSwimlaneSvg(sop, { lang: 'id' });
    const regular = fontFileBytes('regular', 'latin').toString('base64');
    const bold = fontFileBytes('bold', 'latin').toString('base64');
    expect(svg.split(regular)).toHaveLength(2);
    expect(svg.split(bold)).toHaveLength(2);
    const sheet = renderSheetHtml(sop, { lang: 'id' });
    expect(sheet.split(regular)).toHaveLength(2);
    expect(sheet.split(bold)).toHaveLength(2);
    expect(renderSwimlaneSvg(sop, { lang: 'id', embedFonts: false })).not.toContain('@font-face');
  });

  it('is deterministic', () => {
    expect(renderSwimlaneSvg(sop)).toBe(renderSwimlaneSvg(seed(name)));
  });

  it('draws one lane per role, one row per step, and the paper symbols', () => {
    const svg = renderSwimlaneSvg(sop, { lang: 'id' });
    const steps = Object.values(sop.flows).flatMap((f) => Object.values(f.steps));
    expect(count(svg, /<g class="role-col" /g)).toBe(sop.roleOrder.length);
    expect(count(svg, /<g class="step-row" /g)).toBe(steps.length);
    const flows = Object.keys(sop.flows).length;
    expect(count(svg, /data-terminal="start"/g)).toBe(flows);
    expect(count(svg, /data-terminal="end"/g)).toBe(flows);
    expect(svg).toContain('>MULAI<');
    expect(svg).toContain('>SELESAI<');
    const reviews = steps.filter((s) => s.kind === 'review');
    for (const r of reviews) {
      expect(svg).toMatch(new RegExp(`data-symbol-for="${r.id}" data-role="[^"]+" data-shape="diamond"`));
    }
    const sendBacks = reviews.filter((r) => r.outcomes?.sendBack).length;
    expect(count(svg, /class="edge edge-back"/g)).toBe(sendBacks);
    expect(count(svg, />Tidak</g)).toBe(sendBacks);
    expect(count(svg, />Ditunda</g)).toBe(reviews.filter((r) => r.outcomes?.postpone).length);
    for (const s of steps.filter((x) => x.kind === 'publish'))
      expect(svg).toContain(`data-symbol-for="${s.id}"`);
    for (const header of [
      'No',
      'Kegiatan',
      'Pelaksana',
      'Mutu Baku',
      'Kelengkapan',
      'Waktu',
      'Output',
      'Keterangan',
    ]) {
      expect(svg).toContain(`>${header}</tspan>`);
    }
  });

  it('uses English words with lang en', () => {
    const svg = renderSwimlaneSvg(sop, { lang: 'en' });
    for (const word of [
      'Activity',
      'Performers',
      'Quality standard',
      'Requirements',
      'Remarks',
      'START',
      'END',
    ]) {
      expect(svg).toContain(`>${word}<`);
    }
    expect(svg).not.toContain('>MULAI<');
  });

  it('shows the sheet frame: identity, legal basis, records, the chart', () => {
    const html = renderSheetHtml(sop, { lang: 'id' });
    for (const label of [
      'Nomor SOP',
      'Tanggal Pembuatan',
      'Disahkan oleh',
      'Dasar Hukum',
      'Kualifikasi Pelaksana',
    ]) {
      expect(html).toContain(`<th>${label}</th>`);
    }
    for (const label of ['Keterkaitan', 'Peralatan/Perlengkapan', 'Peringatan', 'Pencatatan dan Pendataan']) {
      expect(html).toContain(`<th>${label}</th>`);
    }
    expect(html).toContain(sop.metadata.number ?? '');
    expect(count(html, /<svg /g)).toBe(1);
    expect(html).not.toMatch(/<script/i);
  });
});

describe('escaping and wrapping', () => {
  const hostile = `key: contoh.xss
version: 1
title: "<script>alert(1)</script> & co"
timeZone: Asia/Jakarta
metadata:
  number: "1/<b>2</b>"
  legalBasis:
    - 'UU "14" <2008> & ''lainnya'''
roles:
  - code: penulis
    name: "Penulis </text><script>x</script>"
flows:
  item:
    steps:
      - id: tulis
        description: "a <b>bold</b> & \\"quoted\\" ]]> claim"
        actors: penulis
        note: "Inferensi: x < y"
`;
  const sop = parseSopDefinition(hostile).definition!;

  it('escapes every text in the SVG and the sheet', () => {
    for (const out of [renderSwimlaneSvg(sop), renderSheetHtml(sop)]) {
      expect(out).not.toContain('<script');
      expect(out).not.toContain('<b>');
      expect(out).not.toContain(']]>');
      expect(out).toContain('&lt;script&gt;');
      expect(out).toContain('&amp;');
      expect(out).toContain('&quot;quoted&quot;');
    }
  });

  it('wraps on spaces and slashes and breaks words that do not fit', () => {
    expect(wrapText('Berita/Artikel/Pengumuman/Regulasi', 70, 10)).toEqual([
      'Berita/Artikel/',
      'Pengumuman/',
      'Regulasi',
    ]);
    const long = wrapText('x'.repeat(50), 40, 10);
    expect(long.length).toBeGreaterThan(1);
    for (const line of long) expect(measureText(line, 10)).toBeLessThanOrEqual(40);
    expect(wrapText('satu\ndua', 500, 10)).toEqual(['satu', 'dua']);
  });
});

describe('beyond the seeds (all-features fixture)', () => {
  const sop = compile('libs/sop-language/test/fixtures/all-features.yaml');
  const svg = renderSwimlaneSvg(sop);

  it('matches its golden SVG', () => {
    expectGolden(join(__dirname, '__golden__', 'all-features.id.svg'), svg);
  });

  it('draws fork and join bars, a rejection to the end, a postpone-free review, and branch labels', () => {
    expect(count(svg, /<g class="join-row" /g)).toBe(1);
    expect(count(svg, /data-shape="bar"/g)).toBe(2);
    expect(count(svg, /class="edge edge-reject"/g)).toBe(1);
    expect(svg).toContain('>[Cabang 1: Hukum]</tspan>');
    expect(svg).toContain('Batas waktu total:');
    const plain = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(plain).toContain('dapat diperpanjang maks. 2 × 1 hari');
    expect(plain).toContain('No. 1 sampai selesai no. 8: 10 hari');
  });
});
