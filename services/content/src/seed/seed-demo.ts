import { createHash } from 'node:crypto';
import type { Actor, CommandRequest } from '@tatalaman/contracts';
import { ItemsService } from '../items/items.service';

/** Custom content types the seed definitions name, by office (the seed runs without the registry). */
export const DEMO_CUSTOM_TYPES: Readonly<Record<string, readonly string[]>> = {
  'kpu-kab-bangka-barat': ['informasi-hukum'],
};

export const SEED_ACTOR: Actor = { kind: 'system', id: 'seed-demo', name: 'Data demo / demo data' };

type SeedItem = Omit<CommandRequest<'content.item.create'>, 'office' | 'actor' | 'idempotencyKey'>;

/** A few drafts per seed office, so the console is not empty; offices are known by code only. */
export const DEMO_ITEMS: Record<string, SeedItem[]> = {
  'kpu-prov-jateng': [
    {
      type: 'berita',
      title: 'KPU Jawa Tengah Gelar Rapat Koordinasi Persiapan Pemutakhiran Data Pemilih',
      summary:
        'Rapat koordinasi bersama 35 KPU kabupaten/kota membahas jadwal pemutakhiran data pemilih berkelanjutan.',
      body:
        '<p>KPU Provinsi Jawa Tengah menggelar rapat koordinasi bersama KPU kabupaten/kota se-Jawa Tengah di Semarang. ' +
        'Rapat membahas jadwal dan mekanisme pemutakhiran data pemilih berkelanjutan semester ini.</p>' +
        '<p>Para peserta diminta menyampaikan rekapitulasi data paling lambat akhir bulan.</p>',
      tags: ['data-pemilih', 'rakor'],
      fields: { eventDate: '2026-11-18', location: 'Semarang', reporter: 'Tim Humas KPU Jateng' },
    },
    {
      type: 'pengumuman',
      title: 'Pengumuman Pendaftaran Calon Anggota Badan Adhoc',
      summary: 'Pendaftaran dibuka bagi warga yang memenuhi syarat.',
      body: '<p>Dalam rangka persiapan pemilihan, KPU Provinsi Jawa Tengah membuka pendaftaran calon anggota badan adhoc.</p><ul><li>Usia paling rendah 17 tahun</li><li>Berdomisili di wilayah kerja</li></ul>',
      tags: ['rekrutmen'],
      fields: {
        number: '45/PP.04-Pu/33/2026',
        validFrom: '2026-12-01',
        validUntil: '2026-12-14',
        informationCategory: 'serta-merta',
      },
    },
    {
      type: 'regulasi',
      title: 'Peraturan KPU tentang Pemutakhiran Data Pemilih Berkelanjutan',
      body: '<p>Salinan peraturan dan ringkasan pokok-pokok pengaturannya.</p>',
      fields: {
        number: '1',
        year: 2025,
        regulationType: 'Peraturan KPU',
        legalCategory: 'peraturan-perundang-undangan',
        status: 'berlaku',
      },
    },
  ],
  'kpu-kota-palu': [
    {
      type: 'hasil-liputan',
      title: 'Sosialisasi Pendidikan Pemilih bagi Pemilih Pemula di Kota Palu',
      body: '<p>KPU Kota Palu menyapa ratusan pelajar dalam kegiatan pendidikan pemilih untuk pemilih pemula.</p>',
      tags: ['pendidikan-pemilih'],
      fields: { eventDate: '2026-11-12', location: 'Palu', coverageTeam: ['Subbag Data dan Informasi'] },
    },
    {
      type: 'data',
      title: 'Rekapitulasi Daftar Pemilih Berkelanjutan Semester II 2026',
      body: '<p>Rekapitulasi jumlah pemilih per kecamatan hasil pemutakhiran berkelanjutan.</p>',
      fields: {
        informationCategory: 'berkala',
        period: 'Semester II 2026',
        year: 2026,
        source: 'Subbag Perencanaan, Data dan Informasi',
      },
    },
  ],
  'kpu-kab-bangka-barat': [
    {
      // Its SOP (publikasi informasi hukum) handles this custom type only.
      type: 'informasi-hukum',
      title: 'Keputusan KPU Kabupaten Bangka Barat tentang Penetapan Daerah Pemilihan',
      body: '<p>Keputusan tentang penetapan daerah pemilihan dan alokasi kursi anggota DPRD kabupaten.</p>',
      tags: ['dapil'],
      fields: { jenisDokumen: 'Keputusan', nomor: '12', tahun: 2026, status: 'berlaku' },
    },
    {
      type: 'informasi-hukum',
      title: 'Infografis Tahapan Pengajuan Sengketa Proses Pemilihan',
      body: '<p>Ringkasan tahapan dan tenggat pengajuan sengketa proses ke Bawaslu.</p>',
      fields: { jenisDokumen: 'Infografis', tahun: 2026 },
    },
  ],
  'kpu-kab-kepulauan-mentawai': [
    {
      type: 'hasil-liputan',
      title: 'Liputan Pencocokan dan Penelitian Data Pemilih di Siberut',
      body: '<p>Petugas menempuh perjalanan laut untuk menjangkau pemilih di pulau-pulau kecil.</p>',
      fields: { eventDate: '2026-11-05', location: 'Siberut Selatan', reporter: 'Tim Peliputan' },
    },
    {
      type: 'bahan-sosialisasi',
      title: 'Infografis Cara Mengecek Status sebagai Pemilih',
      body: '<p>Langkah singkat mengecek status pemilih secara daring.</p>',
      fields: { audience: 'Masyarakat umum', medium: 'infografis' },
    },
  ],
  'diskominfo-kab-ketapang': [
    {
      type: 'berita',
      title: 'Layanan Internet Desa Diperluas ke 20 Desa',
      body: '<p>Pemerintah Kabupaten Ketapang memperluas jangkauan layanan internet desa tahun ini.</p>',
      tags: ['internet-desa'],
      fields: { location: 'Ketapang' },
    },
    {
      type: 'artikel',
      title: 'Tips Aman Bertransaksi Digital bagi Pelaku UMKM',
      body: '<h2>Lindungi kata sandi</h2><p>Gunakan kata sandi yang kuat dan berbeda untuk setiap layanan.</p>',
      fields: { byline: 'Bidang Komunikasi dan Informatika Publik', readingMinutes: 4 },
    },
  ],
};

/**
 * Creates the demo drafts through the same code as the commands. The idempotency key
 * carries a digest of the item, so a second run replays and changes nothing.
 */
export async function seedDemo(
  items: ItemsService,
  demo = DEMO_ITEMS,
): Promise<{ office: string; itemId: string; title: string }[]> {
  const out: { office: string; itemId: string; title: string }[] = [];
  for (const [office, list] of Object.entries(demo)) {
    for (const item of list) {
      const digest = createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 24);
      const created = await items.create({
        ...item,
        office,
        actor: SEED_ACTOR,
        idempotencyKey: `seed-demo-item-${digest}`,
      });
      out.push({ office, itemId: created.itemId, title: created.title });
    }
  }
  return out;
}
