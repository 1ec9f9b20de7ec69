import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An office's use of one definition version for some content types. */
@Entity({ name: 'activations' })
export class Activation {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('uuid', { name: 'definition_id' }) definitionId!: string;
  @Column('text') key!: string;
  @Column('integer') version!: number;
  /** The types it holds while active; the ones it held when it was retired. */
  @Column('text', { name: 'content_types', array: true }) contentTypes!: string[];
  @Column('text') status!: 'active' | 'retired';
  @Column('text', { nullable: true }) note!: string | null;
  @Column('jsonb', { name: 'activated_by' }) activatedBy!: Actor;
  @Column('timestamptz', { name: 'activated_at' }) activatedAt!: Date;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
  @Column('jsonb', { name: 'retired_by', nullable: true }) retiredBy!: Actor | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'replaced_by', nullable: true }) replacedBy!: string | null;
}

/** Which activation holds a content type in an office (the primary key makes it one at most). */
@Entity({ name: 'active_types' })
export class ActiveType {
  @PrimaryColumn('text') office!: string;
  @PrimaryColumn('text', { name: 'content_type' }) contentType!: string;
  @Column('uuid', { name: 'activation_id' }) activationId!: string;
}
