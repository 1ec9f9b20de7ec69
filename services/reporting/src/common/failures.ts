import { COMMON_ERRORS, REPORTING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';

/**
 * The refusals reporting gives itself, from its catalogue (REPORTING_ERRORS) and the common
 * one, with the words staff read for this occurrence (Bahasa Indonesia first).
 */
export const fail = {
  invalidPeriod: (value: string) =>
    commandFailure(REPORTING_ERRORS['invalid-period'], {
      message: {
        id: `Periode "${value}" tidak valid; gunakan YYYY-MM (bulan) atau YYYY-S1/YYYY-S2 (semester).`,
        en: `Period "${value}" is not valid; use YYYY-MM (month) or YYYY-S1/YYYY-S2 (semester).`,
      },
      detail: { period: value },
    }),
  unknownReport: (report: string) =>
    commandFailure(REPORTING_ERRORS['unknown-report'], {
      message: { id: `Laporan "${report}" tidak dikenal.`, en: `Unknown report "${report}".` },
      detail: { report },
    }),
  reportNotFound: () => commandFailure(REPORTING_ERRORS['report-not-found']),
  problemNotFound: () => commandFailure(REPORTING_ERRORS['problem-not-found']),
  resolutionRequired: () => commandFailure(REPORTING_ERRORS['resolution-required']),
  platformAdminOnly: () =>
    commandFailure(COMMON_ERRORS.forbidden, {
      message: {
        id: 'Hanya admin platform yang dapat melihat data seluruh kantor.',
        en: 'Only platform admins can see data across offices.',
      },
    }),
  keyReused: () => commandFailure(COMMON_ERRORS['idempotency-key-reused']),
  keyMissing: () =>
    commandFailure(COMMON_ERRORS['invalid-request'], {
      message: {
        id: 'Permintaan ini memerlukan kunci idempoten (Idempotency-Key).',
        en: 'This request needs an idempotency key (Idempotency-Key).',
      },
    }),
  rebuildRunning: () => commandFailure(REPORTING_ERRORS['rebuild-running']),
};
