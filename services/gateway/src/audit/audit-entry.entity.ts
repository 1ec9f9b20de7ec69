import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One `audit.change-recorded` event, from any service. Append-only: a database trigger
 * refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'audit_log' })
export class AuditEntry {
  /** The event id (so a redelivered event is stored once). */
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order; the cursor of the paged list. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('text')
  office!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt!: Date;

  @Column('text', { name: 'actor_kind' })
  actorKind!: string;

  @Column('text', { name: 'actor_id' })
  actorId!: string;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName!: string | null;

  @Column('text')
  service!: string;

  @Column('text')
  entity!: string;

  @Column('text', { name: 'entity_id' })
  entityId!: string;

  @Column('text')
  action!: string;

  @Column('jsonb')
  changes!: { field: string; old: unknown; new: unknown }[];

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text', { name: 'correlation_id', nullable: true })
  correlationId!: string | null;
}
