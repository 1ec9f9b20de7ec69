import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A decision in an item's run and the revision it saw (the item's current revision at that moment). */
@Entity({ name: 'decisions' })
export class Decision {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text') office!: string;
  @Column('uuid', { name: 'item_id' }) itemId!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'step_id' }) stepId!: string;
  @Column('integer') attempt!: number;
  @Column('text') decision!: string;
  @Column('jsonb', { nullable: true }) by!: Actor | null;
  @Column('text', { nullable: true }) role!: string | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('text', { name: 'to_step', nullable: true }) toStep!: string | null;
  @Column('integer', { name: 'revision_number' }) revisionNumber!: number;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
}
