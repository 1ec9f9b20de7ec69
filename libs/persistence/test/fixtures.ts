import { Column, Entity, type MigrationInterface, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';
import { qualified } from '../src';

/** An office-owned entity, as every service has many of. */
@Entity({ name: 'notes' })
export class Note {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  office!: string;

  @Column('text')
  title!: string;
}

/** A platform-wide entity without an office column. */
@Entity({ name: 'settings' })
export class Setting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  key!: string;
}

export class CreateNotes1795305700000 implements MigrationInterface {
  name = 'CreateNotes1795305700000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${qualified(q, 'notes')} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), office text NOT NULL, title text NOT NULL)`);
    await q.query(`CREATE TABLE ${qualified(q, 'settings')} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), key text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${qualified(q, 'settings')}`);
    await q.query(`DROP TABLE ${qualified(q, 'notes')}`);
  }
}
