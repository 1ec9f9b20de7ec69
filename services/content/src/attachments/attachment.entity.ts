import type { Actor, AttachmentKind } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file of an item. `pending`: an upload slot waiting for its bytes; `removed`: kept for the record. */
@Entity({ name: 'attachments' })
export class Attachment {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('uuid', { name: 'item_id' }) itemId!: string;
  @Column('text') status!: 'pending' | 'ready' | 'removed';
  @Column('text', { name: 'file_name' }) fileName!: string;
  @Column('text', { name: 'claimed_type' }) claimedType!: string;
  /** Detected from the bytes once ready. */
  @Column('text', { name: 'media_type' }) mediaType!: string;
  @Column('text') kind!: AttachmentKind;
  @Column('bigint', {
    transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) },
  })
  size!: number;
  @Column('text', { nullable: true }) sha256!: string | null;
  @Column('text', { name: 'object_name' }) objectName!: string;
  @Column('text', { nullable: true }) alt!: string | null;
  @Column('text', { nullable: true }) caption!: string | null;
  @Column('jsonb', { name: 'uploaded_by' }) uploadedBy!: Actor;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt!: Date | null;
  @Column('jsonb', { name: 'removed_by', nullable: true }) removedBy!: Actor | null;
}
