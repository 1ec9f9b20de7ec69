import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user belongs to an office; office admins manage that office. */
@Entity({ name: 'memberships' })
export class Membership {
  @PrimaryColumn('text')
  office!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('boolean', { name: 'office_admin' })
  officeAdmin!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
