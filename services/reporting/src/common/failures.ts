import { CommandFailure } from '@tatalaman/messaging';

/** The refusals reporting gives itself, in the words staff read (Bahasa Indonesia first). */
export const fail = {
  invalidPeriod: (value: string) =>
    new CommandFailure(
      400,
      'invalid-period',
      {
        id: `Periode "${value}" tidak valid; gunakan YYYY-MM (bulan) atau YYYY-S1/YYYY-S2 (semester).`,
        en: `Period "${value}" is not valid; use YYYY-MM (month) or YYYY-S1/YYYY-S2 (semester).`,
      },
      { period: value },
    ),
  unknownReport: (report: string) =>
    new CommandFailure(
      422,
      'unknown-report',
      {
        id: `Laporan "${report}" tidak dikenal.`,
        en: `Unknown report "${report}".`,
      },
      { report },
    ),
  reportNotFound: () =>
    new CommandFailure(404, 'report-not-found', { id: 'Laporan tidak ditemukan.', en: 'Report not found.' }),
  problemNotFound: () =>
    new CommandFailure(404, 'problem-not-found', {
      id: 'Catatan permasalahan tidak ditemukan.',
      en: 'Problem record not found.',
    }),
  resolutionRequired: () =>
    new CommandFailure(422, 'resolution-required', {
      id: 'Permasalahan yang diselesaikan wajib disertai uraian penyelesaian.',
      en: 'A resolved problem needs a resolution.',
    }),
  platformAdminOnly: () =>
    new CommandFailure(403, 'forbidden', {
      id: 'Hanya admin platform yang dapat melihat data seluruh kantor.',
      en: 'Only platform admins can see data across offices.',
    }),
  keyReused: () =>
    new CommandFailure(422, 'idempotency-key-reused', {
      id: 'Kunci idempoten ini sudah dipakai untuk permintaan lain.',
      en: 'This idempotency key was already used for a different request.',
    }),
  keyMissing: () =>
    new CommandFailure(400, 'invalid-request', {
      id: 'Permintaan ini memerlukan kunci idempoten (Idempotency-Key).',
      en: 'This request needs an idempotency key (Idempotency-Key).',
    }),
  actorMissing: () =>
    new CommandFailure(400, 'invalid-request', {
      id: 'Permintaan ini harus menyebut siapa yang bertindak.',
      en: 'This request must name who acts.',
    }),
  rebuildRunning: () =>
    new CommandFailure(409, 'rebuild-running', {
      id: 'Pembangunan ulang proyeksi laporan sedang berjalan.',
      en: 'A rebuild of the reporting projections is already running.',
    }),
  calendarUnavailable: (office: string) =>
    new CommandFailure(
      503,
      'unavailable',
      {
        id: 'Kalender kerja kantor belum dapat dimuat; coba lagi sebentar lagi.',
        en: "The office's working calendar cannot be loaded yet; try again shortly.",
      },
      { office },
    ),
};
