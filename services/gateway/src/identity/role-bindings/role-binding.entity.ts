import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A user holds an SOP role in an office between two local dates (inclusive; no end =
 * until revoked). Rows are never deleted: revoking sets `revokedAt`, so who held a role
 * when stays traceable.
 */
@Entity({ name: 'role_bindings' })
export class RoleBinding {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  office!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  role!: string;

  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to', nullable: true })
  validTo!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('jsonb', { name: 'created_by' })
  createdBy!: Actor;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('jsonb', { name: 'revoked_by', nullable: true })
  revokedBy!: Actor | null;
}
