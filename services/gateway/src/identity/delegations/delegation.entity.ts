import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * While `fromUserId` is away, `toUserId` acts in one of their roles (or all, `role` null)
 * on their behalf, between two local dates (inclusive). Kept after it ends or is revoked.
 */
@Entity({ name: 'delegations' })
export class Delegation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  office!: string;

  @Column('uuid', { name: 'from_user_id' })
  fromUserId!: string;

  @Column('uuid', { name: 'to_user_id' })
  toUserId!: string;

  @Column('text', { nullable: true })
  role!: string | null;

  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to' })
  validTo!: string;

  @Column('text')
  reason!: string;

  @Column('jsonb', { name: 'created_by' })
  createdBy!: Actor;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('jsonb', { name: 'revoked_by', nullable: true })
  revokedBy!: Actor | null;
}
