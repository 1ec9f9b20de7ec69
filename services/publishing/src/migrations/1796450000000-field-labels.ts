import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Pages keep the labels their definition gives the public fields they show, in the
 * definition's order (an array: jsonb objects do not keep key order).
 */
export class FieldLabels1796450000000 implements MigrationInterface {
  name = 'FieldLabels1796450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${qualified(q, 'pages')} ADD COLUMN field_labels jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${qualified(q, 'pages')} DROP COLUMN field_labels`);
  }
}
