// Every message the validator shows, in Bahasa Indonesia (first) and English.
// Written for office admins: say what is wrong, where, and what to write instead.
import type { LocalizedText } from './types';

export interface Problem {
  code: string;
  message: LocalizedText;
}

/** Quotes a value for a message, shortened so one bad value cannot flood the output. */
export function q(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value === null || value === undefined) s = String(value);
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  s = s.replace(/\s+/g, ' ');
  if (s.length > 60) s = `${s.slice(0, 57)}...`;
  return `'${s}'`;
}

const list = (values: readonly string[], max = 12): string => {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, …` : shown;
};

const p = (code: string, id: string, en: string): Problem => ({ code, message: { id, en } });

const TYPE_NAMES: Record<string, LocalizedText> = {
  string: { id: 'teks', en: 'text' },
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'true atau false', en: 'true or false' },
  object: { id: 'pemetaan (kunci: nilai)', en: 'a mapping (key: value)' },
  array: { id: 'daftar', en: 'a list' },
  null: { id: 'kosong (null)', en: 'empty (null)' },
};

export function typeName(t: string): LocalizedText {
  return TYPE_NAMES[t] ?? { id: t, en: t };
}

const UNSUPPORTED_UNIT: Record<'month' | 'year' | 'second', LocalizedText> = {
  month: { id: 'bulan', en: 'months' },
  year: { id: 'tahun', en: 'years' },
  second: { id: 'detik', en: 'seconds' },
};

const FORMATS: Record<string, LocalizedText> = {
  '@slug': {
    id: 'hanya huruf kecil, angka dan tanda hubung, diawali huruf (mis. web-admin)',
    en: 'lowercase letters, digits and hyphens only, starting with a letter (e.g. web-admin)',
  },
  '@key': {
    id: 'huruf kecil, angka, tanda hubung dan titik (mis. kpu-kota-palu.penataan-website)',
    en: 'lowercase letters, digits, hyphens and dots (e.g. kpu-kota-palu.penataan-website)',
  },
  '@date': {
    id: 'tanggal ISO: TTTT-BB-HH, atau TTTT-BB bila hanya bulannya yang diketahui (mis. 2022-01-23, 2019-10)',
    en: 'an ISO date: YYYY-MM-DD, or YYYY-MM when only the month is known (e.g. 2022-01-23, 2019-10)',
  },
  '@clock': { id: 'jam JJ:MM (mis. 08:00)', en: 'a time of day HH:MM (e.g. 08:00)' },
  '@sha256': {
    id: '64 karakter heksadesimal (SHA-256)',
    en: '64 hexadecimal characters (SHA-256)',
  },
  '@blank': { id: 'teks yang tidak kosong', en: 'non-empty text' },
  '@fieldKey': {
    id: 'kunci isian: huruf, angka dan tanda hubung, diawali huruf, paling banyak 64 karakter (mis. namaPemohon)',
    en: 'a field key: letters, digits and hyphens, starting with a letter, at most 64 characters (e.g. applicantName)',
  },
  '@mediaType': { id: 'jenis media seperti application/pdf', en: 'a media type such as application/pdf' },
  '@nip': { id: 'NIP (angka dan spasi)', en: 'an NIP (digits and spaces)' },
};

export function formatName(key: string): LocalizedText | undefined {
  return FORMATS[key];
}

const UNIONS: Record<string, LocalizedText> = {
  '@union.time': {
    id: "standar waktu berupa teks (mis. '60 menit', '1-3 jam') atau pemetaan { min, max, calendar }",
    en: "a time standard as text (e.g. '60 minutes', '1-3 hours') or a mapping { min, max, calendar }",
  },
  '@union.roles': {
    id: 'kode peran atau daftar kode peran',
    en: 'a role code or a list of role codes',
  },
  '@union.next': {
    id: "ID langkah, 'end', atau daftar cabang { when, to }",
    en: "a step id, 'end', or a list of branches { when, to }",
  },
  '@union.codes': { id: 'kode atau daftar kode', en: 'a code or a list of codes' },
  '@union.contentType': {
    id: 'kode jenis konten atau pemetaan { code, name }',
    en: 'a content type code or a mapping { code, name }',
  },
  '@union.day': { id: "tanggal 1-28 atau 'last'", en: "a day 1-28 or 'last'" },
  '@union.amount': { id: "angka atau teks (mis. '1 jam')", en: "a number or text (e.g. '1 hour')" },
  '@union.date': { id: 'tanggal ISO atau null', en: 'an ISO date or null' },
};

export function unionName(key: string): LocalizedText | undefined {
  return UNIONS[key];
}

export const M = {
  // --- source and YAML ---
  sourceTooLarge: (bytes: number, max: number) =>
    p(
      'limit.source-size',
      `Berkas terlalu besar: ${bytes} bita; batasnya ${max} bita.`,
      `The file is too large: ${bytes} bytes; the limit is ${max} bytes.`,
    ),
  sourceEmpty: () =>
    p(
      'yaml.empty',
      'Berkas kosong: tidak ada definisi SOP di dalamnya.',
      'The file is empty: it holds no SOP definition.',
    ),
  notText: () =>
    p(
      'yaml.not-text',
      'Isi definisi harus berupa teks YAML atau JSON.',
      'A definition must be YAML or JSON text.',
    ),
  binary: () =>
    p(
      'yaml.binary',
      'Berkas berisi karakter kendali (bukan teks YAML/JSON biasa).',
      'The file contains control characters (it is not plain YAML/JSON text).',
    ),
  yamlSyntax: (what: LocalizedText) =>
    p(
      'yaml.syntax',
      `YAML/JSON tidak dapat dibaca: ${what.id}.`,
      `The YAML/JSON cannot be read: ${what.en}.`,
    ),
  yamlDuplicateKey: (key: string) =>
    p(
      'yaml.duplicate-key',
      `Kunci ${q(key)} ditulis dua kali dalam pemetaan yang sama.`,
      `The key ${q(key)} appears twice in the same mapping.`,
    ),
  yamlMultiDocument: () =>
    p(
      'yaml.multi-document',
      "Berkas berisi lebih dari satu dokumen YAML ('---'); satu berkas hanya boleh berisi satu definisi.",
      "The file holds more than one YAML document ('---'); a file holds exactly one definition.",
    ),
  yamlWarning: (what: string) => p('yaml.warning', `Peringatan YAML: ${what}.`, `YAML warning: ${what}.`),
  notMapping: () =>
    p(
      'schema.type',
      'Definisi harus berupa pemetaan (kunci: nilai) dengan key, version, title, roles dan flows.',
      'A definition must be a mapping (key: value) with key, version, title, roles and flows.',
    ),
  tooDeep: (max: number) =>
    p(
      'limit.depth',
      `Dokumen bersarang terlalu dalam (lebih dari ${max} tingkat).`,
      `The document is nested too deeply (more than ${max} levels).`,
    ),
  tooManyNodes: (max: number) =>
    p(
      'limit.nodes',
      `Dokumen terlalu rumit (lebih dari ${max} unsur).`,
      `The document is too complex (more than ${max} elements).`,
    ),
  tooManyAliases: (max: number) =>
    p(
      'limit.aliases',
      `Terlalu banyak alias YAML (*nama); batasnya ${max}.`,
      `Too many YAML aliases (*name); the limit is ${max}.`,
    ),
  tooManyDiagnostics: (shown: number, total: number) =>
    p(
      'limit.diagnostics',
      `Ditampilkan ${shown} dari ${total} kesalahan; perbaiki yang di atas lalu periksa lagi.`,
      `Showing ${shown} of ${total} errors; fix those above and validate again.`,
    ),
  internal: (detail: string) =>
    p(
      'internal',
      `Pemeriksaan gagal karena kesalahan internal (${detail}). Laporkan kepada admin platform.`,
      `Validation failed with an internal error (${detail}). Please report it to the platform admins.`,
    ),

  // --- shape ---
  required: (field: string) =>
    p('schema.required', `Isian ${q(field)} wajib ada.`, `The field ${q(field)} is required.`),
  wrongType: (field: string, expected: LocalizedText, got: LocalizedText) =>
    p(
      'schema.type',
      `${q(field)} harus berupa ${expected.id}, bukan ${got.id}.`,
      `${q(field)} must be ${expected.en}, not ${got.en}.`,
    ),
  wrongShape: (field: string, expected: LocalizedText) =>
    p('schema.type', `${q(field)} harus berupa ${expected.id}.`, `${q(field)} must be ${expected.en}.`),
  unknownKey: (key: string, suggestion: string | undefined) =>
    p(
      'schema.unknown-key',
      `Kunci ${q(key)} tidak dikenal di sini.${suggestion ? ` Maksud Anda ${q(suggestion)}?` : ''}`,
      `Unknown key ${q(key)} here.${suggestion ? ` Did you mean ${q(suggestion)}?` : ''}`,
    ),
  badFormat: (field: string, value: unknown, format: LocalizedText) =>
    p(
      'schema.format',
      `${q(field)} tidak sesuai format: ${q(value)}; tulis ${format.id}.`,
      `${q(field)} has the wrong format: ${q(value)}; write ${format.en}.`,
    ),
  badEnum: (field: string, value: unknown, options: readonly string[]) =>
    p(
      'schema.enum',
      `Nilai ${q(value)} tidak dikenal untuk ${q(field)}; pilihan: ${list(options)}.`,
      `Unknown value ${q(value)} for ${q(field)}; choose one of: ${list(options)}.`,
    ),
  mustBeTrue: (field: string) =>
    p('schema.enum', `${q(field)} hanya boleh bernilai true.`, `${q(field)} can only be true.`),
  textTooLong: (field: string, max: number, actual: number) =>
    p(
      'limit.text-length',
      `Teks ${q(field)} terlalu panjang: ${actual} karakter; batasnya ${max}.`,
      `The text ${q(field)} is too long: ${actual} characters; the limit is ${max}.`,
    ),
  emptyText: (field: string) =>
    p('schema.empty', `${q(field)} tidak boleh kosong.`, `${q(field)} must not be empty.`),
  tooMany: (field: string, max: number, actual: number) =>
    p(
      'limit.count',
      `Daftar ${q(field)} terlalu panjang: ${actual} butir; batasnya ${max}.`,
      `The list ${q(field)} is too long: ${actual} items; the limit is ${max}.`,
    ),
  tooFew: (field: string, min: number) =>
    p(
      'schema.too-few',
      `Daftar ${q(field)} harus berisi paling sedikit ${min} butir.`,
      `The list ${q(field)} must have at least ${min} item${min === 1 ? '' : 's'}.`,
    ),
  outOfRange: (field: string, value: unknown, min: number | undefined, max: number | undefined) =>
    p(
      'schema.range',
      `${q(field)} bernilai ${q(value)}; harus ${rangeText(min, max, 'id')}.`,
      `${q(field)} is ${q(value)}; it must be ${rangeText(min, max, 'en')}.`,
    ),
  notInteger: (field: string, value: unknown) =>
    p(
      'schema.type',
      `${q(field)} harus berupa bilangan bulat, bukan ${q(value)}.`,
      `${q(field)} must be a whole number, not ${q(value)}.`,
    ),
  invalid: (field: string, detail: string) =>
    p('schema.invalid', `${q(field)} tidak valid (${detail}).`, `${q(field)} is not valid (${detail}).`),

  // --- time standards ---
  timeUnparseable: (text: string) =>
    p(
      'time.unparseable',
      `Standar waktu ${q(text)} tidak dapat dibaca. Tulis misalnya '60 menit', '1 hari', '1-3 jam' atau '2 hari kalender'.`,
      `The time standard ${q(text)} cannot be read. Write e.g. '60 minutes', '1 day', '1-3 hours' or '2 calendar days'.`,
    ),
  timeMissingUnit: (text: string) =>
    p(
      'time.unparseable',
      `Standar waktu ${q(text)} tidak menyebut satuan; tambahkan menit, jam, hari atau minggu.`,
      `The time standard ${q(text)} has no unit; add minutes, hours, days or weeks.`,
    ),
  timeUnsupportedUnit: (text: string, unit: 'month' | 'year' | 'second') =>
    p(
      'time.unsupported-unit',
      `Satuan ${UNSUPPORTED_UNIT[unit].id} dalam ${q(text)} tidak didukung; pakai menit, jam, hari atau minggu (mis. '4 minggu').`,
      `The unit ${UNSUPPORTED_UNIT[unit].en} in ${q(text)} is not supported; use minutes, hours, days or weeks (e.g. '4 weeks').`,
    ),
  timeMixedUnits: (text: string) =>
    p(
      'time.mixed-units',
      `Rentang waktu ${q(text)} memakai dua satuan; tulis kedua nilai dalam satuan yang sama (mis. '30-120 menit').`,
      `The time range ${q(text)} mixes two units; write both values in one unit (e.g. '30-120 minutes').`,
    ),
  timeRangeOrder: (text: string, min: number, max: number) =>
    p(
      'time.range-order',
      `Rentang waktu ${q(text)} terbalik: nilai awal (${min}) lebih besar dari nilai akhir (${max}).`,
      `The time range ${q(text)} is reversed: the first value (${min}) is greater than the last (${max}).`,
    ),
  timeZero: (text: string) =>
    p(
      'time.zero',
      `Standar waktu ${q(text)} harus lebih dari nol.`,
      `The time standard ${q(text)} must be greater than zero.`,
    ),
  timeTooLong: (text: string) =>
    p(
      'time.too-long',
      `Standar waktu ${q(text)} terlalu panjang; batasnya satu tahun.`,
      `The time standard ${q(text)} is too long; the limit is one year.`,
    ),
  durationNoRange: (text: string) =>
    p(
      'time.range-not-allowed',
      `Di sini hanya boleh satu lama waktu, bukan rentang: ${q(text)}.`,
      `Only a single duration is allowed here, not a range: ${q(text)}.`,
    ),
  timeObjectUnit: (which: 'min' | 'max', unit: string | undefined) =>
    p(
      'time.unparseable',
      unit === undefined
        ? `${which} ditulis sebagai angka, maka 'unit' (menit, jam, hari atau minggu) wajib ada.`
        : `Satuan ${q(unit)} tidak dikenal; pakai menit, jam, hari atau minggu.`,
      unit === undefined
        ? `${which} is a number, so 'unit' (minutes, hours, days or weeks) is required.`
        : `Unknown unit ${q(unit)}; use minutes, hours, days or weeks.`,
    ),

  // --- roles, steps, flows ---
  roleDuplicate: (code: string, firstPath: string) =>
    p(
      'role.duplicate',
      `Kode peran ${q(code)} sudah dipakai di ${firstPath}.`,
      `The role code ${q(code)} is already used at ${firstPath}.`,
    ),
  roleUnknown: (code: string, known: readonly string[]) =>
    p(
      'role.unknown',
      `Peran ${q(code)} tidak ada di daftar roles. Peran yang ada: ${list(known)}.`,
      `The role ${q(code)} is not in the roles list. Known roles: ${list(known)}.`,
    ),
  stepDuplicate: (id: string, firstPath: string) =>
    p(
      'step.duplicate',
      `ID langkah ${q(id)} sudah dipakai di ${firstPath}.`,
      `The step id ${q(id)} is already used at ${firstPath}.`,
    ),
  stepReservedId: (id: string) =>
    p(
      'step.reserved-id',
      `${q(id)} tidak boleh dipakai sebagai ID langkah karena sudah bermakna khusus.`,
      `${q(id)} cannot be a step id: it has a special meaning.`,
    ),
  stepUnknown: (id: string, flow: string) =>
    p(
      'step.unknown',
      `Langkah ${q(id)} tidak ada di alur ${q(flow)}.`,
      `There is no step ${q(id)} in the flow ${q(flow)}.`,
    ),
  stepUnknownInDefinition: (id: string) =>
    p(
      'step.unknown',
      `Langkah ${q(id)} tidak ada di definisi ini.`,
      `There is no step ${q(id)} in this definition.`,
    ),
  stepOtherFlow: (id: string, otherFlow: string, flow: string) =>
    p(
      'step.other-flow',
      `Langkah ${q(id)} ada di alur ${q(otherFlow)}; di sini hanya boleh merujuk langkah di alur ${q(flow)}.`,
      `The step ${q(id)} belongs to the flow ${q(otherFlow)}; only steps of the flow ${q(flow)} can be referenced here.`,
    ),
  stepOutsideBranch: (id: string) =>
    p(
      'parallel.crosses-branch',
      `Langkah ${q(id)} berada di luar cabang ini; di dalam cabang paralel, perpindahan hanya boleh ke langkah di cabang yang sama.`,
      `The step ${q(id)} is outside this branch; inside a parallel branch, transitions may only go to steps of the same branch.`,
    ),
  stepUnreachable: (id: string, number: number) =>
    p(
      'step.unreachable',
      `Langkah ${q(id)} (no. ${number}) tidak pernah tercapai dari langkah pertama alurnya.`,
      `The step ${q(id)} (no. ${number}) can never be reached from the first step of its flow.`,
    ),
  loopNoExit: (ids: readonly string[]) =>
    p(
      'flow.loop-no-exit',
      `Langkah ${list(ids.map(q))} membentuk putaran tanpa jalan keluar: tidak satu pun dapat meninggalkan putaran itu.`,
      `The steps ${list(ids.map(q))} form a loop with no way out: none of them can leave it.`,
    ),
  instantLoop: (ids: readonly string[]) =>
    p(
      'flow.instant-loop',
      `Langkah ${list(ids.map(q))} membentuk putaran yang seluruhnya dikerjakan platform seketika (serah terima): bila syaratnya terpenuhi, proses berputar tanpa henti. Sisipkan langkah yang dikerjakan orang, atau hapus putaran itu.`,
      `The steps ${list(ids.map(q))} form a loop the platform does entirely at once (hand-offs): when its conditions hold, the run would go round forever. Put a step people do in the loop, or remove it.`,
    ),
  noEnd: (flow: string) =>
    p(
      'flow.no-end',
      `Alur ${q(flow)} tidak pernah selesai: tidak ada jalur dari langkah pertama sampai akhir.`,
      `The flow ${q(flow)} never ends: no path leads from its first step to the end.`,
    ),
  branchNoEnd: (parent: string, index: number) =>
    p(
      'flow.no-end',
      `Cabang ke-${index + 1} dari langkah paralel ${q(parent)} tidak pernah selesai.`,
      `Branch ${index + 1} of the parallel step ${q(parent)} never finishes.`,
    ),
  endInBranch: () =>
    p(
      'parallel.end-in-branch',
      "'end' tidak boleh dipakai di dalam cabang paralel; cabang selesai setelah langkah terakhirnya.",
      "'end' cannot be used inside a parallel branch; a branch finishes after its last step.",
    ),
  nestedParallel: () =>
    p(
      'parallel.nested',
      'Langkah paralel di dalam cabang paralel tidak didukung.',
      'A parallel step inside a parallel branch is not supported.',
    ),
  flowIdFormat: (id: string) =>
    p(
      'schema.format',
      `Nama alur ${q(id)} tidak sesuai format; tulis huruf kecil, angka dan tanda hubung (mis. evaluasi-bulanan).`,
      `The flow name ${q(id)} has the wrong format; use lowercase letters, digits and hyphens (e.g. monthly-evaluation).`,
    ),
  tooManySteps: (actual: number, max: number) =>
    p(
      'limit.steps',
      `Definisi berisi ${actual} langkah; batasnya ${max}.`,
      `The definition has ${actual} steps; the limit is ${max}.`,
    ),
  tooManyFlows: (actual: number, max: number) =>
    p(
      'limit.flows',
      `Definisi berisi ${actual} alur; batasnya ${max}.`,
      `The definition has ${actual} flows; the limit is ${max}.`,
    ),
  stepNumberDuplicate: (n: number, firstId: string) =>
    p(
      'step.number-duplicate',
      `Nomor langkah ${n} sudah dipakai oleh langkah ${q(firstId)} di alur yang sama.`,
      `Step number ${n} is already used by the step ${q(firstId)} in the same flow.`,
    ),

  // --- step kinds ---
  fieldNotForKind: (field: string, kinds: readonly string[]) =>
    p(
      'step.field-not-allowed',
      `${q(field)} hanya berlaku untuk langkah dengan kind: ${kinds.join(' atau ')}.`,
      `${q(field)} only applies to steps of kind: ${kinds.join(' or ')}.`,
    ),
  fieldRequiredForKind: (field: string, kind: string) =>
    p(
      'step.field-required',
      `Langkah dengan kind: ${kind} wajib mengisi ${q(field)}.`,
      `A step of kind: ${kind} needs ${q(field)}.`,
    ),
  endAndNext: () =>
    p(
      'step.end-and-next',
      "Langkah tidak boleh memakai 'end: true' bersama 'next'; pilih salah satu.",
      "A step cannot have both 'end: true' and 'next'; choose one.",
    ),
  fallbackNotLast: () =>
    p(
      'next.fallback-not-last',
      "Cabang tanpa 'when' harus ditaruh paling akhir; cabang sesudahnya tidak akan pernah dipakai.",
      "A branch without 'when' must come last; the branches after it would never be used.",
    ),
  conditionEmpty: () =>
    p(
      'condition.empty',
      "Syarat 'when' kosong; hapus 'when' bila cabang ini berlaku untuk semua konten.",
      "The condition 'when' is empty; remove 'when' if this branch applies to every item.",
    ),
  conditionTooDeep: (max: number) =>
    p(
      'condition.too-deep',
      `Syarat bersarang terlalu dalam (lebih dari ${max} tingkat all/any/not).`,
      `The condition is nested too deeply (more than ${max} levels of all/any/not).`,
    ),
  unknownContentType: (code: string, known: readonly string[]) =>
    p(
      'condition.unknown-content-type',
      `Jenis konten ${q(code)} tidak ada di contentTypes definisi ini (${list(known)}); syarat ini tidak akan pernah cocok.`,
      `The content type ${q(code)} is not in this definition's contentTypes (${list(known)}); the condition will never match.`,
    ),
  contentFieldDuplicate: (key: string, first: string) =>
    p(
      'content-field.duplicate',
      `Isian ${q(key)} sudah dideklarasikan di ${first}.`,
      `The field ${q(key)} is already declared at ${first}.`,
    ),
  contentFieldUnknown: (type: string, key: string, known: readonly string[]) =>
    p(
      'content-field.unknown',
      `Jenis konten standar ${q(type)} tidak punya isian ${q(key)}; isiannya: ${list(known)}.`,
      `The standard content type ${q(type)} has no field ${q(key)}; its fields are: ${list(known)}.`,
    ),
  contentTypeDuplicate: (code: string) =>
    p(
      'content-type.duplicate',
      `Jenis konten ${q(code)} ditulis dua kali.`,
      `The content type ${q(code)} is listed twice.`,
    ),
  unknownChannel: (code: string, known: readonly string[]) =>
    p(
      'channel.unknown',
      `Kanal ${q(code)} belum dikenal layanan publikasi (yang dikenal: ${list(known)}).`,
      `The channel ${q(code)} is not known to the publishing service (known: ${list(known)}).`,
    ),
  unknownReport: (code: string, known: readonly string[]) =>
    p(
      'report.unknown',
      `Kode laporan ${q(code)} belum dikenal layanan pelaporan (yang dikenal: ${list(known)}).`,
      `The report code ${q(code)} is not known to the reporting service (known: ${list(known)}).`,
    ),
  unknownAction: (code: string, known: readonly string[]) =>
    p(
      'action.unknown',
      `Tindakan otomatis ${q(code)} tidak dikenal; pilihan: ${list(known)}.`,
      `Unknown automatic action ${q(code)}; choose one of: ${list(known)}.`,
    ),
  reportNeeded: () =>
    p(
      'step.field-required',
      "Tindakan 'generate-report' wajib menyebut 'report' (kode laporan).",
      "The action 'generate-report' needs 'report' (a report code).",
    ),
  notifyNeedsRecipients: () =>
    p(
      'step.field-required',
      "Tindakan 'notify' wajib menyebut 'recipients': peran yang diberi tahu.",
      "The action 'notify' needs 'recipients': the roles to tell.",
    ),
  reviewNoOutcome: () =>
    p(
      'review.approve-only',
      'Langkah pemeriksaan ini hanya dapat menyetujui; tambahkan sendBack, postpone atau reject bila pemeriksa dapat menolak.',
      'This review can only approve; add sendBack, postpone or reject if the reviewer may say no.',
    ),

  // --- send-back ---
  sendBackSelf: (id: string) =>
    p(
      'sendback.self',
      `Pengembalian (sendBack) tidak boleh ke langkah ${q(id)} itu sendiri; pilih langkah sebelumnya.`,
      `A send-back cannot go to the step ${q(id)} itself; choose an earlier step.`,
    ),
  sendBackLater: (id: string, targetNumber: number, ownNumber: number) =>
    p(
      'sendback.later',
      `Pengembalian (sendBack) hanya boleh ke langkah sebelumnya; ${q(id)} (no. ${targetNumber}) berada sesudah langkah ini (no. ${ownNumber}).`,
      `A send-back can only go to an earlier step; ${q(id)} (no. ${targetNumber}) comes after this step (no. ${ownNumber}).`,
    ),
  sendBackNotOnPath: (id: string) =>
    p(
      'sendback.not-on-path',
      `Langkah ${q(id)} tidak berada di jalur menuju langkah ini, sehingga pekerjaan tidak dapat dikembalikan ke sana.`,
      `The step ${q(id)} is not on the path leading to this step, so work cannot be sent back to it.`,
    ),
  sendBackCrossesBranch: (id: string) =>
    p(
      'sendback.crosses-branch',
      `Pengembalian (sendBack) ke ${q(id)} melintasi batas cabang paralel; kembalikan hanya ke langkah di cabang yang sama.`,
      `The send-back to ${q(id)} crosses a parallel branch boundary; send back only within the same branch.`,
    ),

  // --- extensions, escalation, deadlines ---
  extensionWithoutTime: () =>
    p(
      'extension.without-time',
      "Perpanjangan waktu (extension) memerlukan standar waktu ('time') pada langkah ini.",
      "An extension needs a time standard ('time') on this step.",
    ),
  escalationWithoutTime: () =>
    p(
      'escalation.without-time',
      "Eskalasi tidak akan pernah terjadi karena langkah ini tidak punya standar waktu ('time').",
      "This escalation can never fire: the step has no time standard ('time').",
    ),
  remindTooLate: (remind: string, limit: string) =>
    p(
      'escalation.remind-too-late',
      `Pengingat ${q(remind)} sebelum batas tidak lebih pendek dari batas waktunya (${limit}); pengingat akan langsung terkirim.`,
      `The reminder ${q(remind)} before the limit is not shorter than the limit itself (${limit}); it would be sent at once.`,
    ),
  deadlineDuplicate: (id: string) =>
    p(
      'deadline.duplicate',
      `ID batas waktu ${q(id)} sudah dipakai.`,
      `The deadline id ${q(id)} is already used.`,
    ),
  deadlineFlows: (from: string, until: string) =>
    p(
      'deadline.flows',
      `Batas waktu harus berada dalam satu alur, tetapi ${q(from)} dan ${q(until)} ada di alur yang berbeda.`,
      `A deadline must stay within one flow, but ${q(from)} and ${q(until)} are in different flows.`,
    ),
  deadlineOrder: (from: string, until: string) =>
    p(
      'deadline.order',
      `Langkah ${q(until)} tidak dapat dicapai sesudah ${q(from)}; batas waktu ini tidak akan pernah berakhir.`,
      `The step ${q(until)} cannot be reached after ${q(from)}; this deadline would never close.`,
    ),

  // --- schedules, zones, dates ---
  itemSchedule: () =>
    p(
      'schedule.item-flow',
      "Alur 'item' berjalan untuk setiap konten dan tidak boleh punya 'schedule'; buat alur terpisah untuk proses berkala.",
      "The 'item' flow runs for each content item and cannot have a 'schedule'; add a separate flow for recurring work.",
    ),
  timeZoneInvalid: (zone: string) =>
    p(
      'timezone.invalid',
      `Zona waktu ${q(zone)} tidak dikenal; tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).`,
      `Unknown time zone ${q(zone)}; write an IANA name such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).`,
    ),
  scheduleField: (field: string, every: string) =>
    p(
      'schedule.field',
      `${q(field)} tidak berlaku untuk jadwal every: ${every}.`,
      `${q(field)} does not apply to a schedule with every: ${every}.`,
    ),
  scheduleNeeds: (field: string, every: string) =>
    p(
      'schedule.field',
      `Jadwal every: ${every} wajib mengisi ${q(field)}.`,
      `A schedule with every: ${every} needs ${q(field)}.`,
    ),
  scheduleSemesterMonth: (month: number) =>
    p(
      'schedule.month',
      `Untuk every: semester, 'month' adalah bulan ke berapa dalam setiap semester (1-6), bukan ${month}.`,
      `For every: semester, 'month' is the month within each half-year (1-6), not ${month}.`,
    ),
  dateInvalid: (value: string) =>
    p('date.invalid', `Tanggal ${q(value)} tidak ada di kalender.`, `The date ${q(value)} does not exist.`),
  dateOrder: (field: string, other: string) =>
    p(
      'date.order',
      `Tanggal ${q(field)} lebih awal dari tanggal ${q(other)}.`,
      `The date ${q(field)} is earlier than the date ${q(other)}.`,
    ),
};

function rangeText(min: number | undefined, max: number | undefined, lang: 'id' | 'en'): string {
  if (min !== undefined && max !== undefined)
    return lang === 'id' ? `antara ${min} dan ${max}` : `between ${min} and ${max}`;
  if (min !== undefined) return lang === 'id' ? `paling sedikit ${min}` : `at least ${min}`;
  if (max !== undefined) return lang === 'id' ? `paling banyak ${max}` : `at most ${max}`;
  return lang === 'id' ? 'dalam rentang yang sah' : 'within the allowed range';
}
