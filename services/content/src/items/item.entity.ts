import type { Actor, ContentItemView, ContentStatus, ReviewState } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../common/json';

/** A content item, carrying the values of its current revision for lists and search. */
@Entity({ name: 'items' })
export class Item {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('text') type!: string;
  @Column('text') language!: 'id' | 'en';
  @Column('text') status!: ContentStatus;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) summary!: string | null;
  @Column('text', { array: true }) tags!: string[];
  @Column('jsonb') fields!: JsonObject;
  @Column('text', { name: 'body_text' }) bodyText!: string;
  @Column('uuid', { name: 'current_revision_id' }) currentRevisionId!: string;
  @Column('integer', { name: 'current_revision_number' }) currentRevisionNumber!: number;
  @Column('jsonb') author!: Actor;
  /** The active run; null when none is going. */
  @Column('text', { name: 'workflow_id', nullable: true }) workflowId!: string | null;
  @Column('jsonb', { nullable: true }) review!: ReviewState | null;
  @Column('jsonb', { name: 'last_outcome', nullable: true }) lastOutcome!: ContentItemView['lastOutcome'];
  @Column('jsonb', { nullable: true }) published!: ContentItemView['published'];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
