import { type DataSource } from 'typeorm';
import { T } from '../persistence';

/**
 * The offices of the seed SOP definitions (the gateway's demo offices, known here by code:
 * services do not import each other). Each gets its website at once, with an empty home
 * page: nothing is published without an SOP run.
 */
export const DEMO_SITES: readonly { office: string; name: string; timeZone: string; kind: string }[] = [
  { office: 'kpu-kota-palu', name: 'KPU Kota Palu', timeZone: 'Asia/Makassar', kind: 'kpu-kota' },
  {
    office: 'kpu-prov-jateng',
    name: 'KPU Provinsi Jawa Tengah',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-provinsi',
  },
  {
    office: 'kpu-kab-bangka-barat',
    name: 'KPU Kabupaten Bangka Barat',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  {
    office: 'kpu-kab-kepulauan-mentawai',
    name: 'KPU Kabupaten Kepulauan Mentawai',
    timeZone: 'Asia/Jakarta',
    kind: 'kpu-kabupaten',
  },
  {
    office: 'diskominfo-kab-ketapang',
    name: 'Diskominfo Kabupaten Ketapang',
    timeZone: 'Asia/Jakarta',
    kind: 'other',
  },
];

/** Idempotent: existing sites (perhaps renamed since through the gateway) are left alone. */
export async function seedDemo(dataSource: DataSource): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const s of DEMO_SITES) {
    const rows: unknown[] = await dataSource.query(
      `INSERT INTO ${T.sites} (office, name, time_zone, kind, source) VALUES ($1, $2, $3, $4, 'seed')
       ON CONFLICT (office) DO NOTHING RETURNING office`,
      [s.office, s.name, s.timeZone, s.kind],
    );
    (rows.length ? created : existing).push(s.office);
  }
  return { created, existing };
}
