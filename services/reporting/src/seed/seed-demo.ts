import { auditEvent } from '@tatalaman/audit';
import { type Actor } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { type DataSource } from 'typeorm';
import { insertProblemOnce } from '../problems/problems.queries';

const SEED_ACTOR: Actor = { kind: 'system', id: 'seed-demo', name: 'Data demo' };

/** Palu's SOP requires an inventory of website problems: a few entries to show it. */
const DEMO_PROBLEMS = [
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0001',
    number: 1,
    title: 'Sertifikat SSL website kedaluwarsa',
    description: 'Peramban menampilkan peringatan keamanan saat membuka website kantor.',
    category: 'security',
    severity: 'high',
    status: 'resolved',
    resolution: 'Sertifikat diperbarui melalui panel hosting dan pembaruan otomatis diaktifkan.',
  },
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0002',
    number: 2,
    title: 'Halaman arsip berita lambat dimuat',
    description: 'Halaman arsip memerlukan lebih dari 10 detik untuk tampil pada jam kerja.',
    category: 'server',
    severity: 'medium',
    status: 'in-progress',
    resolution: null,
  },
  {
    id: '6d1f3a52-0a4e-4d0b-9a57-5e0b4c1a0003',
    number: 3,
    title: 'Tautan dokumen PPID tidak dapat dibuka',
    description: 'Beberapa tautan unduhan pada menu PPID mengarah ke berkas yang sudah dipindahkan.',
    category: 'content',
    severity: 'low',
    status: 'open',
    resolution: null,
  },
] as const;

/** Logs the demo problems once (idempotent), each with its audit entry. */
export async function seedDemo(ds: DataSource, log: (m: string) => void): Promise<void> {
  const office = 'kpu-kota-palu';
  const outbox = new OutboxWriter();
  let added = 0;
  await ds.transaction(async (manager) => {
    for (const p of DEMO_PROBLEMS) {
      if (!(await insertProblemOnce(manager, { ...p, office, by: SEED_ACTOR }))) continue;
      added++;
      await outbox.add(
        manager,
        auditEvent({
          office,
          actor: SEED_ACTOR,
          service: 'reporting',
          entity: 'problem',
          entityId: p.id,
          action: 'create',
          before: null,
          after: { ...p },
        }),
      );
    }
  });
  log(
    added
      ? `reporting: ${added} demo problem(s) logged for ${office}`
      : 'reporting: demo problems already there, nothing to seed',
  );
}
