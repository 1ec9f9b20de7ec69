import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * definition_owners   platform definition keys that are one office's own SOP (the seeds):
 *                     every office reads them as templates, only that office activates them.
 *
 * Seeds uploaded before this migration are recorded at once (uploaded by the `seed-demo`
 * system actor; the office is the key's part before the first dot, as the seed names it).
 * Activations another office already made of them stay until an admin retires them.
 */
export class DefinitionOwners1796300000000 implements MigrationInterface {
  name = 'DefinitionOwners1796300000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    await q.query(`CREATE TABLE ${t('definition_owners')} (
      key text PRIMARY KEY,
      office text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `INSERT INTO ${t('definition_owners')} (key, office)
       SELECT DISTINCT key, split_part(key, '.', 1) FROM ${t('definitions')}
        WHERE office = 'platform' AND uploaded_by->>'kind' = 'system' AND uploaded_by->>'id' = 'seed-demo'
       ON CONFLICT (key) DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${qualified(q, 'definition_owners')}`);
  }
}
