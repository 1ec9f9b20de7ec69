import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A key an agency system calls with: office-bound, scoped, revocable; only its SHA-256 is kept. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  office!: string;

  @Column('text')
  name!: string;

  /** The first characters of the key (`tlk_AbCd1234`), shown in lists to recognise it. */
  @Column('text')
  prefix!: string;

  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('text', { array: true })
  scopes!: string[];

  @Column('jsonb', { name: 'created_by' })
  createdBy!: Actor;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('jsonb', { name: 'revoked_by', nullable: true })
  revokedBy!: Actor | null;

  /** Updated at most once a minute per key, so a burst of requests is not a burst of writes. */
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
