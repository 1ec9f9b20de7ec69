import { defineErrors } from '../errors';

/**
 * Every code the SOP registry answers with besides the common ones. Offices see the
 * platform's definitions and their own: anything else is `definition-not-found`.
 */
export const REGISTRY_ERRORS = defineErrors('sop-registry', {
  'definition-not-found': {
    status: 404,
    title: { id: 'Definisi SOP tidak ditemukan', en: 'SOP definition not found' },
  },
  'definition-invalid': {
    status: 422,
    title: { id: 'Definisi SOP tidak valid', en: 'The SOP definition is not valid' },
  },
  'version-exists': {
    status: 409,
    title: {
      id: 'Versi definisi ini sudah ada dengan isi lain',
      en: 'This definition version exists with a different text',
    },
  },
  'not-allowed': {
    status: 403,
    title: { id: 'Tidak diizinkan mengubah definisi SOP', en: 'Not allowed to change SOP definitions' },
  },
  'content-type-not-handled': {
    status: 422,
    title: {
      id: 'Definisi ini tidak menangani jenis konten tersebut',
      en: 'The definition does not handle that content type',
    },
  },
  'unknown-content-type': {
    status: 422,
    title: { id: 'Jenis konten tidak dikenal', en: 'Unknown content type' },
  },
  'definition-reserved': {
    status: 403,
    title: {
      id: 'Definisi SOP ini milik kantor lain (templat)',
      en: "This SOP definition is another office's own (a template)",
    },
  },
  'activation-not-found': {
    status: 404,
    title: { id: 'Aktivasi SOP tidak ditemukan', en: 'SOP activation not found' },
  },
  'already-retired': {
    status: 409,
    title: { id: 'Aktivasi sudah dihentikan', en: 'The activation is retired already' },
  },
  'no-active-definition': {
    status: 404,
    title: {
      id: 'Belum ada definisi SOP aktif untuk jenis konten ini',
      en: 'No SOP definition is active for this content type',
    },
  },
});
