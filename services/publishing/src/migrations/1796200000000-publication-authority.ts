import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Receipts of corrections and retractions record on whose authority they were made (the
 * office admin, or a publish-step role of the office's SOP), their note or reason, and the
 * run whose publication they acted on (`subject_run`, its workflow id): that run's
 * timeline lists them.
 */
export class PublicationAuthority1796200000000 implements MigrationInterface {
  name = 'PublicationAuthority1796200000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    await q.query(
      `ALTER TABLE ${t('receipts')} ADD COLUMN authority jsonb, ADD COLUMN note text, ADD COLUMN subject_run text`,
    );
    await q.query(
      `CREATE INDEX receipts_subject_run ON ${t('receipts')} (office, subject_run, created_at) WHERE subject_run IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    await q.query(
      `ALTER TABLE ${t('receipts')} DROP COLUMN subject_run, DROP COLUMN note, DROP COLUMN authority`,
    );
  }
}
