import { defineErrors } from '../errors';

/**
 * Every problem code the publishing service answers with besides the common ones. An
 * occurrence may say more than the title (which step, which host, which revision).
 */
export const PUBLISHING_ERRORS = defineErrors('publishing', {
  // Not found, also for another office's records: the answer never tells which.
  'publication-not-found': {
    status: 404,
    title: { id: 'Publikasi tidak ditemukan', en: 'Publication not found' },
  },
  'schedule-not-found': {
    status: 404,
    title: { id: 'Jadwal terbit tidak ditemukan', en: 'Publication schedule not found' },
  },
  'webhook-not-found': { status: 404, title: { id: 'Webhook tidak ditemukan', en: 'Webhook not found' } },
  'delivery-not-found': {
    status: 404,
    title: { id: 'Pengiriman webhook tidak ditemukan', en: 'Webhook delivery not found' },
  },
  'channel-not-found': {
    status: 404,
    title: { id: 'Kanal media sosial tidak ditemukan', en: 'Social-media channel not found' },
  },
  'office-not-found': { status: 404, title: { id: 'Kantor tidak ditemukan', en: 'Office not found' } },
  'office-unavailable': {
    status: 503,
    title: {
      id: 'Profil kantor tidak dapat diambil saat ini',
      en: "The office's profile cannot be fetched right now",
    },
  },
  // The run's publish step.
  'unknown-channel': {
    status: 422,
    title: { id: 'Kanal publikasi tidak dikenal', en: 'Unknown publication channel' },
  },
  'channel-not-configured': {
    status: 422,
    title: {
      id: 'Kanal media sosial belum dikonfigurasi untuk kantor ini',
      en: 'No social-media channel is configured for this office',
    },
  },
  'social-post-failed': {
    status: 422,
    title: { id: 'Unggahan ke media sosial gagal', en: 'Posting to social media failed' },
  },
  'social-unavailable': {
    status: 503,
    title: {
      id: 'Media sosial sedang tidak dapat dihubungi',
      en: 'Social media cannot be reached right now',
    },
  },
  'media-unavailable': {
    status: 503,
    title: {
      id: 'Berkas belum dapat disalin dari penyimpanan media',
      en: 'A file could not be copied from the media store yet',
    },
  },
  'publication-in-progress': {
    status: 503,
    title: {
      id: 'Publikasi konten ini sedang diproses',
      en: "This item's publication is being processed",
    },
  },
  // Corrections and retractions.
  'not-publisher': {
    status: 403,
    title: {
      id: 'Hanya pemegang peran langkah terbit dalam SOP atau admin kantor',
      en: "Only the SOP's publish-step role or an office admin",
    },
  },
  'not-published': {
    status: 409,
    title: { id: 'Konten ini tidak sedang tayang di website', en: 'This item is not live on the website' },
  },
  'revision-not-approved': {
    status: 409,
    title: { id: 'Revisi ini belum disetujui dalam SOP', en: 'The revision was not approved in an SOP run' },
  },
  // Schedules.
  'already-published': {
    status: 409,
    title: { id: 'Konten ini sudah tayang', en: 'The item is already live' },
  },
  'invalid-publish-at': {
    status: 400,
    title: { id: 'Waktu terbit tidak valid', en: 'Not a valid publication time' },
  },
  // Webhooks and social channels.
  'invalid-webhook-url': {
    status: 422,
    title: {
      id: 'Alamat webhook harus URL http(s) tanpa nama pengguna atau kata sandi',
      en: 'The webhook URL must be an http(s) URL without user name or password',
    },
  },
  'invalid-endpoint': {
    status: 422,
    title: {
      id: 'Alamat kanal harus URL http(s) tanpa nama pengguna atau kata sandi',
      en: "The channel's endpoint must be an http(s) URL without user name or password",
    },
  },
  'target-not-allowed': {
    status: 422,
    title: {
      id: 'Alamat tujuan bukan alamat internet publik',
      en: 'The target is not a public internet address',
    },
  },
  'invalid-channel': {
    status: 422,
    title: {
      id: 'Kanal Facebook memerlukan ID halaman dan token akses halaman',
      en: 'A Facebook channel needs the page id and a page access token',
    },
  },
  'webhook-disabled': {
    status: 409,
    title: { id: 'Webhook ini sudah dinonaktifkan', en: 'This webhook is disabled' },
  },
  'delivery-pending': {
    status: 409,
    title: {
      id: 'Pengiriman ini masih menunggu percobaan berikutnya',
      en: 'This delivery is still waiting for its next attempt',
    },
  },
  // Page views.
  'invalid-period': {
    status: 400,
    title: { id: 'Periode tidak valid', en: 'Not a valid period' },
  },
});
