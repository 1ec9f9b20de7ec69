// The SOP definition language: this zod schema is the one source of truth for
// the shape of a definition. The JSON Schema in docs/sop-language.schema.json is
// generated from it; semantic rules (references, reachability, time standards)
// live in validate.ts. Custom error keys ('@slug', '@union.time', …) are turned
// into bilingual messages by issues.ts.
import { z } from 'zod';
import { FIELD_VISIBILITIES, LIMITS, STEP_KINDS } from './vocabulary';

const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const KEY = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A content field's key, as content accepts it (`fields.<key>` of an item). */
const FIELD_KEY = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;
const NOT_BLANK = /\S/;

const text = (description: string, max: number = LIMITS.textLength) =>
  z.string().max(max).regex(NOT_BLANK, { error: '@blank' }).describe(description);

const slug = (description: string) =>
  z.string().max(LIMITS.idLength).regex(SLUG, { error: '@slug' }).describe(description);

const textList = (description: string) =>
  z.array(text('One entry.')).max(LIMITS.listItems).describe(description);

const codes = (description: string) =>
  z
    .union([slug('A code.'), z.array(slug('A code.')).min(1).max(20)], { error: '@union.codes' })
    .describe(description);

const roleRefs = (description: string) =>
  z
    .union([slug('A role code.'), z.array(slug('A role code.')).min(1).max(10)], { error: '@union.roles' })
    .describe(description);

const isoDate = z
  .union([z.string().regex(DATE, { error: '@date' }), z.null()], { error: '@union.date' })
  .describe(
    'Tanggal ISO (2022-01-23) atau bulan (2019-10); null bila kosong di lembar. / ISO date, month, or null.',
  );

export const durationText = z
  .string()
  .max(60)
  .describe("Satu lama waktu, mis. '30 menit', '1 hari'. / A single duration, e.g. '30 minutes', '1 day'.")
  .meta({ examples: ['30 menit', '1 jam', '1 hari', '1 minggu'] });

/** One declared field of a content type (`contentTypes[].fields[]`). */
const ContentFieldSchema = z
  .object({
    key: z
      .string()
      .regex(FIELD_KEY, { error: '@fieldKey' })
      .describe('Kunci isian pada item (fields.<kunci>). / The field key on an item.'),
    label: text('Label yang dibaca orang (Bahasa Indonesia). / Label people read.', 100),
    labelEn: text('English label.', 100).optional(),
    visibility: z
      .enum(FIELD_VISIBILITIES)
      .describe(
        'public: tampil di situs, umpan, API publik; internal: tidak pernah keluar kantor. / public or internal.',
      ),
  })
  .strict();

export const TimeStandardSchema = z
  .union(
    [
      z.string().max(60),
      z
        .object({
          min: z.union([z.string().max(60), z.number()], { error: '@union.amount' }),
          max: z.union([z.string().max(60), z.number()], { error: '@union.amount' }).optional(),
          unit: z.string().max(20).optional(),
          calendar: z.boolean().optional(),
        })
        .strict(),
    ],
    { error: '@union.time' },
  )
  .describe(
    "Standar waktu (Mutu Baku: Waktu): '60 menit', '1 hari', '1-3 jam', '2 hari kalender', atau { min, max, unit, calendar }. Waktu kerja kecuali disebut kalender. / Time standard; working time unless calendar is stated.",
  )
  .meta({ examples: ['60 menit', '1 hari', '1-3 jam', '1–3 minggu', '15 minutes', '2 hari kalender'] });

export interface ConditionSource {
  contentType?: string | string[];
  tag?: string | string[];
  all?: ConditionSource[];
  any?: ConditionSource[];
  not?: ConditionSource;
}

export const ConditionSchema: z.ZodType<ConditionSource> = z
  .lazy(() =>
    z
      .object({
        contentType: codes('Jenis konten (salah satu). / Content type (any of).').optional(),
        tag: codes('Tanda pada konten (salah satu). / Item tag (any of).').optional(),
        all: z.array(ConditionSchema).min(1).max(10).optional(),
        any: z.array(ConditionSchema).min(1).max(10).optional(),
        not: ConditionSchema.optional(),
      })
      .strict(),
  )
  .describe(
    'Syarat pada konten; semua kunci harus terpenuhi. / Condition on the content item; all keys must hold.',
  )
  .meta({ id: 'Condition' });

const BranchSchema = z
  .object({
    when: ConditionSchema.optional(),
    to: slug("ID langkah tujuan atau 'end'. / Target step id or 'end'."),
  })
  .strict();

const EscalationSchema = z
  .object({
    notify: roleRefs(
      'Peran yang diberi tahu saat batas waktu terlewati. / Roles told when the limit is breached.',
    ),
    remindBefore: durationText.optional(),
    note: text('Catatan. / Note.').optional(),
  })
  .strict()
  .describe('Eskalasi bila standar waktu terlewati. / Escalation when the time standard is breached.');

const OutcomesSchema = z
  .object({
    approve: z
      .literal(true, { error: '@true' })
      .optional()
      .describe('Ya: lanjut ke next. / Yes: continue via next.'),
    sendBack: z
      .object({
        to: slug(
          'Langkah sebelumnya yang menerima kembali pekerjaan. / The earlier step that gets the work back.',
        ),
        reasonRequired: z.boolean().optional().describe('Default true.'),
      })
      .strict()
      .optional()
      .describe('Tidak: kembalikan ke langkah sebelumnya. / No: send back to an earlier step.'),
    postpone: z
      .boolean()
      .optional()
      .describe('Ditunda: menunggu dilanjutkan. / Postponed: wait until resumed.'),
    reject: z.boolean().optional().describe('Ditolak: proses berakhir. / Rejected: the run ends.'),
  })
  .strict();

const ExtensionSchema = z
  .object({
    max: z
      .number()
      .int()
      .min(1)
      .max(10)
      .describe('Berapa kali boleh diperpanjang. / How many times it may be extended.'),
    by: durationText.describe('Tambahan waktu tiap perpanjangan. / Extra time per extension.'),
    reasonRequired: z.boolean().optional().describe('Default true.'),
  })
  .strict();

const stepFields = {
  id: slug('ID langkah, unik dalam definisi. / Step id, unique in the definition.'),
  number: z
    .number()
    .int()
    .min(1)
    .max(9999)
    .optional()
    .describe('Nomor seperti di lembar. / Number as on the sheet.'),
  description: text('Uraian kegiatan. / What the step does.'),
  kind: z
    .enum(STEP_KINDS)
    .optional()
    .describe('work (default), review, handoff, publish, automatic, parallel.'),
  actors: roleRefs('Pelaksana (kolom peran). / Actor role(s).').optional(),
  recipients: roleRefs(
    'Penerima serah terima atau hasil otomatis. / Roles receiving a handoff or result.',
  ).optional(),
  inputs: textList('Kelengkapan / Persyaratan. / Input checklist.').optional(),
  time: TimeStandardSchema.optional(),
  output: text('Output.').optional(),
  note: text(
    "Keterangan; paragraf yang diawali 'Inferensi:' mencatat tafsiran. / Remarks; a paragraph starting 'Inferensi:' records an inference.",
  ).optional(),
  next: z
    .union([slug('Step id or end.'), z.array(BranchSchema).min(1).max(20)], { error: '@union.next' })
    .optional()
    .describe(
      "Langkah berikutnya, 'end', atau daftar cabang bersyarat. / Next step, 'end', or guarded branches.",
    ),
  end: z
    .literal(true, { error: '@true' })
    .optional()
    .describe('Alur selesai setelah langkah ini. / The flow ends here.'),
  outcomes: OutcomesSchema.optional(),
  channels: z
    .array(slug('Channel code.'))
    .min(1)
    .max(10)
    .optional()
    .describe('Kanal publikasi: website, social-media. / Publish channels.'),
  action: slug('Tindakan otomatis, mis. generate-report. / Automatic action.').optional(),
  report: slug('Kode laporan. / Report code.').optional(),
  extension: ExtensionSchema.optional(),
  optional: z.boolean().optional().describe('Boleh dilewati dengan alasan. / May be skipped with a reason.'),
  escalation: EscalationSchema.optional(),
};

export const BranchStepSchema = z.object(stepFields).strict().meta({ id: 'BranchStep' });

export const StepSchema = z
  .object({
    ...stepFields,
    branches: z
      .array(
        z
          .object({
            name: text('Nama cabang. / Branch name.', 200).optional(),
            steps: z.array(BranchStepSchema).min(1).max(LIMITS.steps),
          })
          .strict(),
      )
      .min(2)
      .max(LIMITS.branches)
      .optional()
      .describe('Cabang paralel (kind: parallel). / Parallel branches.'),
    join: z
      .enum(['all', 'any'])
      .optional()
      .describe('all (default): tunggu semua cabang; any: satu cabang cukup.'),
  })
  .strict()
  .meta({ id: 'Step' });

export const ScheduleSchema = z
  .object({
    every: z.enum(['week', 'month', 'semester', 'year']),
    day: z
      .union([z.number().int().min(1).max(28), z.literal('last')], { error: '@union.day' })
      .optional()
      .describe("Tanggal 1-28 atau 'last'. / Day of month 1-28 or 'last'."),
    weekday: z
      .enum([
        'monday',
        'tuesday',
        'wednesday',
        'thursday',
        'friday',
        'saturday',
        'sunday',
        'senin',
        'selasa',
        'rabu',
        'kamis',
        'jumat',
        'sabtu',
        'minggu',
      ])
      .optional(),
    month: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe(
        'year: bulan 1-12; semester: bulan ke-1..6 tiap semester. / year: month; semester: month within each half.',
      ),
    at: z
      .string()
      .regex(CLOCK, { error: '@clock' })
      .optional()
      .describe('Jam mulai, default 08:00. / Start time.'),
    timeZone: z.string().max(64).optional().describe('Zona IANA; default zona definisi. / IANA zone.'),
  })
  .strict();

export const FlowSchema = z
  .object({
    title: text('Judul alur. / Flow title.', 300).optional(),
    note: text('Catatan. / Note.').optional(),
    schedule: ScheduleSchema.optional().describe(
      'Proses berkala; tanpa schedule = dijalankan sesuai kebutuhan. / Recurring; without schedule = on demand.',
    ),
    steps: z.array(StepSchema).min(1).max(LIMITS.steps),
  })
  .strict()
  .meta({ id: 'Flow' });

const MetadataSchema = z
  .object({
    agency: text('Instansi. / Agency.', 300).optional(),
    unit: text('Unit kerja. / Unit.', 300).optional(),
    number: text('Nomor SOP.', 300).optional(),
    name: text('Nama SOP seperti di lembar. / SOP name as on the sheet.', 300).optional(),
    procedureTitle: text('Judul bagan alur. / Procedure chart caption.', 300).optional(),
    dates: z
      .object({
        made: isoDate.optional(),
        revised: isoDate.optional(),
        effective: isoDate.optional(),
        ratified: isoDate.optional(),
      })
      .strict()
      .optional(),
    ratifiedBy: z
      .object({
        title: text('Jabatan pengesah. / Title.', 300),
        name: text('Nama. / Name.', 200).optional(),
        rank: text('Pangkat. / Rank.', 200).optional(),
        nip: z
          .string()
          .max(40)
          .regex(/^[0-9 ]+$/, { error: '@nip' })
          .optional(),
        place: text('Tempat pengesahan. / Place.', 200).optional(),
      })
      .strict()
      .optional(),
    legalBasis: textList('Dasar hukum. / Legal basis.').optional(),
    qualifications: textList('Kualifikasi pelaksana. / Qualifications.').optional(),
    minimumStaff: z.number().int().min(1).max(1000).optional().describe('Jumlah pelaksana minimal.'),
    related: z
      .array(
        z
          .object({
            title: text('Judul SOP terkait. / Related SOP.', 300),
            key: z.string().max(LIMITS.keyLength).regex(KEY, { error: '@key' }).optional(),
          })
          .strict(),
      )
      .max(LIMITS.listItems)
      .optional()
      .describe('Keterkaitan. / Related SOPs.'),
    equipment: textList('Peralatan/perlengkapan. / Equipment.').optional(),
    warning: text('Peringatan. / Warning.').optional(),
    records: z
      .array(
        z
          .object({
            text: text('Pencatatan dan pendataan. / Required record.'),
            report: slug('Kode laporan. / Report code.').optional(),
          })
          .strict(),
      )
      .max(LIMITS.listItems)
      .optional(),
    provisions: textList('Ketentuan pengesahan. / Ratification provisions.').optional(),
    signedSheet: z
      .object({
        file: text('Berkas lembar bertanda tangan. / Signed sheet file.', 500),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '@sha256' }),
        mediaType: z
          .string()
          .max(100)
          .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: '@mediaType' }),
        note: text('Catatan. / Note.').optional(),
      })
      .strict()
      .optional(),
    note: text('Catatan dan tafsiran atas metadata. / Notes and inferences on the metadata.').optional(),
  })
  .strict();

const DeadlineSchema = z
  .object({
    id: slug('ID batas waktu. / Deadline id.'),
    from: slug('Dihitung sejak langkah ini mulai. / Counted from the start of this step.'),
    until: slug('Sampai langkah ini selesai. / Until this step completes.'),
    time: TimeStandardSchema,
    escalation: EscalationSchema.optional(),
    extension: ExtensionSchema.optional().describe(
      'Batas waktu boleh diperpanjang. / The deadline may be extended.',
    ),
    note: text('Catatan. / Note.').optional(),
  })
  .strict();

export const SopDefinitionSchema = z
  .object({
    $schema: z.string().max(500).optional(),
    key: z
      .string()
      .max(LIMITS.keyLength)
      .regex(KEY, { error: '@key' })
      .describe('Kunci definisi, tetap antarversi. / Definition key, stable across versions.'),
    version: z.number().int().min(1).max(1_000_000).describe('Versi (bilangan bulat positif). / Version.'),
    title: text('Judul. / Title.', 300),
    language: z
      .enum(['id', 'en'])
      .optional()
      .describe('Bahasa isi definisi (default id). / Content language.'),
    timeZone: z.string().max(64).describe('Zona waktu kantor (IANA), mis. Asia/Jakarta. / Office time zone.'),
    description: text('Keterangan. / Description.').optional(),
    metadata: MetadataSchema.optional(),
    roles: z
      .array(
        z
          .object({
            code: slug('Kode peran yang tetap. / Stable role code.'),
            name: text('Nama seperti di lembar. / Name as on the sheet.', 300),
            description: text('Keterangan. / Description.').optional(),
          })
          .strict(),
      )
      .min(1)
      .max(LIMITS.roles),
    contentTypes: z
      .array(
        z.union(
          [
            slug('Content type code.'),
            z
              .object({
                code: slug('Content type code.'),
                name: text('Nama. / Name.', 100).optional(),
                nameEn: text('English name.', 100).optional(),
                fields: z
                  .array(ContentFieldSchema)
                  .max(LIMITS.contentTypeFields)
                  .optional()
                  .describe(
                    "Isian jenis konten ini: label dan siapa yang boleh melihatnya. / The type's fields: label and visibility.",
                  ),
              })
              .strict(),
          ],
          { error: '@union.contentType' },
        ),
      )
      .max(50)
      .optional()
      .describe('Jenis konten yang ditangani alur item; kosong = semua. / Content types of the item flow.'),
    escalation: EscalationSchema.optional(),
    flows: z
      .object({ item: FlowSchema })
      .catchall(FlowSchema)
      .describe("'item': alur per konten; alur lain: proses berkala atau mandiri. / Flows."),
    deadlines: z.array(DeadlineSchema).max(LIMITS.deadlines).optional(),
  })
  .strict()
  .meta({
    title: 'Tata Laman SOP definition',
    description: 'Definisi SOP pengelolaan website (Tata Laman). / A website-management SOP definition.',
  });

export type SopSource = z.infer<typeof SopDefinitionSchema>;
export type StepSource = z.infer<typeof StepSchema>;
export type BranchStepSource = z.infer<typeof BranchStepSchema>;
export type FlowSource = z.infer<typeof FlowSchema>;
export type ScheduleSource = z.infer<typeof ScheduleSchema>;
export type EscalationSource = z.infer<typeof EscalationSchema>;
export type ExtensionSource = z.infer<typeof ExtensionSchema>;
export type TimeStandardSource = z.infer<typeof TimeStandardSchema>;
