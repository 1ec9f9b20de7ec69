// Regression tests for the runtime defects of issue 12: each failed before its fix.
// Times are in WIB on the default civil-service calendar (Mon–Thu 07:30–16:00,
// Fri 07:30–16:30) unless a test gives its own.
import { defaultOfficeCalendar, type OfficeCalendar } from '@tatalaman/working-time';
import { Engine, OFFICE_ADMIN_ROLE, UnsupportedDefinitionError, type RunInput } from '../src/api';
import {
  act,
  compileText,
  decision,
  events,
  finishActivities,
  loadDefinition,
  runInput,
  seeds,
} from './support';

// Monday 23 November 2026, 09:00 WIB.
const MONDAY_9 = Date.parse('2026-11-23T02:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const header = (roles: string[]) => `
key: uji.aturan
version: 1
title: Uji aturan runtime
timeZone: Asia/Jakarta
roles:
${roles.map((r) => `  - { code: ${r}, name: ${r} }`).join('\n')}
`;

const names = (engine: Engine) => events(engine).map((e) => e.name);
const openIds = (engine: Engine) => engine.state.open.map((o) => o.stepId);

describe('deadlines across steps', () => {
  const def = compileText(`${header(['penulis', 'editor', 'kabag'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis }
      - id: periksa
        kind: review
        description: Memeriksa
        actors: editor
        outcomes: { sendBack: { to: tulis } }
      - { id: serah, kind: handoff, description: Menyerahkan, actors: editor, recipients: kabag }
      - { id: setuju, kind: review, description: Menyetujui, actors: kabag, outcomes: { reject: true } }
deadlines:
  - { id: sampai-periksa, from: tulis, until: periksa, time: 2 jam }
  - { id: sampai-serah, from: tulis, until: serah, time: 3 jam }
`);

  it('a send-back of the `until` step does not end its deadline: the request still breaches its limit', () => {
    const engine = new Engine(runInput(def, {}));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('tulis', 'penulis', 'complete'), (t += 30 * MIN));
    act(engine, decision('periksa', 'editor', 'send-back', { reason: 'Kurang data' }), t + 30 * MIN);
    expect(engine.state.deadlines[0]!.endedAt).toBeUndefined();
    expect(engine.nextWakeAt()).toBe(MONDAY_9 + 2 * HOUR);
    engine.tick(MONDAY_9 + 2 * HOUR);
    expect(events(engine, 'deadline-breached').map((e) => e.data.deadlineId)).toEqual(['sampai-periksa']);
    act(engine, decision('tulis', 'penulis', 'complete'), (t = MONDAY_9 + 3 * HOUR - 10 * MIN));
    act(engine, decision('periksa', 'editor', 'approve'), (t += MIN));
    // Approved for good: it ends there, and the hand-off ends the other one (no false breach later).
    expect(engine.state.deadlines.map((d) => [d.id, d.endedAt])).toEqual([
      ['sampai-periksa', t],
      ['sampai-serah', t],
    ]);
    engine.tick(MONDAY_9 + 10 * HOUR);
    expect(events(engine, 'deadline-breached')).toHaveLength(1);
  });

  it('a deadline that ends at a hand-off ends there and never breaches afterwards', () => {
    const engine = new Engine(runInput(def, {}));
    let t = MONDAY_9;
    engine.start(t);
    act(engine, decision('tulis', 'penulis', 'complete'), (t += 30 * MIN));
    act(engine, decision('periksa', 'editor', 'approve'), (t += 30 * MIN));
    expect(engine.state.deadlines.find((d) => d.id === 'sampai-serah')).toMatchObject({
      endedAt: t,
      breached: false,
    });
    // The review after the hand-off waits past both limits; nothing more is due.
    expect(engine.nextWakeAt()).toBeUndefined();
    engine.tick(t + 24 * HOUR);
    expect(events(engine, 'deadline-breached')).toEqual([]);
  });

  it('a deadline whose `until` step a `join: any` sibling cancels keeps running', () => {
    const d = compileText(`${header(['a', 'b', 'c'])}
flows:
  item:
    steps:
      - id: telaah
        kind: parallel
        description: Telaah
        join: any
        branches:
          - steps: [{ id: cepat, description: Cepat, actors: a }]
          - steps: [{ id: lambat, description: Lambat, actors: b }]
      - { id: putus, description: Memutuskan, actors: c }
deadlines:
  - { id: lambat-selesai, from: telaah, until: lambat, time: 1 jam }
`);
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    act(engine, decision('cepat', 'a', 'complete'), MONDAY_9 + 10 * MIN);
    expect(openIds(engine)).toEqual(['putus']);
    expect(engine.state.deadlines[0]!.endedAt).toBeUndefined();
    engine.tick(MONDAY_9 + HOUR);
    expect(names(engine)).toContain('deadline-breached');
  });

  it('reminds before a deadline when its escalation says remindBefore', () => {
    const d = compileText(`${header(['penulis', 'kabag'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis }
      - { id: periksa, description: Memeriksa, actors: kabag }
deadlines:
  - id: total
    from: tulis
    until: periksa
    time: 2 jam
    escalation: { notify: kabag, remindBefore: 30 menit }
`);
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    expect(engine.nextWakeAt()).toBe(MONDAY_9 + 90 * MIN);
    engine.tick(MONDAY_9 + 90 * MIN);
    const reminded = events(engine, 'deadline-reminded');
    expect(reminded.map((e) => e.data)).toEqual([
      expect.objectContaining({ deadlineId: 'total', roles: ['penulis'], dueAt: '2026-11-23T04:00:00.000Z' }),
    ]);
    engine.tick(MONDAY_9 + 100 * MIN);
    expect(events(engine, 'deadline-reminded')).toHaveLength(1);
  });
});

describe('extendable deadlines across steps (issue 15)', () => {
  // "Answer within 2 working hours, extendable once by 3 working hours with a reason."
  const def = compileText(`${header(['penulis', 'editor'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis }
      - { id: periksa, kind: review, description: Memeriksa, actors: editor, outcomes: { reject: true } }
deadlines:
  - id: jawab
    from: tulis
    until: periksa
    time: 2 jam
    extension: { max: 1, by: 3 jam }
`);
  const extend = (stepId: string, role: string, extra = {}) =>
    decision(stepId, role, 'extend', { deadline: 'jawab', ...extra });

  it('extended once with a reason, its limit moves in working time and the run meets it', () => {
    const engine = new Engine(runInput(def, {}));
    engine.start(MONDAY_9);
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + 30 * MIN);
    expect(engine.validate(extend('periksa', 'editor'))?.code).toBe('reason-required');
    act(engine, extend('periksa', 'editor', { reason: 'Menunggu data KPU RI' }), MONDAY_9 + HOUR);
    expect(engine.state.deadlines[0]).toMatchObject({ extensions: 1, dueAt: MONDAY_9 + 5 * HOUR });
    expect(events(engine, 'deadline-extended').map((e) => e.data)).toEqual([
      expect.objectContaining({
        deadlineId: 'jawab',
        stepId: 'periksa',
        reason: 'Menunggu data KPU RI',
        extensions: 1,
        previousDueAt: '2026-11-23T04:00:00.000Z',
        dueAt: '2026-11-23T07:00:00.000Z',
      }),
    ]);
    expect(engine.state.history.at(-1)).toMatchObject({
      kind: 'extend',
      deadline: 'jawab',
      stepId: 'periksa',
    });
    // The task itself stays open: extending a deadline is not the step's decision.
    expect(openIds(engine)).toEqual(['periksa']);
    expect(engine.nextWakeAt()).toBe(MONDAY_9 + 5 * HOUR);
    engine.tick(MONDAY_9 + 3 * HOUR);
    expect(events(engine, 'deadline-breached')).toEqual([]);
    act(engine, decision('periksa', 'editor', 'approve'), MONDAY_9 + 4 * HOUR);
    expect(engine.view().deadlines).toEqual([
      expect.objectContaining({ id: 'jawab', met: true, breached: false, extensions: 1, maxExtensions: 1 }),
    ]);
    expect(events(engine, 'run-ended')[0]!.data.deadlines).toEqual([
      { id: 'jawab', met: true, breached: false, extensions: 1 },
    ]);
  });

  it('a second extension beyond max is refused as extensions-exhausted; one not running cannot be extended', () => {
    const engine = new Engine(runInput(def, {}));
    engine.start(MONDAY_9);
    act(engine, extend('tulis', 'penulis', { reason: 'Data belum ada' }), MONDAY_9 + 10 * MIN);
    const refused = engine.validate(extend('tulis', 'penulis', { reason: 'Lagi' }));
    expect(refused).toEqual({
      code: 'extensions-exhausted',
      message: {
        id: 'Perpanjangan waktu batas waktu "jawab" sudah habis.',
        en: 'Deadline "jawab" has no extensions left.',
      },
    });
    expect(
      engine.validate(decision('tulis', 'editor', 'extend', { deadline: 'jawab', reason: 'x' }))?.code,
    ).toBe('role-not-holder');
    expect(engine.validate(decision('tulis', 'penulis', 'complete', { deadline: 'jawab' }))?.code).toBe(
      'decision-not-allowed',
    );
    expect(
      engine.validate(decision('tulis', 'penulis', 'extend', { deadline: 'lain', reason: 'x' }))?.code,
    ).toBe('decision-not-allowed');
  });

  it('a calendar change keeps the extension, and a missed extended limit still breaches', () => {
    const engine = new Engine(runInput(def, {}));
    engine.start(MONDAY_9);
    act(engine, extend('tulis', 'penulis', { reason: 'Data belum ada' }), MONDAY_9 + 10 * MIN);
    engine.applyCalendar(
      { calendar: defaultOfficeCalendar('Asia/Jakarta'), version: 2 },
      MONDAY_9 + 20 * MIN,
    );
    expect(engine.state.deadlines[0]!.dueAt).toBe(MONDAY_9 + 5 * HOUR);
    engine.tick(MONDAY_9 + 5 * HOUR);
    expect(events(engine, 'deadline-breached')).toHaveLength(1);
  });
});

describe('failed automatic steps', () => {
  const def = loadDefinition(seeds.mentawai);

  function failedRecap() {
    const engine = new Engine(runInput(def, undefined, 'rekap-bulanan'));
    engine.start(MONDAY_9);
    const work = engine.effects.find((e) => e.type === 'automatic')!;
    expect(work).toMatchObject({ stepId: 'rekap-postingan', action: 'generate-report' });
    engine.effects.length = 0;
    engine.activityFailed('rekap-postingan', 1, { code: 'report-failed', message: 'Gagal' }, MONDAY_9 + MIN);
    return engine;
  }

  it('names who should act (the recipients, when the step has no actors) and lets them retry', () => {
    const engine = failedRecap();
    expect(events(engine, 'step-failed')[0]!.data).toMatchObject({ roles: ['penanggung-jawab'] });
    expect(engine.view().open[0]).toMatchObject({ roles: ['penanggung-jawab'], allowed: ['retry'] });
    act(engine, decision('rekap-postingan', 'penanggung-jawab', 'retry'), MONDAY_9 + 2 * MIN);
    expect(engine.effects.find((e) => e.type === 'automatic')).toMatchObject({ retry: 1 });
  });

  it('an office admin may retry it; the admin role decides nothing else', () => {
    const engine = failedRecap();
    const other = engine.validate(decision('rekap-postingan', OFFICE_ADMIN_ROLE, 'complete'));
    expect(other?.code).toBe('role-not-holder');
    act(engine, decision('rekap-postingan', OFFICE_ADMIN_ROLE, 'retry'), MONDAY_9 + 2 * MIN);
    finishActivities(engine, MONDAY_9 + 3 * MIN, { reportId: 'r-1' });
    expect(engine.state.status).toBe('completed');
    expect(engine.state.history.map((h) => [h.kind, h.role])).toEqual([
      ['failed', undefined],
      ['retry', OFFICE_ADMIN_ROLE],
      ['automatic', undefined],
    ]);
  });

  it('an automatic notify step asks for its recipients to be told', () => {
    const d = compileText(`${header(['penulis', 'kabag'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis }
      - { id: kabari, kind: automatic, description: Memberi tahu Kabag, action: notify, recipients: kabag }
`);
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + MIN);
    expect(engine.effects.find((e) => e.type === 'automatic')).toMatchObject({
      stepId: 'kabari',
      action: 'notify',
      recipients: ['kabag'],
    });
  });
});

describe('smaller defects', () => {
  it('a reject inside a parallel branch closes the other branches: nothing stays open with decisions offered', () => {
    const d = compileText(`${header(['a', 'b', 'c'])}
flows:
  item:
    steps:
      - id: telaah
        kind: parallel
        description: Telaah
        branches:
          - steps: [{ id: nilai, kind: review, description: Menilai, actors: a, outcomes: { reject: true } }]
          - steps: [{ id: data, description: Data, actors: b }]
      - { id: putus, description: Memutuskan, actors: c }
`);
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    act(engine, decision('nilai', 'a', 'reject', { reason: 'Tidak layak' }), MONDAY_9 + MIN);
    expect(engine.state.status).toBe('rejected');
    expect(engine.view().open).toEqual([]);
    expect(
      events(engine, 'step-completed')
        .filter((e) => e.data.decision === 'cancelled')
        .map((e) => [e.data.stepId, e.data.reason]),
    ).toEqual([
      ['telaah', 'run-rejected'],
      ['data', 'run-rejected'],
    ]);
  });

  it('an extension after a breach breaches again at the extended limit', () => {
    const d = compileText(`${header(['penulis', 'kabag'])}
escalation: { notify: kabag }
flows:
  item:
    steps:
      - id: tulis
        description: Menulis
        actors: penulis
        time: 1 jam
        extension: { max: 1, by: 1 jam }
`);
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    engine.tick(MONDAY_9 + HOUR);
    act(engine, decision('tulis', 'penulis', 'extend', { reason: 'Narasumber' }), MONDAY_9 + HOUR + MIN);
    expect(engine.nextWakeAt()).toBe(MONDAY_9 + 2 * HOUR);
    engine.tick(MONDAY_9 + 2 * HOUR);
    expect(events(engine, 'step-breached').map((e) => e.data.dueAt)).toEqual([
      '2026-11-23T03:00:00.000Z',
      '2026-11-23T04:00:00.000Z',
    ]);
    expect(events(engine, 'step-escalated')).toHaveLength(2);
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + 3 * HOUR);
    expect(events(engine, 'step-completed')[0]!.data).toMatchObject({ breached: true, withinLimit: false });
  });

  it('a busy publish step is reminded and breached like any timed step', () => {
    const engine = new Engine(runInput(loadDefinition(seeds.palu), { contentType: 'berita' }));
    let t = MONDAY_9;
    engine.start(t);
    for (const [step, role] of [
      ['disposisi', 'kasubbag-datin'],
      ['pengumpulan', 'pelaksana-datin'],
      ['penyuntingan', 'admin-website'],
      ['penyaringan', 'kasubbag-datin'],
    ])
      act(engine, decision(step!, role!, step === 'penyaringan' ? 'approve' : 'complete'), (t += MIN));
    const publish = engine.state.open[0]!;
    expect(publish).toMatchObject({ stepId: 'unggah', busy: true });
    // The publishing service is down; its activity keeps retrying. The time standard still runs.
    expect(engine.nextWakeAt()).toBe(publish.remindAt);
    engine.tick(publish.dueAt!);
    expect(names(engine)).toEqual(expect.arrayContaining(['step-reminded', 'step-breached']));
  });

  it('"kalender" in an extension and a reminder is calendar time even when the step counts working time', () => {
    const d = compileText(`${header(['penulis'])}
flows:
  item:
    steps:
      - id: tulis
        description: Menulis
        actors: penulis
        time: 1 jam
        extension: { max: 1, by: 1 hari kalender }
        escalation: { notify: penulis, remindBefore: 2 jam kalender }
`);
    // Friday 27 November 2026, 15:00 WIB: the limit is 16:00.
    const friday = Date.parse('2026-11-27T08:00:00Z');
    const engine = new Engine(runInput(d, {}));
    engine.start(friday);
    const open = engine.state.open[0]!;
    expect(new Date(open.dueAt!).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    // Two calendar hours before 16:00 is 14:00, already past: no reminder (working time would give Thursday).
    expect(open.remindAt).toBeUndefined();
    act(engine, decision('tulis', 'penulis', 'extend', { reason: 'x' }), friday + MIN);
    // One calendar day: Saturday 16:00, not Monday 16:00.
    expect(new Date(engine.state.open[0]!.dueAt!).toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });

  it('refuses a definition in a compiled format it does not know', () => {
    const def = {
      ...loadDefinition(seeds.jateng),
      format: 'tatalaman.sop/2',
    } as unknown as RunInput['definition'];
    expect(() => new Engine(runInput(def, { contentType: 'berita' }))).toThrow(UnsupportedDefinitionError);
  });

  it('a loop of hand-offs (a definition the validator refuses) stops with a clear error, not a stack overflow', () => {
    const d = compileText(`${header(['a', 'b'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: a }
      - { id: h1, kind: handoff, description: Serah, actors: a, recipients: b }
      - { id: h2, kind: handoff, description: Balik, actors: b, recipients: a }
`);
    d.flows.item!.steps.h2!.next = [{ when: null, to: 'h1' }];
    const engine = new Engine(runInput(d, {}));
    engine.start(MONDAY_9);
    expect(() => act(engine, decision('tulis', 'a', 'complete'), MONDAY_9 + MIN)).toThrow(
      /loop of hand-offs/,
    );
  });
});

describe('a newer office calendar', () => {
  const def = compileText(`${header(['penulis', 'kabag'])}
escalation: { notify: kabag, remindBefore: 1 jam }
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis, time: 1 hari }
      - { id: periksa, description: Memeriksa, actors: kabag, time: 2 hari }
deadlines:
  - { id: total, from: tulis, until: periksa, time: 3 hari }
`);
  const base = (holidays: string[] = []): OfficeCalendar =>
    defaultOfficeCalendar(
      'Asia/Jakarta',
      holidays.map((date) => ({ date, name: 'Cuti bersama', kind: 'cuti-bersama' as const })),
    );
  const input = (): RunInput => ({
    ...runInput(def, {}),
    office: { code: 'kpu-uji', calendar: base(), calendarVersion: 1, calendarUntil: '2027-12-31' },
  });

  it('moves the open limits and deadlines that have not fired, from when they started', () => {
    const engine = new Engine(input());
    engine.start(MONDAY_9);
    expect(new Date(engine.state.open[0]!.dueAt!).toISOString()).toBe('2026-11-24T02:00:00.000Z');
    engine.effects.length = 0;
    // Tuesday 24 November is decreed cuti bersama after the run started.
    const update = { calendar: base(['2026-11-24']), version: 2, until: '2027-12-31' };
    expect(engine.validateCalendar(update)).toBeNull();
    engine.applyCalendar(update, MONDAY_9 + HOUR);
    expect(new Date(engine.state.open[0]!.dueAt!).toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(new Date(engine.state.deadlines[0]!.dueAt!).toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(events(engine, 'step-rescheduled')[0]!.data).toMatchObject({
      stepId: 'tulis',
      previousDueAt: '2026-11-24T02:00:00.000Z',
      dueAt: '2026-11-25T02:00:00.000Z',
      calendarVersion: 2,
    });
    expect(engine.view().calendar).toEqual({ version: 2, until: '2027-12-31' });
    // The same version again, or an older one, changes nothing.
    expect(engine.validateCalendar(update)?.code).toBe('calendar-not-newer');
    expect(engine.validateCalendar({ ...update, version: 1 })?.code).toBe('calendar-not-newer');
    // A refresh of the same version that reaches further is taken.
    expect(engine.validateCalendar({ ...update, until: '2028-12-31' })).toBeNull();
  });

  it('keeps what already fired: a breached step is not un-breached', () => {
    const engine = new Engine(input());
    engine.start(MONDAY_9);
    engine.tick(Date.parse('2026-11-24T02:00:00Z'));
    expect(engine.state.open[0]!.breached).toBe(true);
    engine.effects.length = 0;
    engine.applyCalendar({ calendar: base(['2026-11-24']), version: 2 }, Date.parse('2026-11-24T03:00:00Z'));
    expect(engine.state.open[0]).toMatchObject({ breached: true, dueAt: Date.parse('2026-11-24T02:00:00Z') });
    expect(events(engine, 'step-rescheduled')).toEqual([]);
    // Working time now counts the new calendar: the holiday is not working time.
    act(engine, decision('tulis', 'penulis', 'complete'), Date.parse('2026-11-25T01:00:00Z'));
    const done = events(engine, 'step-completed')[0]!.data;
    // Monday 09:00–16:00 and Wednesday 07:30–08:00; Tuesday is cuti bersama.
    expect(done.workingMs).toBe(7.5 * HOUR);
  });

  it('refuses an invalid calendar', () => {
    const engine = new Engine(input());
    engine.start(MONDAY_9);
    const broken = {
      ...base(),
      workingHours: { ...base().workingHours, 1: [{ start: '17:00', end: '08:00' }] },
    };
    expect(engine.validateCalendar({ calendar: broken, version: 9 })?.code).toBe('invalid-calendar');
    engine.cancel(
      { actor: { kind: 'user', id: 'admin' }, reason: 'Batal', idempotencyKey: 'c' },
      MONDAY_9 + HOUR,
    );
    expect(engine.validateCalendar({ calendar: base(), version: 9 })?.code).toBe('run-ended');
  });
});

describe('continue-as-new', () => {
  it('a carried run asks again for the work of its busy platform steps (same idempotency keys)', () => {
    const engine = new Engine(runInput(loadDefinition(seeds.mentawai), undefined, 'rekap-bulanan'));
    engine.start(MONDAY_9);
    const first = engine.effects.find((e) => e.type === 'automatic')!;
    const carried = new Engine({ ...engine.input, carried: JSON.parse(JSON.stringify(engine.state)) });
    expect(carried.effects).toEqual([]);
    carried.resumeWork();
    expect(carried.effects).toEqual([first]);
    finishActivities(carried, MONDAY_9 + MIN);
    expect(carried.state.status).toBe('completed');
  });
});

describe('legacy rules (runs recorded before the fixes replay unchanged)', () => {
  it('keep the old deadline and timer behaviour', () => {
    const d = compileText(`${header(['penulis', 'editor'])}
flows:
  item:
    steps:
      - { id: tulis, description: Menulis, actors: penulis }
      - id: periksa
        kind: review
        description: Memeriksa
        actors: editor
        outcomes: { sendBack: { to: tulis } }
deadlines:
  - { id: total, from: tulis, until: periksa, time: 2 jam }
`);
    const engine = new Engine(runInput(d, {}), { legacy: true });
    engine.start(MONDAY_9);
    act(engine, decision('tulis', 'penulis', 'complete'), MONDAY_9 + MIN);
    act(engine, decision('periksa', 'editor', 'send-back', { reason: 'x' }), MONDAY_9 + 2 * MIN);
    expect(engine.state.deadlines[0]!.endedAt).toBe(MONDAY_9 + 2 * MIN);
  });
});
