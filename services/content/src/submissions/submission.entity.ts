import type { Actor, CommandResponse } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One submit request (per idempotency key), stored before the runtime is asked to start the run. */
@Entity({ name: 'submissions' })
export class Submission {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('uuid', { name: 'item_id' }) itemId!: string;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  @Column('uuid', { name: 'revision_id' }) revisionId!: string;
  @Column('integer', { name: 'revision_number' }) revisionNumber!: number;
  @Column('text') status!: 'pending' | 'started';
  @Column('text', { name: 'workflow_id', nullable: true }) workflowId!: string | null;
  @Column('text', { name: 'definition_key', nullable: true }) definitionKey!: string | null;
  @Column('integer', { name: 'definition_version', nullable: true }) definitionVersion!: number | null;
  @Column('jsonb', { name: 'submitted_by' }) submittedBy!: Actor;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('jsonb', { nullable: true }) response!: CommandResponse<'content.item.submit'> | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
}
