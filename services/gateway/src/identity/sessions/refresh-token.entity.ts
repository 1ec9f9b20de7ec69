import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A refresh token, by its SHA-256: valid once; using a spent one revokes the whole session. */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
