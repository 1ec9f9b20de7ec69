// The five seed SOPs: they validate, their compiled form is pinned by golden
// files, and the encoding keeps what the sheets say (see docs/sop-language.md).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledSop, evaluateCondition, parseSopDefinition } from '../src';
import { DEFINITIONS_DIR, expectGolden, readSeed, SEEDS } from './helpers';

const compiled = (name: string): CompiledSop => {
  const r = parseSopDefinition(readSeed(name), { fileName: `${name}.yaml` });
  if (!r.ok || !r.definition) throw new Error(`${name}: ${JSON.stringify(r.errors, null, 2)}`);
  return r.definition;
};

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(SEEDS)('seed %s', (name) => {
  const text = readSeed(name);
  const result = parseSopDefinition(text, { fileName: `${name}.yaml` });

  it('validates without errors or warnings', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('matches its golden compiled form', () => {
    expectGolden(
      join(__dirname, '__golden__', `${name}.compiled.json`),
      `${JSON.stringify(result.definition, null, 2)}\n`,
    );
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(result.definition))).toEqual(result.definition);
  });

  it('is named after its key and traces to the signed sheet by SHA-256', () => {
    const def = result.definition!;
    expect(def.key).toBe(name);
    expect(def.sourceHash).toBe(sha256(text));
    const sheet = def.metadata.signedSheet!;
    expect(sheet.file).toBe(`sheets/${name}.txt`);
    expect(sheet.mediaType).toBe('text/plain');
    expect(sheet.note).toMatch(/^Teks hasil ekstraksi (\(OCR\) )?dari PDF SOP yang ditandatangani/);
    expect(sha256(readFileSync(join(DEFINITIONS_DIR, sheet.file)))).toBe(sheet.sha256);
  });

  it('marks every inference with "Inferensi:" at the start of the note or of a sentence', () => {
    for (const step of Object.values(def().flows).flatMap((f) => Object.values(f.steps))) {
      const note = step.note ?? '';
      const mentions = note.match(/Inferensi/g)?.length ?? 0;
      const marked = note.match(/(?:^|[.!?;]\s)Inferensi:/g)?.length ?? 0;
      expect(`${step.id}: ${mentions}`).toBe(`${step.id}: ${marked}`);
      expect(step.inferred).toBe(marked > 0);
    }
  });

  function def(): CompiledSop {
    return result.definition!;
  }
});

describe('fidelity to the sheets', () => {
  it('Palu: five item steps, filtering sends back to editing, evaluation is recurring (monthly and per semester, WITA)', () => {
    const sop = compiled('kpu-kota-palu.penataan-website');
    expect(sop.timeZone).toBe('Asia/Makassar');
    const item = sop.flows.item!;
    expect(item.order.map((id) => item.steps[id]!.number)).toEqual([1, 2, 3, 4, 5]);
    expect(item.steps.penyaringan).toMatchObject({
      kind: 'review',
      actors: ['kasubbag-datin'],
      outcomes: { sendBack: { to: 'penyuntingan', reasonRequired: true }, postpone: false, reject: false },
      inferred: true,
    });
    expect(item.steps.unggah).toMatchObject({ kind: 'publish', channels: ['website'] });
    expect(item.steps.penyuntingan!.time).toEqual({
      target: { amount: 3, unit: 'hour' },
      limit: { amount: 3, unit: 'hour' },
      calendar: false,
      text: '3 Jam',
    });
    expect(sop.flows['evaluasi-bulanan']!.schedule).toMatchObject({
      every: 'month',
      day: 1,
      timeZone: 'Asia/Makassar',
    });
    expect(sop.flows['evaluasi-semester']!.schedule).toMatchObject({ every: 'semester', months: [1, 7] });
    expect(sop.flows['evaluasi-bulanan']!.steps['evaluasi-bulanan-nilai']).toMatchObject({
      number: 6,
      actors: ['kasubbag-datin', 'pelaksana-datin'],
    });
    expect(sop.metadata).toMatchObject({
      number: '44/ORT.06/7271/2022',
      minimumStaff: 2,
      dates: { made: '2022-01-23', ratified: '2022-01-28', revised: null, effective: null },
    });
    expect(sop.metadata.records.map((r) => r.report)).toEqual([
      'website-condition-report',
      'website-problem-inventory',
    ]);
  });

  it('Jawa Tengah: routing by content type after step 4, steps 8-10 are handoffs, reviews send back one level', () => {
    const sop = compiled('kpu-prov-jateng.pengelolaan-website');
    const steps = sop.flows.item!.steps;
    const route = (contentType: string) =>
      steps['koreksi-subkoor']!.next.find((b) => evaluateCondition(b.when, { contentType }))!.to;
    for (const t of ['artikel', 'pengumuman', 'bahan-sosialisasi']) expect(route(t)).toBe('koreksi-kabag');
    for (const t of ['berita', 'regulasi', 'data', 'dokumentasi', 'hasil-liputan'])
      expect(route(t)).toBe('unggah');
    expect(sop.flows.item!.order.filter((id) => steps[id]!.kind === 'handoff')).toEqual([
      'serah-pengelola',
      'kembali-ke-kabag',
      'kembali-ke-subkoor',
      'kembali-ke-web-admin',
    ]);
    expect(steps['kembali-ke-subkoor']).toMatchObject({
      number: 9,
      recipients: ['subkoor-tekmas'],
      escalation: null,
    });
    expect(
      ['koreksi-subkoor', 'koreksi-kabag', 'koreksi-sekretaris', 'persetujuan-komisioner'].map(
        (id) => steps[id]!.outcomes!.sendBack!.to,
      ),
    ).toEqual(['validasi', 'koreksi-subkoor', 'koreksi-kabag', 'koreksi-sekretaris']);
    expect(steps.konsep!.time!.limit).toEqual({ amount: 60, unit: 'minute' });
    expect(sop.roleOrder).toHaveLength(7);
    expect(sop.contentTypes.map((c) => c.code)).toHaveLength(8);
    expect(sop.metadata.provisions).toHaveLength(6);
  });

  it('Bangka Barat: the need check postpones instead of rejecting; content review sends back to design', () => {
    const sop = compiled('kpu-kab-bangka-barat.publikasi-informasi-hukum');
    const steps = sop.flows.item!.steps;
    expect(steps['pemeriksaan-kebutuhan']!.outcomes).toEqual({
      approve: true,
      sendBack: null,
      postpone: true,
      reject: false,
    });
    expect(steps['pemeriksaan-konten']!.outcomes!.sendBack!.to).toBe('desain');
    expect(steps.publikasi!.channels).toEqual(['social-media', 'website']);
    expect(steps.penelusuran!.time!.text).toBe('2 Jam');
    expect(sop.metadata.dates).toMatchObject({ made: '2019-10', effective: '2019-10', revised: null });
  });

  it('Mentawai: no time standards; verification sends back to step 5; a monthly recap runs automatically', () => {
    const sop = compiled('kpu-kab-kepulauan-mentawai.pengelolaan-laman');
    const all = Object.values(sop.flows.item!.steps);
    expect(all).toHaveLength(8);
    expect(all.every((s) => s.time === null && s.escalation === null)).toBe(true);
    expect(sop.flows.item!.steps.verifikasi!.outcomes!.sendBack!.to).toBe('pembuatan-materi');
    expect(sop.flows.item!.steps['pembuatan-materi']!.number).toBe(5);
    expect(sop.flows['rekap-bulanan']!.steps['rekap-postingan']).toMatchObject({
      kind: 'automatic',
      action: 'generate-report',
      report: 'monthly-recap-posts-readers',
      recipients: ['penanggung-jawab'],
    });
    expect(sop.metadata.records[0]!.report).toBe('monthly-recap-posts-readers');
  });

  it('Ketapang: steps 1-2 are a standalone process; 3-8 the item flow with reviews at 6 and 7 sending back to 5', () => {
    const sop = compiled('diskominfo-kab-ketapang.pengelolaan-website');
    expect(sop.flows['pengembangan-website']).toMatchObject({ trigger: 'manual', schedule: null });
    expect(sop.flows['pengembangan-website']!.steps.pembangunan!.time).toMatchObject({
      target: { amount: 1, unit: 'week' },
      limit: { amount: 3, unit: 'week' },
    });
    const item = sop.flows.item!;
    expect(item.order.map((id) => item.steps[id]!.number)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(item.steps['koreksi-editor']!.outcomes!.sendBack!.to).toBe('rilis');
    expect(item.steps['koreksi-redaktur']!.outcomes!.sendBack!.to).toBe('rilis');
    expect(item.steps.peliputan!.time).toMatchObject({
      target: { amount: 1 },
      limit: { amount: 5, unit: 'hour' },
    });
    expect(sop.metadata.ratifiedBy).toMatchObject({
      rank: 'Pembina Utama Muda',
      nip: '19630919 199003 1 007',
    });
    expect(sop.metadata.records).toEqual([]);
  });
});
