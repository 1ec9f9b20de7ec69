import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A call to `worker.schedules.sync` to make (pending) or made (done), in `seq` order per office and key. */
@Entity({ name: 'schedule_syncs' })
export class ScheduleSync {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) seq!: string;
  @Column('text') office!: string;
  @Column('text') key!: string;
  @Column('integer') version!: number;
  @Column('text') action!: 'sync' | 'remove';
  @Column('uuid', { name: 'activation_id' }) activationId!: string;
  @Column('text') status!: 'pending' | 'done';
  @Column('integer') attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('jsonb', { nullable: true }) result!: {
    schedules: { scheduleId: string; flowId: string; next?: string }[];
  } | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt!: Date | null;
}
