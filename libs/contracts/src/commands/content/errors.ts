import { defineErrors } from '../errors';

/**
 * Every code the content service answers with besides the common ones. Another office's
 * item, revision or attachment is `*-not-found`, exactly as one that does not exist.
 */
export const CONTENT_ERRORS = defineErrors('content', {
  'item-not-found': { status: 404, title: { id: 'Konten tidak ditemukan', en: 'Content item not found' } },
  'revision-not-found': { status: 404, title: { id: 'Revisi tidak ditemukan', en: 'Revision not found' } },
  'attachment-not-found': {
    status: 404,
    title: { id: 'Lampiran tidak ditemukan', en: 'Attachment not found' },
  },
  'unknown-content-type': {
    status: 422,
    title: { id: 'Jenis konten tidak dikenal', en: 'Unknown content type' },
  },
  'invalid-fields': {
    status: 422,
    title: { id: 'Isian jenis konten tidak valid', en: "The content type's fields are not valid" },
  },
  'body-too-long': { status: 413, title: { id: 'Isi konten terlalu panjang', en: 'The body is too long' } },
  'stale-revision': {
    status: 409,
    title: { id: 'Sudah ada revisi yang lebih baru', en: 'A newer revision was saved in the meantime' },
  },
  'already-in-review': {
    status: 409,
    title: { id: 'Konten sedang dalam peninjauan', en: 'The item is already in review' },
  },
  'submission-in-progress': {
    status: 409,
    title: { id: 'Pengajuan konten ini sedang diproses', en: 'A submission of this item is in progress' },
  },
  incomplete: {
    status: 422,
    title: { id: 'Konten belum lengkap untuk diajukan', en: 'The item is not complete enough to submit' },
  },
  'not-in-review': {
    status: 409,
    title: { id: 'Konten tidak sedang ditinjau', en: 'The item is not in review' },
  },
  'unsupported-type': {
    status: 415,
    title: { id: 'Jenis berkas tidak didukung', en: 'The file type is not supported' },
  },
  'type-mismatch': {
    status: 422,
    title: { id: 'Jenis berkas tidak sesuai', en: 'The file type does not match' },
  },
  'too-large': { status: 413, title: { id: 'Berkas terlalu besar', en: 'The file is too large' } },
  'unsafe-archive': {
    status: 422,
    title: {
      id: 'Dokumen mengembang tidak wajar (zip bomb)',
      en: 'The document inflates abnormally (zip bomb)',
    },
  },
  'invalid-base64': {
    status: 400,
    title: { id: 'Data berkas bukan base64 yang valid', en: 'The file data is not valid base64' },
  },
  'upload-missing': {
    status: 409,
    title: { id: 'Berkas belum diunggah', en: 'Nothing has been uploaded yet' },
  },
  'upload-expired': {
    status: 410,
    title: { id: 'Waktu unggah sudah habis', en: 'The upload slot has expired' },
  },
  'already-uploaded': {
    status: 409,
    title: { id: 'Berkas lampiran ini sudah diunggah', en: 'This attachment has been uploaded already' },
  },
  'attachment-in-use': {
    status: 409,
    title: { id: 'Lampiran masih dipakai dalam isi konten', en: 'The attachment is used in the body' },
  },
  'bytes-missing': {
    status: 502,
    title: { id: 'Isi lampiran tidak ditemukan di penyimpanan', en: "The attachment's bytes are missing" },
  },
});
