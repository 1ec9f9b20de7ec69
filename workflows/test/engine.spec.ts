import { Engine } from '../src/api';
import {
  act,
  compileText,
  decision,
  events,
  finishActivities,
  fixture,
  loadDefinition,
  runInput,
  seeds,
} from './support';

// Monday 23 November 2026, 09:00 WIB.
const MONDAY_9 = Date.parse('2026-11-23T02:00:00Z');
const MIN = 60_000;

const openIds = (engine: Engine) => engine.state.open.map((o) => o.stepId);

describe('Jawa Tengah: routing by content type', () => {
  const def = loadDefinition(seeds.jateng);

  function throughSubkoor(contentType: string) {
    const engine = new Engine(runInput(def, { contentType }));
    let t = MONDAY_9;
    engine.start(t);
    expect(openIds(engine)).toEqual(['konsep']);
    act(engine, decision('konsep', 'pengampu-konsep', 'complete'), (t += 30 * MIN));
    // Step 2 is a handoff: done at once, the 5 paper minutes recorded as saved.
    expect(openIds(engine)).toEqual(['validasi']);
    expect(engine.state.history.find((h) => h.stepId === 'serah-pengelola')).toMatchObject({
      kind: 'handoff',
      savedMinutes: 5,
    });
    act(engine, decision('validasi', 'web-admin', 'complete'), (t += 3 * MIN));
    act(engine, decision('koreksi-subkoor', 'subkoor-tekmas', 'approve'), (t += 10 * MIN));
    return { engine, t };
  }

  it('a Berita skips Sekretaris and Komisioner and goes to upload after the Sub Koordinator', () => {
    const { engine, t } = throughSubkoor('berita');
    expect(openIds(engine)).toEqual(['unggah']);
    const publish = engine.effects.find((e) => e.type === 'publish');
    expect(publish).toMatchObject({ stepId: 'unggah', channels: ['website'] });
    finishActivities(engine, t + 1_000);
    expect(engine.state.status).toBe('completed');
    const visited = engine.state.history.map((h) => h.stepId);
    expect(visited).not.toContain('koreksi-sekretaris');
    expect(visited).not.toContain('persetujuan-komisioner');
  });

  it('an Artikel goes through Kabag, Sekretaris and Komisioner, and the hand-backs are instant', () => {
    const { engine } = throughSubkoor('artikel');
    let t = MONDAY_9 + 60 * MIN;
    expect(openIds(engine)).toEqual(['koreksi-kabag']);
    act(engine, decision('koreksi-kabag', 'kabag-hth', 'approve'), (t += MIN));
    act(engine, decision('koreksi-sekretaris', 'sekretaris', 'approve'), (t += MIN));
    act(engine, decision('persetujuan-komisioner', 'komisioner', 'approve'), (t += MIN));
    expect(openIds(engine)).toEqual(['unggah']);
    const handoffs = engine.state.history.filter((h) => h.kind === 'handoff');
    expect(handoffs.map((h) => h.stepId)).toEqual([
      'serah-pengelola',
      'kembali-ke-kabag',
      'kembali-ke-subkoor',
      'kembali-ke-web-admin',
    ]);
    expect(handoffs.reduce((s, h) => s + (h.savedMinutes ?? 0), 0)).toBe(20);
    finishActivities(engine, t);
    expect(engine.state.status).toBe('completed');
  });

  it('each review sends back to the step before it, with the reason, and the step opens again', () => {
    const { engine } = throughSubkoor('artikel');
    let t = MONDAY_9 + 60 * MIN;
    act(
      engine,
      decision('koreksi-kabag', 'kabag-hth', 'send-back', { reason: 'Perbaiki judul' }),
      (t += MIN),
    );
    expect(openIds(engine)).toEqual(['koreksi-subkoor']);
    expect(engine.state.open[0]).toMatchObject({
      attempt: 2,
      cause: { kind: 'send-back', from: 'koreksi-kabag', reason: 'Perbaiki judul' },
    });
    act(
      engine,
      decision('koreksi-subkoor', 'subkoor-tekmas', 'send-back', { reason: 'Data kurang' }),
      (t += MIN),
    );
    expect(openIds(engine)).toEqual(['validasi']);
    act(engine, decision('validasi', 'web-admin', 'complete'), (t += MIN));
    act(engine, decision('koreksi-subkoor', 'subkoor-tekmas', 'approve'), (t += MIN));
    act(engine, decision('koreksi-kabag', 'kabag-hth', 'approve'), (t += MIN));
    act(
      engine,
      decision('koreksi-sekretaris', 'sekretaris', 'send-back', { reason: 'Ubah paragraf 2' }),
      (t += MIN),
    );
    expect(openIds(engine)).toEqual(['koreksi-kabag']);
    act(engine, decision('koreksi-kabag', 'kabag-hth', 'approve'), (t += MIN));
    act(engine, decision('koreksi-sekretaris', 'sekretaris', 'approve'), (t += MIN));
    act(
      engine,
      decision('persetujuan-komisioner', 'komisioner', 'send-back', { reason: 'Tambahkan foto' }),
      t + MIN,
    );
    expect(openIds(engine)).toEqual(['koreksi-sekretaris']);
    const sendBacks = engine.state.history.filter((h) => h.kind === 'send-back');
    expect(sendBacks.map((h) => [h.stepId, h.to, h.reason])).toEqual([
      ['koreksi-kabag', 'koreksi-subkoor', 'Perbaiki judul'],
      ['koreksi-subkoor', 'validasi', 'Data kurang'],
      ['koreksi-sekretaris', 'koreksi-kabag', 'Ubah paragraf 2'],
      ['persetujuan-komisioner', 'koreksi-sekretaris', 'Tambahkan foto'],
    ]);
  });

  it('refuses decisions that do not fit, without changing anything', () => {
    const { engine } = throughSubkoor('artikel');
    const before = JSON.stringify(engine.state);
    expect(engine.validate(decision('koreksi-sekretaris', 'sekretaris', 'approve'))?.code).toBe(
      'step-not-open',
    );
    expect(engine.validate(decision('koreksi-kabag', 'sekretaris', 'approve'))?.code).toBe('role-not-holder');
    expect(engine.validate(decision('koreksi-kabag', 'kabag-hth', 'complete'))?.code).toBe(
      'decision-not-allowed',
    );
    expect(engine.validate(decision('koreksi-kabag', 'kabag-hth', 'postpone'))?.code).toBe(
      'decision-not-allowed',
    );
    expect(engine.validate(decision('koreksi-kabag', 'kabag-hth', 'send-back'))?.code).toBe(
      'reason-required',
    );
    const used = engine.state.usedKeys[0]!;
    expect(
      engine.validate(decision('koreksi-kabag', 'kabag-hth', 'approve', { idempotencyKey: used }))?.code,
    ).toBe('duplicate-key');
    expect(JSON.stringify(engine.state)).toBe(before);
    expect(engine.validate(decision('koreksi-kabag', 'kabag-hth', 'approve'))).toBeNull();
  });
});

describe("the starter's own first step", () => {
  const def = loadDefinition(seeds.jateng);
  const author = { kind: 'user' as const, id: 'u-author' };

  it('is completed by the starter at the start when they hold it: no task waits for it', () => {
    const input = runInput(def, { contentType: 'berita' });
    const away = { kind: 'user' as const, id: 'u-away' };
    const engine = new Engine({
      ...input,
      startedByRoles: [
        { role: 'pengampu-konsep', onBehalfOf: away },
        { role: 'pengampu-konsep' },
        { role: 'reviewer-lain' },
      ],
    });
    engine.start(MONDAY_9);
    expect(openIds(engine)).toEqual(['validasi']);
    expect(engine.state.history[0]).toMatchObject({
      stepId: 'konsep',
      kind: 'complete',
      actor: author,
      role: 'pengampu-konsep',
      at: MONDAY_9,
      workingMs: 0,
    });
    // Their own role wins over the one they hold as a delegate.
    expect(engine.state.history[0]!.onBehalfOf).toBeUndefined();
    const completed = events(engine, 'step-completed').find((e) => e.data.stepId === 'konsep')!;
    expect(completed.data).toMatchObject({ decision: 'complete', by: author, withinLimit: true });
    // Its opening says so (inboxes never show it open), and still describes the step for reports.
    const opened = events(engine, 'step-opened').map((e) => e.data);
    expect(opened.find((d) => d.stepId === 'konsep')).toMatchObject({
      completedAtOpen: true,
      roles: ['pengampu-konsep'],
      description: expect.any(String),
      timeStandard: expect.any(String),
    });
    expect(opened.find((d) => d.stepId === 'validasi')!.completedAtOpen).toBeUndefined();
    // The step's key is taken: nobody can complete it a second time.
    expect(engine.validate(decision('konsep', 'pengampu-konsep', 'complete'))?.code).toBe('step-not-open');
  });

  it('is completed on behalf of the absent holder when the starter holds it only as a delegate', () => {
    const away = { kind: 'user' as const, id: 'u-away' };
    const engine = new Engine({
      ...runInput(def, { contentType: 'berita' }),
      startedByRoles: [{ role: 'pengampu-konsep', onBehalfOf: away }],
    });
    engine.start(MONDAY_9);
    expect(engine.state.history[0]).toMatchObject({ stepId: 'konsep', actor: author, onBehalfOf: away });
  });

  it('is never a review: nobody approves their own item by submitting it', () => {
    const reviewFirst = compileText(`
key: uji.tinjau-dulu
version: 1
title: Tinjau dulu
timeZone: Asia/Jakarta
roles:
  - { code: editor, name: Editor }
flows:
  item:
    steps:
      - { id: periksa, kind: review, description: Memeriksa, actors: editor }
`);
    const engine = new Engine({ ...runInput(reviewFirst, {}), startedByRoles: [{ role: 'editor' }] });
    engine.start(MONDAY_9);
    expect(openIds(engine)).toEqual(['periksa']);
    expect(engine.state.history).toEqual([]);
  });

  it('stays open for its holders when the starter does not hold it', () => {
    const engine = new Engine({
      ...runInput(def, { contentType: 'berita' }),
      startedByRoles: [{ role: 'web-admin' }],
    });
    engine.start(MONDAY_9);
    expect(openIds(engine)).toEqual(['konsep']);
    expect(engine.state.history).toEqual([]);
    expect(events(engine, 'step-opened')[0]!.data.completedAtOpen).toBeUndefined();
  });
});

describe('Bangka Barat: postpone, then resume weeks later', () => {
  const def = loadDefinition(seeds.babar);

  it('waits without limit while postponed, and the clock does not run', () => {
    const engine = new Engine(runInput(def, { contentType: 'regulasi' }));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('usulan', 'subbagian-pengusul', 'complete'), (t += 10 * MIN));
    act(engine, decision('laporan-kebutuhan', 'subbag-hukum', 'complete'), (t += 10 * MIN));
    act(
      engine,
      decision('pemeriksaan-kebutuhan', 'divisi-pengusul', 'postpone', {
        reason: 'Menunggu tahapan kampanye',
      }),
      (t += 5 * MIN),
    );
    expect(engine.state.status).toBe('postponed');
    expect(engine.nextWakeAt()).toBeUndefined();
    engine.tick(t + 30 * 24 * 60 * MIN);
    expect(events(engine, 'step-breached')).toHaveLength(0);
    expect(engine.view().open[0]).toMatchObject({
      stepId: 'pemeriksaan-kebutuhan',
      postponed: true,
      allowed: ['resume'],
    });

    t += 21 * 24 * 60 * MIN; // three weeks later
    act(
      engine,
      decision('pemeriksaan-kebutuhan', 'ketua', 'resume', { note: 'Tahapan kampanye dimulai' }),
      t,
    );
    expect(engine.state.status).toBe('running');
    expect(engine.state.open[0]).toMatchObject({
      stepId: 'pemeriksaan-kebutuhan',
      attempt: 2,
      cause: { kind: 'resume' },
    });
    act(engine, decision('pemeriksaan-kebutuhan', 'ketua', 'approve'), (t += 10 * MIN));
    act(engine, decision('penelusuran', 'subbag-hukum', 'complete'), (t += 60 * MIN));
    // Step 5 (pengajuan konten) is a handoff to the design team.
    expect(openIds(engine)).toEqual(['desain']);
    act(engine, decision('desain', 'tim-desain-konten', 'complete'), (t += 60 * MIN));
    act(
      engine,
      decision('pemeriksaan-konten', 'sekretaris', 'send-back', { reason: 'Logo salah' }),
      (t += 10 * MIN),
    );
    expect(openIds(engine)).toEqual(['desain']);
    act(engine, decision('desain', 'tim-desain-konten', 'complete'), (t += 60 * MIN));
    act(engine, decision('pemeriksaan-konten', 'divisi-pengusul', 'approve'), (t += 10 * MIN));
    expect(engine.effects.find((e) => e.type === 'publish')).toMatchObject({
      channels: ['social-media', 'website'],
    });
    finishActivities(engine, t);
    expect(engine.state.status).toBe('completed');
    const postponed = engine.state.history.find((h) => h.kind === 'postpone')!;
    expect(postponed.workingMs).toBe(5 * MIN);
  });
});

describe('Mentawai: no time standards', () => {
  it('runs to the end with no timers at all', () => {
    const engine = new Engine(runInput(loadDefinition(seeds.mentawai), { contentType: 'berita' }));
    let t = MONDAY_9;
    engine.start(t);
    const steps: [string, string][] = [
      ['proyeksi', 'penanggung-jawab'],
      ['disposisi-ppid', 'penanggung-jawab'],
      ['disposisi-sekretaris', 'redaktur-pelaksana'],
      ['penugasan', 'tim-peliputan'],
      ['pembuatan-materi', 'tim-pasca-produksi'],
    ];
    for (const [step, role] of steps) {
      expect(engine.nextWakeAt()).toBeUndefined();
      act(engine, decision(step, role, 'complete'), (t += 24 * 60 * MIN));
    }
    act(
      engine,
      decision('verifikasi', 'koordinator-liputan', 'send-back', { reason: 'Perbaiki' }),
      (t += MIN),
    );
    act(engine, decision('pembuatan-materi', 'tim-pasca-produksi', 'complete'), (t += MIN));
    act(engine, decision('verifikasi', 'koordinator-liputan', 'approve'), (t += MIN));
    // Nothing is timed: no step opens with a limit, nothing reminds or breaches, days apart.
    const queued = events(engine);
    const opened = queued.filter((e) => e.name === 'step-opened');
    expect(opened.length).toBeGreaterThanOrEqual(8);
    expect(opened.filter((e) => e.data.dueAt !== undefined || e.data.targetAt !== undefined)).toEqual([]);
    expect(queued.map((e) => e.name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/reminded|breached|escalated/)]),
    );
    finishActivities(engine, t);
    expect(engine.state.status).toBe('completed');
    expect(engine.state.history.every((h) => h.kind !== 'failed')).toBe(true);
  });
});

describe('time standards become reminders and breaches, never failures', () => {
  const def = loadDefinition(fixture('runtime-shapes'));

  it('reminds before the limit, breaches at it, escalates to the named role, and keeps running', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    engine.start(MONDAY_9);
    const open = engine.state.open[0]!;
    expect(open.dueAt).toBe(MONDAY_9 + 2 * MIN);
    expect(open.remindAt).toBe(MONDAY_9 + MIN);
    expect(engine.nextWakeAt()).toBe(MONDAY_9 + MIN);
    engine.effects.length = 0;
    engine.tick(MONDAY_9 + MIN);
    expect(events(engine).map((e) => e.name)).toEqual(['step-reminded']);
    engine.tick(MONDAY_9 + 2 * MIN);
    expect(events(engine).map((e) => e.name)).toEqual(['step-reminded', 'step-breached', 'step-escalated']);
    expect(events(engine, 'step-escalated')[0]!.data).toMatchObject({
      notify: ['sekretaris'],
      stepId: 'tulis',
    });
    expect(engine.state.status).toBe('running');
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + 3 * MIN);
    const completed = events(engine, 'step-completed').find((e) => e.data.stepId === 'tulis')!;
    expect(completed.data).toMatchObject({ breached: true, withinLimit: false });
  });

  it('an extension moves the deadline, is recorded, and is limited', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    engine.start(MONDAY_9);
    expect(engine.validate(decision('tulis', 'penulis', 'extend'))?.code).toBe('reason-required');
    act(
      engine,
      decision('tulis', 'penulis', 'extend', { reason: 'Narasumber belum menjawab' }),
      MONDAY_9 + MIN / 2,
    );
    expect(engine.state.open[0]!.dueAt).toBe(MONDAY_9 + 4 * MIN);
    expect(events(engine, 'step-extended')[0]!.data).toMatchObject({
      extensions: 1,
      reason: 'Narasumber belum menjawab',
    });
    // Extended as often as allowed: the refusal says so (not a generic "not allowed").
    expect(engine.validate(decision('tulis', 'penulis', 'extend', { reason: 'lagi' }))?.code).toBe(
      'extensions-exhausted',
    );
    expect(engine.view().open[0]!.allowed).not.toContain('extend');
  });

  it('parallel branches open at once and join; an optional step can be skipped with a reason', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('tulis', 'penulis', 'complete'), (t += MIN));
    expect(openIds(engine).sort()).toEqual(['siapkan-data', 'telaah', 'telaah-hukum']);
    expect(engine.view().open.find((o) => o.stepId === 'telaah')).toMatchObject({ busy: true, allowed: [] });
    expect(engine.validate(decision('siapkan-data', 'teknis', 'skip'))?.code).toBe('reason-required');
    act(
      engine,
      decision('siapkan-data', 'teknis', 'skip', { reason: 'Data sudah ada di situs' }),
      (t += MIN),
    );
    expect(openIds(engine).sort()).toEqual(['telaah', 'telaah-hukum']);
    act(engine, decision('telaah-hukum', 'hukum', 'complete'), t + MIN);
    expect(openIds(engine)).toEqual(['putusan']);
  });

  it('a deadline across steps is timed like a step and breaches on its own', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    engine.start(MONDAY_9);
    expect(engine.state.deadlines[0]).toMatchObject({
      id: 'selesai-dalam-sehari',
      startedAt: MONDAY_9,
      dueAt: MONDAY_9 + 24 * 60 * MIN,
    });
    engine.tick(MONDAY_9 + 24 * 60 * MIN);
    expect(events(engine, 'deadline-breached')).toHaveLength(1);
    expect(engine.state.deadlines[0]!.breached).toBe(true);
  });

  it('a reject ends the run with the reason; later decisions are refused', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('tulis', 'penulis', 'complete'), (t += MIN));
    act(engine, decision('siapkan-data', 'teknis', 'complete'), (t += MIN));
    act(engine, decision('telaah-hukum', 'hukum', 'complete'), (t += MIN));
    expect(engine.validate(decision('putusan', 'sekretaris', 'reject'))?.code).toBe('reason-required');
    act(engine, decision('putusan', 'sekretaris', 'reject', { reason: 'Tidak layak terbit' }), t + MIN);
    expect(engine.state).toMatchObject({
      status: 'rejected',
      outcome: { kind: 'rejected', reason: 'Tidak layak terbit' },
    });
    expect(engine.validate(decision('putusan', 'sekretaris', 'approve'))?.code).toBe('run-ended');
  });

  it('cancel closes every open step and ends the run', () => {
    const engine = new Engine(runInput(def, { contentType: 'berita' }));
    engine.start(MONDAY_9);
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + MIN);
    expect(
      engine.validateCancel({ actor: { kind: 'user', id: 'x' }, reason: '', idempotencyKey: 'c1' })?.code,
    ).toBe('reason-required');
    engine.cancel(
      { actor: { kind: 'user', id: 'admin' }, reason: 'Duplikat', idempotencyKey: 'c1' },
      MONDAY_9 + 2 * MIN,
    );
    expect(engine.state.status).toBe('cancelled');
    expect(engine.state.open).toHaveLength(0);
    expect(
      engine.state.history
        .filter((h) => h.kind === 'cancelled')
        .map((h) => h.stepId)
        .sort(),
    ).toEqual(['siapkan-data', 'telaah', 'telaah-hukum']);
  });
});

describe('working time', () => {
  it('counts a Palu step of 1 Hari in WITA working days', () => {
    const def = loadDefinition(seeds.palu);
    const input = runInput(def, { contentType: 'berita' });
    const engine = new Engine(input);
    // Friday 27 November 2026, 15:00 WITA (07:00Z): one working day later is Monday 15:00 WITA.
    const friday = Date.parse('2026-11-27T07:00:00Z');
    engine.start(friday);
    expect(new Date(engine.state.open[0]!.dueAt!).toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });
});

describe('a publish step refused by the publishing service', () => {
  it('waits for its holders to retry instead of failing the run', () => {
    const engine = new Engine(runInput(loadDefinition(seeds.jateng), { contentType: 'berita' }));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('konsep', 'pengampu-konsep', 'complete'), (t += MIN));
    act(engine, decision('validasi', 'web-admin', 'complete'), (t += MIN));
    act(engine, decision('koreksi-subkoor', 'subkoor-tekmas', 'approve'), (t += MIN));
    const first = engine.effects.find((e) => e.type === 'publish')!;
    expect(first).toMatchObject({ stepId: 'unggah', attempt: 1, retry: 0 });
    engine.effects.length = 0;
    engine.activityFailed(
      'unggah',
      1,
      { code: 'item-not-found', message: 'Item tidak ditemukan' },
      (t += MIN),
    );
    expect(events(engine, 'step-failed')[0]!.data).toMatchObject({
      stepId: 'unggah',
      roles: ['web-admin'],
      code: 'item-not-found',
    });
    expect(engine.view().open[0]).toMatchObject({ stepId: 'unggah', busy: false, allowed: ['retry'] });
    expect(engine.state.status).toBe('running');
    act(engine, decision('unggah', 'web-admin', 'retry'), (t += MIN));
    expect(engine.effects.find((e) => e.type === 'publish')).toMatchObject({
      stepId: 'unggah',
      attempt: 1,
      retry: 1,
    });
    finishActivities(engine, t + MIN);
    expect(engine.state.status).toBe('completed');
  });
});
