import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person's account. Platform-wide: one account can be a member of several offices. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  /** The login; stored lower-case. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  /** argon2id (PHC string); never logged, never returned. */
  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('boolean')
  active!: boolean;

  @Column('boolean', { name: 'platform_admin' })
  platformAdmin!: boolean;

  @Column('timestamptz', { name: 'password_changed_at' })
  passwordChangedAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
