/** What the public reads: content types, categories and statuses in Bahasa Indonesia. */
export const TYPE_LABELS: Record<string, { one: string; many: string }> = {
  berita: { one: 'Berita', many: 'Berita' },
  artikel: { one: 'Artikel', many: 'Artikel' },
  pengumuman: { one: 'Pengumuman', many: 'Pengumuman' },
  regulasi: { one: 'Regulasi', many: 'Regulasi' },
  data: { one: 'Data', many: 'Data' },
  dokumentasi: { one: 'Dokumentasi', many: 'Dokumentasi' },
  'bahan-sosialisasi': { one: 'Bahan Sosialisasi', many: 'Bahan Sosialisasi' },
  'hasil-liputan': { one: 'Hasil Liputan', many: 'Hasil Liputan' },
};

/** Navigation order of the standard types; custom types follow alphabetically. */
export const TYPE_ORDER = [
  'berita',
  'pengumuman',
  'artikel',
  'regulasi',
  'data',
  'dokumentasi',
  'bahan-sosialisasi',
  'hasil-liputan',
];

export function typeLabel(type: string): string {
  return (
    (Object.hasOwn(TYPE_LABELS, type) ? TYPE_LABELS[type]!.many : undefined) ??
    type
      .split('-')
      .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
      .join(' ')
  );
}

export const INFORMATION_CATEGORY_LABELS: Record<string, { name: string; description: string }> = {
  berkala: {
    name: 'Informasi Berkala',
    description: 'Informasi yang wajib disediakan dan diumumkan secara berkala (Pasal 9 UU 14/2008).',
  },
  'serta-merta': {
    name: 'Informasi Serta-merta',
    description:
      'Informasi yang wajib diumumkan serta-merta karena menyangkut hajat hidup orang banyak (Pasal 10).',
  },
  'setiap-saat': {
    name: 'Informasi Setiap Saat',
    description: 'Informasi yang wajib tersedia setiap saat dan dapat diminta oleh publik (Pasal 11).',
  },
};

export const LEGAL_CATEGORY_LABELS: Record<string, string> = {
  'peraturan-perundang-undangan': 'Peraturan Perundang-undangan',
  'monografi-hukum': 'Monografi Hukum',
  'artikel-hukum': 'Artikel Hukum',
  putusan: 'Putusan',
};

export const REGULATION_STATUS_LABELS: Record<string, string> = {
  berlaku: 'Berlaku',
  dicabut: 'Dicabut',
};

export const MEDIUM_LABELS: Record<string, string> = {
  poster: 'Poster',
  infografis: 'Infografis',
  video: 'Video',
  leaflet: 'Leaflet',
  'buku-saku': 'Buku Saku',
  presentasi: 'Presentasi',
  lainnya: 'Lainnya',
};

/** Labels of the type fields shown on a page (in this order). */
export const FIELD_LABELS: Record<string, string> = {
  regulationType: 'Jenis peraturan',
  number: 'Nomor',
  year: 'Tahun',
  enactedOn: 'Tanggal penetapan',
  status: 'Status',
  revokedBy: 'Dicabut dengan',
  legalCategory: 'Kategori JDIH',
  validFrom: 'Berlaku mulai',
  validUntil: 'Berlaku sampai',
  informationCategory: 'Kategori informasi publik',
  period: 'Periode',
  source: 'Sumber / penanggung jawab',
  eventDate: 'Tanggal kegiatan',
  location: 'Lokasi',
  reporter: 'Reporter',
  photographer: 'Fotografer',
  coverageTeam: 'Tim liputan',
  byline: 'Penulis',
  readingMinutes: 'Waktu baca',
  audience: 'Sasaran',
  electionStage: 'Tahapan pemilu',
  medium: 'Media',
};

const KIND_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'video/mp4': 'Video MP4',
  'video/quicktime': 'Video MOV',
  'video/webm': 'Video WebM',
};

export function fileKindLabel(mediaType: string): string {
  return KIND_LABELS[mediaType] ?? (mediaType.split('/')[1] ?? mediaType).toUpperCase();
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
