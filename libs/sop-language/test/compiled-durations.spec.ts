// Extensions and reminders say whether they count calendar or working time ("2 hari
// kalender", "30 menit kerja"); the compiled form keeps that, so the interpreter can
// honour it (issue 12: it used to be dropped).
import { parseSopDefinition } from '../src';

const definition = (extension: string, remind: string) => `
key: contoh.uji
version: 1
title: Uji
timeZone: Asia/Jakarta
roles:
  - { code: penulis, name: Penulis }
  - { code: kabag, name: Kabag }
escalation: { notify: kabag, remindBefore: 1 jam kalender }
flows:
  item:
    steps:
      - id: tulis
        description: Menulis konsep
        actors: penulis
        time: 2 hari
        extension: { max: 1, by: ${extension} }
        escalation: { notify: kabag, remindBefore: ${remind} }
      - id: periksa
        description: Memeriksa
        actors: kabag
        time: 1 hari
deadlines:
  - id: total
    from: tulis
    until: periksa
    time: 5 hari
    escalation: { notify: kabag, remindBefore: 1 hari kerja }
`;

function compile(extension: string, remind: string) {
  const r = parseSopDefinition(definition(extension, remind));
  if (!r.definition) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

it('keeps "kalender" and "kerja" of an extension and a reminder, and null when they say neither', () => {
  const a = compile('2 hari kalender', '30 menit kerja');
  const tulis = a.flows.item!.steps.tulis!;
  expect(tulis.extension).toMatchObject({ by: { amount: 2, unit: 'day' }, calendar: true });
  expect(tulis.escalation).toMatchObject({
    remindBefore: { amount: 30, unit: 'minute' },
    remindCalendar: false,
  });
  // The default escalation (used by `periksa`) and the deadline's own.
  expect(a.flows.item!.steps.periksa!.escalation).toMatchObject({ remindCalendar: true });
  expect(a.deadlines[0]!.escalation).toMatchObject({ remindCalendar: false });

  const b = compile('1 hari', '2 jam');
  expect(b.flows.item!.steps.tulis!.extension!.calendar).toBeNull();
  expect(b.flows.item!.steps.tulis!.escalation!.remindCalendar).toBeNull();
});
