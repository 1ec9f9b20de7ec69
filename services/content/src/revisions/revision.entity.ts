import type { Actor } from '@tatalaman/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../common/json';

/** An immutable, numbered snapshot of an item's fields. */
@Entity({ name: 'revisions' })
export class Revision {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') office!: string;
  @Column('uuid', { name: 'item_id' }) itemId!: string;
  @Column('integer') number!: number;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) summary!: string | null;
  /** Sanitized HTML. */
  @Column('text') body!: string;
  @Column('text', { name: 'body_text' }) bodyText!: string;
  @Column('text', { array: true }) tags!: string[];
  @Column('jsonb') fields!: JsonObject;
  @Column('text') language!: 'id' | 'en';
  @Column('jsonb') author!: Actor;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('integer', { name: 'based_on', nullable: true }) basedOn!: number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
