// Fixed vocabularies of the language and the limits it enforces.
import type { LocalizedText } from './types';

/** Content types named by the seed SOPs; definitions may add custom codes. */
export const CONTENT_TYPES: Readonly<Record<string, LocalizedText>> = {
  berita: { id: 'Berita', en: 'News' },
  artikel: { id: 'Artikel', en: 'Article' },
  pengumuman: { id: 'Pengumuman', en: 'Announcement' },
  regulasi: { id: 'Regulasi', en: 'Regulation' },
  data: { id: 'Data', en: 'Data' },
  dokumentasi: { id: 'Dokumentasi', en: 'Documentation' },
  'bahan-sosialisasi': { id: 'Bahan Sosialisasi', en: 'Outreach material' },
  'hasil-liputan': { id: 'Hasil Liputan', en: 'Coverage report' },
};

/**
 * The built-in fields of each standard content type (content's `contentFieldSchemas` has
 * their shapes; a test there keeps the two lists equal). Undeclared, they are public.
 */
export const STANDARD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  berita: ['eventDate', 'location', 'reporter', 'source'],
  artikel: ['byline', 'readingMinutes'],
  pengumuman: ['number', 'validFrom', 'validUntil', 'informationCategory'],
  regulasi: [
    'number',
    'year',
    'regulationType',
    'legalCategory',
    'status',
    'enactedOn',
    'revokedBy',
    'informationCategory',
  ],
  data: ['informationCategory', 'period', 'year', 'source'],
  dokumentasi: ['eventDate', 'location', 'photographer'],
  'bahan-sosialisasi': ['audience', 'electionStage', 'medium'],
  'hasil-liputan': ['eventDate', 'location', 'reporter', 'coverageTeam'],
};

/** Who may see a content type's field: `internal` never leaves the office. */
export const FIELD_VISIBILITIES = ['public', 'internal'] as const;

/** Channels the publishing service knows. */
export const CHANNELS: Readonly<Record<string, LocalizedText>> = {
  website: { id: 'Website', en: 'Website' },
  'social-media': { id: 'Media sosial', en: 'Social media' },
};

/** Report codes the reporting service acts on (from the sheets' "Pencatatan dan Pendataan"). */
export const REPORT_CODES: Readonly<Record<string, LocalizedText>> = {
  'monthly-recap-posts-readers': {
    id: 'Rekap bulanan postingan dan jumlah pembaca',
    en: 'Monthly recap of posts and readers',
  },
  'website-condition-report': { id: 'Laporan kondisi website', en: 'Website condition report' },
  'website-problem-inventory': {
    id: 'Inventarisasi permasalahan website/jaringan',
    en: 'Inventory of website/network problems',
  },
  archive: { id: 'Arsip dokumen (softcopy/hardcopy)', en: 'Document archive (soft/hard copy)' },
  'live-link-archive': { id: 'Arsip tautan aktif', en: 'Archive of live links' },
  'offline-documentation': { id: 'Dokumentasi luring', en: 'Offline documentation' },
  'evaluation-recap': { id: 'Rekap evaluasi', en: 'Evaluation recap' },
};

/** Automatic actions the interpreter can perform. */
export const AUTOMATIC_ACTIONS: Readonly<Record<string, LocalizedText>> = {
  'generate-report': { id: 'Menyusun laporan', en: 'Generate a report' },
  notify: { id: 'Mengirim pemberitahuan', en: 'Send a notification' },
};

export const STEP_KINDS = ['work', 'review', 'handoff', 'publish', 'automatic', 'parallel'] as const;

export const WEEKDAYS: Readonly<Record<string, number>> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  senin: 1,
  selasa: 2,
  rabu: 3,
  kamis: 4,
  jumat: 5,
  sabtu: 6,
  minggu: 7,
};

/** Step ids that would be ambiguous as transition targets. */
export const RESERVED_STEP_IDS = ['end', 'join'] as const;

/** "Inferensi:" at the start of a note or of a sentence in it marks what follows as an inference. */
export const INFERENCE_MARKER = /(?:^|[.!?;]\s|\n)\s*(?:Inferensi|Inference):/;

export const LIMITS = {
  /** Source text size in bytes (UTF-8). */
  sourceBytes: 256 * 1024,
  /** Nesting depth of the YAML/JSON document. */
  depth: 32,
  /** YAML nodes (after parsing, before alias expansion). */
  nodes: 20_000,
  /** Alias dereferences while converting the document. */
  aliases: 100,
  roles: 40,
  /** Steps in the whole definition, branch steps included. */
  steps: 200,
  flows: 20,
  deadlines: 50,
  /** Declared fields of one content type. */
  contentTypeFields: 30,
  branches: 10,
  /** Items in a text list (inputs, legal basis, equipment…). */
  listItems: 100,
  /** Characters in one text value. */
  textLength: 4000,
  /** Characters in an identifier (role code, step id, flow id, codes). */
  idLength: 64,
  keyLength: 128,
  /** Nesting of all/any/not in a routing condition. */
  conditionDepth: 5,
  /** Reported diagnostics; the rest are summarized in one more. */
  diagnostics: 200,
} as const;
