import { Injectable, Logger, Optional } from '@nestjs/common';
import { type OfficeView } from '@tatalaman/contracts';
import { CommandClient, RemoteError } from '@tatalaman/messaging';
import {
  defaultOfficeCalendar,
  localDate,
  validateCalendar,
  type OfficeCalendar,
} from '@tatalaman/working-time';
import { DataSource } from 'typeorm';
import { one } from '@tatalaman/persistence';

/** What reporting needs of an office: its zone and working calendar, and its name for headers. */
export interface OfficeInfo {
  code: string;
  name: string;
  kind?: string;
  timeZone: string;
  calendar: OfficeCalendar;
  /** `default`: the gateway does not know the office; the standard calendar stands in. */
  source: 'gateway' | 'default';
  /** The calendar's version at the gateway (absent for the standard calendar). */
  calendarVersion?: number;
  /** Last local day its holidays cover. */
  calendarUntil?: string;
}

/** A calendar fetched from the gateway is used for this long before it is asked again. */
const REFRESH_MS = 12 * 3600_000;
/** An office the gateway did not know is asked about again after this long. */
const DEFAULT_RETRY_MS = 10 * 60_000;

interface CachedRow {
  office: string;
  name: string;
  kind: string | null;
  time_zone: string;
  calendar: OfficeCalendar;
  source: 'gateway' | 'default';
  fetched_at: Date | string | null;
  calendar_version: number | null;
  calendar_until: string | null;
}

/**
 * `fetched_at` as milliseconds. A row marked stale by an older version of `invalidate`
 * holds `-infinity`, which node-pg returns as a string: it reads as "long ago".
 */
export function fetchedMillis(value: Date | string | null): number {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : 0;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * Office calendars for working-time arithmetic and local dates, from the gateway's
 * `gateway.office.get`, cached in memory and in `reporting.office_calendars`:
 *
 * - a cached calendar is used for 12 hours, then fetched again (a failed refresh keeps
 *   the cached one, so an unreachable gateway never stops the projections once an office
 *   is known);
 * - an office the gateway does not know (404) gets the standard civil-service calendar in
 *   the zone its `identity.office-created` event gave (WIB when none), marked `default`;
 *   reports say so in their header. It is asked again after 10 minutes;
 * - without any cached calendar and no answer (gateway down), the lookup throws: the event
 *   is retried later rather than projected with a guessed calendar.
 *
 * The cache table is not a projection, so a rebuild uses the same calendars as the live
 * projection did (see docs/reporting.md on what a calendar change means for old figures).
 */
@Injectable()
export class OfficeDirectory {
  private readonly logger = new Logger('OfficeDirectory');
  private readonly memory = new Map<string, { info: OfficeInfo; fetchedAt: number }>();
  private readonly inflight = new Map<string, Promise<OfficeInfo>>();
  /** Earlier calendar versions, by office, version and year: they never change. */
  private readonly versions = new Map<string, OfficeCalendar>();

  constructor(
    private readonly ds: DataSource,
    @Optional() private readonly commands?: CommandClient,
  ) {}

  async get(office: string): Promise<OfficeInfo> {
    const hit = this.memory.get(office);
    if (hit && !this.stale(hit.info, hit.fetchedAt)) return hit.info;
    const pending = this.inflight.get(office);
    if (pending) return pending;
    const work = this.load(office, hit?.info).finally(() => this.inflight.delete(office));
    this.inflight.set(office, work);
    return work;
  }

  /** The office's calendar or name changed: ask the gateway on next use (the cached one stays as a fallback). */
  async invalidate(office: string): Promise<void> {
    this.memory.delete(office);
    // 'epoch', not '-infinity': node-pg returns infinite timestamps as strings.
    await this.ds.query(`UPDATE reporting.office_calendars SET fetched_at = 'epoch' WHERE office = $1`, [
      office,
    ]);
  }

  /**
   * The calendar a run counted with: version `version` of the office's calendar, for the
   * years around the instant `at` (local year). The office's current calendar when the
   * version is unknown (events from before versions) or is the current one and covers
   * that year. Versions never change, so each is asked for once and kept.
   */
  async calendarFor(
    office: string,
    version: number | null | undefined,
    at: number | null,
  ): Promise<OfficeCalendar> {
    const info = await this.get(office);
    if (version === null || version === undefined || info.source === 'default') return info.calendar;
    const year = Number(localDate(at ?? Date.now(), info.timeZone).slice(0, 4));
    // The current copy holds the year before, the year and the year after its middle year.
    const last = Number(info.calendarUntil?.slice(0, 4));
    if (version === info.calendarVersion && year >= last - 2 && year < last) return info.calendar;
    const key = `${office}\u0000${version}\u0000${year}`;
    const known = this.versions.get(key);
    if (known) return known;
    const row = await one<{ calendar: OfficeCalendar }>(
      this.ds,
      `SELECT calendar FROM reporting.office_calendar_versions WHERE office = $1 AND version = $2 AND year = $3`,
      [office, version, year],
    );
    let calendar = row?.calendar;
    if (!calendar) {
      try {
        if (!this.commands) throw new Error('no NATS connection to ask the gateway');
        const view = await this.commands.send(
          'gateway.office.get',
          { office, calendarVersion: version, year },
          { timeoutMs: 3000 },
        );
        calendar = view.calendar as unknown as OfficeCalendar;
      } catch (error) {
        if (error instanceof RemoteError && error.status === 404) {
          // The gateway does not have that version (an office re-created): the current one stands in.
          this.logger.warn(`calendar version ${version} of ${office} is unknown; using the current calendar`);
          return info.calendar;
        }
        throw new Error(
          `Calendar version ${version} of office ${office} is not known here and the gateway did not answer ` +
            `(${(error as Error).message}); the event will be retried.`,
          { cause: error },
        );
      }
      await this.ds.query(
        `INSERT INTO reporting.office_calendar_versions (office, version, year, calendar) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [office, version, year, JSON.stringify(calendar)],
      );
    }
    if (this.versions.size > 5_000) this.versions.clear();
    this.versions.set(key, calendar);
    return calendar;
  }

  private stale(info: OfficeInfo, fetchedAt: number): boolean {
    return Date.now() - fetchedAt > (info.source === 'default' ? DEFAULT_RETRY_MS : REFRESH_MS);
  }

  private async load(office: string, previous?: OfficeInfo): Promise<OfficeInfo> {
    const row = await one<CachedRow>(
      this.ds,
      `SELECT office, name, kind, time_zone, calendar, source, fetched_at, calendar_version, calendar_until
       FROM reporting.office_calendars WHERE office = $1`,
      [office],
    );
    const cached = row ? this.fromRow(row) : previous;
    const fetchedAt = row ? fetchedMillis(row.fetched_at) : 0;
    if (cached && row && !this.stale(cached, fetchedAt)) {
      this.memory.set(office, { info: cached, fetchedAt });
      return cached;
    }
    let view: OfficeView | undefined;
    try {
      if (!this.commands) throw new Error('no NATS connection to ask the gateway');
      view = await this.commands.send('gateway.office.get', { office }, { timeoutMs: 3000 });
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404) {
        return this.remember(await this.defaultFor(office));
      }
      if (cached) {
        this.logger.warn(
          `calendar of ${office} not refreshed (${(error as Error).message}); using the cached one`,
        );
        // Keep using it; try again after the normal interval.
        this.memory.set(office, { info: cached, fetchedAt: Date.now() });
        return cached;
      }
      throw new Error(
        `The working calendar of office ${office} is unknown and the gateway did not answer ` +
          `(${(error as Error).message}); the event will be retried.`,
        { cause: error },
      );
    }
    const calendar = view.calendar as unknown as OfficeCalendar;
    const problems = validateCalendar(calendar);
    if (problems.length) {
      throw new Error(
        `gateway.office.get returned an invalid calendar for ${office}: ${problems.map((p) => `${p.path} ${p.en}`).join('; ')}`,
      );
    }
    return this.remember({
      code: office,
      name: view.name,
      kind: view.kind,
      timeZone: calendar.timeZone,
      calendar,
      source: 'gateway',
      calendarVersion: view.calendarVersion,
      calendarUntil: view.calendarUntil,
    });
  }

  private async defaultFor(office: string): Promise<OfficeInfo> {
    const known = await one<{ name: string | null; time_zone: string | null; kind: string | null }>(
      this.ds,
      `SELECT name, time_zone, kind FROM reporting.offices WHERE office = $1`,
      [office],
    );
    const timeZone = known?.time_zone ?? 'Asia/Jakarta';
    this.logger.warn(
      `office ${office} is unknown to the gateway; using the standard working calendar (${timeZone})`,
    );
    return {
      code: office,
      name: known?.name ?? office,
      kind: known?.kind ?? undefined,
      timeZone,
      calendar: defaultOfficeCalendar(timeZone),
      source: 'default',
    };
  }

  private async remember(info: OfficeInfo): Promise<OfficeInfo> {
    await this.ds.query(
      `INSERT INTO reporting.office_calendars (office, name, kind, time_zone, calendar, source, fetched_at,
         calendar_version, calendar_until)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8)
       ON CONFLICT (office) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         time_zone = EXCLUDED.time_zone, calendar = EXCLUDED.calendar, source = EXCLUDED.source,
         fetched_at = EXCLUDED.fetched_at, calendar_version = EXCLUDED.calendar_version,
         calendar_until = EXCLUDED.calendar_until`,
      [
        info.code,
        info.name,
        info.kind ?? null,
        info.timeZone,
        JSON.stringify(info.calendar),
        info.source,
        info.calendarVersion ?? null,
        info.calendarUntil ?? null,
      ],
    );
    this.memory.set(info.code, { info, fetchedAt: Date.now() });
    return info;
  }

  private fromRow(row: CachedRow): OfficeInfo {
    return {
      code: row.office,
      name: row.name,
      kind: row.kind ?? undefined,
      timeZone: row.time_zone,
      calendar: row.calendar,
      source: row.source,
      calendarVersion: row.calendar_version ?? undefined,
      calendarUntil: row.calendar_until ?? undefined,
    };
  }
}
