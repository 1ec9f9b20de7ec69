import type { HolidayOverride } from '@tatalaman/holidays';
import type { ExtraWorkingDay, WorkingInterval } from '@tatalaman/working-time';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const OFFICE_KINDS = ['kpu-provinsi', 'kpu-kabupaten', 'kpu-kota', 'other'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** WIB, WITA, WIT. */
export const OFFICE_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type OfficeTimeZone = (typeof OFFICE_TIME_ZONES)[number];

export type WorkingHours = Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', WorkingInterval[]>;

/** An office's calendar settings: the office keeps the current ones, each version a copy. */
abstract class CalendarSettings {
  @Column('text', { name: 'time_zone' })
  timeZone!: OfficeTimeZone;

  @Column('jsonb', { name: 'working_hours' })
  workingHours!: WorkingHours;

  /** Edits over the national holidays: cuti bersama added, holidays the SKB moved or removed. */
  @Column('jsonb', { name: 'holiday_overrides' })
  holidayOverrides!: HolidayOverride[];

  @Column('jsonb', { name: 'extra_working_days' })
  extraWorkingDays!: ExtraWorkingDay[];
}

/**
 * A tenant. The code is the office slug every other table, event subject and object key
 * carries as `office`. This table is the list of tenants itself, so it is read by code,
 * not through `scoped()`.
 */
@Entity({ name: 'offices' })
export class Office extends CalendarSettings {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: OfficeKind;

  /** Grows with every change of the zone, hours, overrides or extra days (see OfficeCalendarVersion). */
  @Column('integer', { name: 'calendar_version' })
  calendarVersion!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One version of an office's calendar settings, kept for good: runs and reports name the version they used. */
@Entity({ name: 'office_calendar_versions' })
export class OfficeCalendarVersion extends CalendarSettings {
  @PrimaryColumn('text')
  office!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
