import { type AnyEvent } from '@tatalaman/contracts';
import { calendarOf, OFFICES, type TestOffice } from './harness';
import { loadDefinition, localTime, pageViews, person, SEEDS, SopRun } from './sop-driver';

/**
 * January 2026 in the five seed offices, run through the real engine: plain runs, a
 * breach with escalation, send-backs with reasons (rework), hand-offs, a postponement
 * resumed and one still postponed, a cancelled run, claims, publications on the website
 * and social media, page views (some outside the month), and a run of another office.
 */
export interface OfficeHistory {
  office: TestOffice;
  events: AnyEvent[];
}

function history(office: TestOffice, runs: SopRun[], extra: AnyEvent[] = []): OfficeHistory {
  return { office, events: [...runs.flatMap((r) => r.events), ...extra] };
}

export function januaryScenario(): Record<string, OfficeHistory> {
  return {
    palu: palu(),
    jateng: jateng(),
    babar: babar(),
    mentawai: mentawai(),
    ketapang: ketapang(),
    other: other(),
  };
}

function palu(): OfficeHistory {
  const o = OFFICES.palu!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const def = loadDefinition(SEEDS.palu);
  const kasubbag = person('u-palu-kasubbag', 'Rahmat Hidayat');
  const admin = person('u-palu-admin', 'Nur Aini');
  const staff = person('u-palu-staf', 'Dewi Lestari');

  const p1 = new SopRun(o.code, def, cal, {
    id: 'palu-berita-1',
    contentType: 'berita',
    title: 'Sosialisasi Tahapan Pemilu',
  });
  p1.start(at('2026-01-05 08:00'));
  p1.claim('disposisi', at('2026-01-05 08:30'), kasubbag);
  p1.decide('disposisi', 'complete', at('2026-01-05 09:00'), { actor: kasubbag });
  // One working day for the collection: done an hour late (breach and escalation).
  p1.decide('pengumpulan', 'complete', at('2026-01-06 10:00'), { actor: staff });
  p1.claim('penyuntingan', at('2026-01-06 10:30'), admin);
  p1.decide('penyuntingan', 'complete', at('2026-01-06 12:00'), { actor: admin });
  p1.decide('penyaringan', 'send-back', at('2026-01-06 13:00'), {
    actor: kasubbag,
    reason: 'Foto kurang jelas, mohon diganti',
  });
  p1.claim('penyuntingan', at('2026-01-06 13:15'), admin);
  p1.decide('penyuntingan', 'complete', at('2026-01-06 14:00'), { actor: admin });
  p1.decide('penyaringan', 'approve', at('2026-01-06 14:30'), { actor: kasubbag });

  const p2 = new SopRun(o.code, def, cal, {
    id: 'palu-artikel-1',
    contentType: 'artikel',
    title: 'Mengenal Daerah Pemilihan',
  });
  p2.start(at('2026-01-07 08:00'));
  p2.decide('disposisi', 'complete', at('2026-01-07 08:30'), { actor: kasubbag });
  p2.decide('pengumpulan', 'complete', at('2026-01-07 11:00'), { actor: staff });
  p2.decide('penyuntingan', 'complete', at('2026-01-08 10:00'), { actor: admin });
  p2.decide('penyaringan', 'approve', at('2026-01-08 10:30'), { actor: kasubbag });

  const p3 = new SopRun(o.code, def, cal, {
    id: 'palu-data-1',
    contentType: 'data',
    title: 'Data Pemilih Tetap',
  });
  p3.start(at('2026-01-12 08:00'));
  p3.decide('disposisi', 'complete', at('2026-01-12 09:00'), { actor: kasubbag });
  p3.cancel(at('2026-01-12 10:00'), 'Data sudah diterbitkan KPU RI');

  return history(
    o,
    [p1, p2, p3],
    [
      pageViews(o.code, at('2026-01-06 20:00'), [
        { itemId: 'palu-berita-1', path: '/berita/palu-berita-1', views: 100 },
        { path: '/', views: 20 },
      ]),
      pageViews(o.code, at('2026-01-20 09:00'), [
        { itemId: 'palu-berita-1', path: '/berita/palu-berita-1', views: 50 },
      ]),
      pageViews(o.code, at('2026-01-09 09:00'), [
        { itemId: 'palu-artikel-1', path: '/berita/palu-artikel-1', views: 30 },
      ]),
      // February: not in January's recap.
      pageViews(o.code, at('2026-02-02 09:00'), [
        { itemId: 'palu-artikel-1', path: '/berita/palu-artikel-1', views: 7 },
      ]),
    ],
  );
}

function jateng(): OfficeHistory {
  const o = OFFICES.jateng!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const def = loadDefinition(SEEDS.jateng);
  const subkoor = person('u-jtg-subkoor', 'Bambang Sutrisno');
  const kabag = person('u-jtg-kabag', 'Sri Wahyuni');
  const sekretaris = person('u-jtg-sekretaris', 'Agus Salim');

  const j1 = new SopRun(o.code, def, cal, {
    id: 'jateng-berita-1',
    contentType: 'berita',
    title: 'Rapat Pleno Terbuka',
  });
  j1.start(at('2026-01-05 09:00'));
  j1.decide('konsep', 'complete', at('2026-01-05 09:45'));
  j1.decide('validasi', 'complete', at('2026-01-05 09:48'));
  j1.claim('koreksi-subkoor', at('2026-01-05 09:50'), subkoor);
  j1.decide('koreksi-subkoor', 'approve', at('2026-01-05 10:10'), { actor: subkoor });

  const j2 = new SopRun(o.code, def, cal, {
    id: 'jateng-artikel-1',
    contentType: 'artikel',
    title: 'Partisipasi Pemilih Muda',
  });
  j2.start(at('2026-01-06 09:00'));
  // Sixty minutes for the draft: ninety taken (breach, escalated to the Kabag HTH).
  j2.decide('konsep', 'complete', at('2026-01-06 10:30'));
  j2.decide('validasi', 'complete', at('2026-01-06 10:33'));
  j2.decide('koreksi-subkoor', 'approve', at('2026-01-06 10:50'), { actor: subkoor });
  j2.decide('koreksi-kabag', 'approve', at('2026-01-06 11:10'), { actor: kabag });
  j2.decide('koreksi-sekretaris', 'send-back', at('2026-01-06 11:30'), {
    actor: sekretaris,
    reason: 'Judul perlu disesuaikan dengan pedoman',
  });
  j2.claim('koreksi-kabag', at('2026-01-06 11:35'), kabag);
  j2.decide('koreksi-kabag', 'approve', at('2026-01-06 11:40'), { actor: kabag });
  j2.decide('koreksi-sekretaris', 'approve', at('2026-01-06 11:50'), { actor: sekretaris });
  j2.decide('persetujuan-komisioner', 'approve', at('2026-01-06 12:10'));

  return history(
    o,
    [j1, j2],
    [
      pageViews(o.code, at('2026-01-07 10:00'), [
        { itemId: 'jateng-berita-1', path: '/berita/jateng-berita-1', views: 240 },
        { itemId: 'jateng-artikel-1', path: '/berita/jateng-artikel-1', views: 75 },
      ]),
    ],
  );
}

function babar(): OfficeHistory {
  const o = OFFICES.babar!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const def = loadDefinition(SEEDS.babar);
  const ketua = person('u-babar-ketua', 'Hendra Gunawan');

  const b1 = new SopRun(o.code, def, cal, {
    id: 'babar-hukum-1',
    contentType: 'informasi-hukum',
    title: 'PKPU Kampanye Pemilihan',
  });
  b1.start(at('2026-01-05 08:00'));
  b1.decide('usulan', 'complete', at('2026-01-05 08:10'));
  b1.decide('laporan-kebutuhan', 'complete', at('2026-01-05 08:30'));
  b1.decide('pemeriksaan-kebutuhan', 'postpone', at('2026-01-05 08:50'), {
    actor: ketua,
    role: 'ketua',
    reason: 'Menunggu tahapan kampanye',
  });
  b1.decide('pemeriksaan-kebutuhan', 'resume', at('2026-01-19 09:00'), { actor: ketua, role: 'ketua' });
  b1.decide('pemeriksaan-kebutuhan', 'approve', at('2026-01-19 09:20'), { actor: ketua, role: 'ketua' });
  b1.decide('penelusuran', 'complete', at('2026-01-19 10:00'));
  b1.decide('desain', 'complete', at('2026-01-20 09:00'));
  b1.decide('pemeriksaan-konten', 'approve', at('2026-01-20 09:20'), { role: 'sekretaris' });

  const b2 = new SopRun(o.code, def, cal, {
    id: 'babar-hukum-2',
    contentType: 'informasi-hukum',
    title: 'Keputusan KPU tentang Dana Kampanye',
  });
  b2.start(at('2026-01-21 08:00'));
  b2.decide('usulan', 'complete', at('2026-01-21 08:10'));
  b2.decide('laporan-kebutuhan', 'complete', at('2026-01-21 08:20'));
  b2.decide('pemeriksaan-kebutuhan', 'postpone', at('2026-01-21 08:30'), {
    actor: ketua,
    role: 'ketua',
    reason: 'Belum masuk tahapan',
  });
  return history(
    o,
    [b1, b2],
    [
      pageViews(o.code, at('2026-01-21 12:00'), [
        { itemId: 'babar-hukum-1', path: '/berita/babar-hukum-1', views: 64 },
      ]),
    ],
  );
}

function mentawai(): OfficeHistory {
  const o = OFFICES.mentawai!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const def = loadDefinition(SEEDS.mentawai);
  const pasca = person('u-mtw-pasca', 'Yosef Sabebegen');
  const koordinator = person('u-mtw-koordinator', 'Maria Saleleubaja');

  const m1 = new SopRun(o.code, def, cal, {
    id: 'mentawai-berita-1',
    contentType: 'berita',
    title: 'Pemutakhiran Data Pemilih di Siberut',
  });
  m1.start(at('2026-01-06 08:00'));
  m1.decide('proyeksi', 'complete', at('2026-01-06 08:30'));
  m1.decide('disposisi-ppid', 'complete', at('2026-01-06 09:00'));
  m1.decide('disposisi-sekretaris', 'complete', at('2026-01-06 10:00'));
  m1.decide('penugasan', 'complete', at('2026-01-06 11:00'));
  m1.claim('pembuatan-materi', at('2026-01-06 11:10'), pasca);
  m1.decide('pembuatan-materi', 'complete', at('2026-01-06 13:00'), { actor: pasca });
  m1.decide('verifikasi', 'send-back', at('2026-01-06 14:00'), {
    actor: koordinator,
    reason: 'Data peserta belum lengkap',
  });
  m1.decide('pembuatan-materi', 'complete', at('2026-01-07 09:00'), { actor: pasca });
  m1.decide('verifikasi', 'approve', at('2026-01-07 09:30'), { actor: koordinator });

  return history(
    o,
    [m1],
    [
      pageViews(o.code, at('2026-01-08 08:00'), [
        { itemId: 'mentawai-berita-1', path: '/berita/mentawai-berita-1', views: 42 },
      ]),
      pageViews(o.code, at('2026-01-15 08:00'), [
        { itemId: 'mentawai-berita-1', path: '/berita/mentawai-berita-1', views: 8 },
        { path: '/profil', views: 5 },
      ]),
    ],
  );
}

function ketapang(): OfficeHistory {
  const o = OFFICES.ketapang!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const def = loadDefinition(SEEDS.ketapang);
  const redaktur = person('u-ktp-redaktur', 'Hasanudin');

  const k1 = new SopRun(o.code, def, cal, {
    id: 'ketapang-berita-1',
    contentType: 'berita',
    title: 'Bupati Resmikan Pasar',
  });
  k1.start(at('2026-01-08 08:00'));
  // "1-3 Jam": past the one-hour target, within the three-hour limit.
  k1.decide('pengumpulan', 'complete', at('2026-01-08 09:30'));
  k1.decide('peliputan', 'complete', at('2026-01-08 10:00'));
  k1.decide('rilis', 'complete', at('2026-01-08 10:30'));
  k1.decide('koreksi-editor', 'approve', at('2026-01-08 10:40'));
  k1.decide('koreksi-redaktur', 'send-back', at('2026-01-08 11:00'), {
    actor: redaktur,
    reason: 'Kutipan narasumber perlu diverifikasi',
  });
  k1.decide('rilis', 'complete', at('2026-01-08 11:30'));
  k1.decide('koreksi-editor', 'approve', at('2026-01-08 11:40'));
  k1.decide('koreksi-redaktur', 'approve', at('2026-01-08 11:50'), { actor: redaktur });
  return history(o, [k1]);
}

function other(): OfficeHistory {
  const o = OFFICES.other!;
  const cal = calendarOf(o);
  const at = (s: string) => localTime(s, o.timeZone);
  const x = new SopRun(o.code, loadDefinition(SEEDS.palu), cal, {
    id: 'lain-berita-1',
    contentType: 'berita',
    title: 'Rahasia kantor lain',
  });
  x.start(at('2026-01-05 08:00'));
  x.decide('disposisi', 'complete', at('2026-01-05 09:00'));
  x.decide('pengumpulan', 'complete', at('2026-01-05 10:00'));
  x.decide('penyuntingan', 'complete', at('2026-01-05 11:00'));
  x.decide('penyaringan', 'approve', at('2026-01-05 12:00'));
  return history(
    o,
    [x],
    [
      pageViews(o.code, at('2026-01-06 09:00'), [
        { itemId: 'lain-berita-1', path: '/berita/lain-berita-1', views: 999 },
      ]),
    ],
  );
}
