import { defineErrors } from '../errors';

/** Every problem code the reporting service answers with besides the common ones. */
export const REPORTING_ERRORS = defineErrors('reporting', {
  'invalid-period': { status: 400, title: { id: 'Periode tidak valid', en: 'Not a valid period' } },
  'unknown-report': { status: 422, title: { id: 'Laporan tidak dikenal', en: 'Unknown report' } },
  'report-not-found': { status: 404, title: { id: 'Laporan tidak ditemukan', en: 'Report not found' } },
  'problem-not-found': {
    status: 404,
    title: { id: 'Catatan permasalahan tidak ditemukan', en: 'Problem record not found' },
  },
  'resolution-required': {
    status: 422,
    title: {
      id: 'Permasalahan yang diselesaikan wajib disertai uraian penyelesaian',
      en: 'A resolved problem needs a resolution',
    },
  },
  'rebuild-running': {
    status: 409,
    title: {
      id: 'Pembangunan ulang proyeksi laporan sedang berjalan',
      en: 'A rebuild of the reporting projections is already running',
    },
  },
});
