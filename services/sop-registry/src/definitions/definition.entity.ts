import type { Actor } from '@tatalaman/contracts';
import type { CompiledSop, Diagnostic } from '@tatalaman/sop-language';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One published version. `office` is `platform` (visible everywhere) or the office that uploaded it. */
@Entity({ name: 'definitions' })
export class Definition {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('text') key!: string;
  @Column('integer') version!: number;
  @Column('text') title!: string;
  @Column('text') source!: string;
  @Column('text', { name: 'source_format' }) sourceFormat!: 'yaml' | 'json';
  @Column('jsonb') compiled!: CompiledSop;
  @Column('text') checksum!: string;
  @Column('text', { name: 'content_types', array: true }) contentTypes!: string[];
  @Column('boolean', { name: 'has_schedules' }) hasSchedules!: boolean;
  @Column('jsonb') warnings!: Diagnostic[];
  @Column('jsonb', { name: 'uploaded_by' }) uploadedBy!: Actor;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt!: Date;
  /**
   * Not a column: for a platform definition that is one office's own SOP (a seed), that
   * office (`definition_owners`); only it may activate it, others read it as a template.
   */
  reservedFor?: string | null;
}
