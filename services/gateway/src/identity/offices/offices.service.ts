import { Injectable } from '@nestjs/common';
import { type Actor, GATEWAY_ERRORS, type OfficeView as OfficeContractView } from '@tatalaman/contracts';
import { DEFAULT_WORKING_HOURS, localDate } from '@tatalaman/working-time';
import { canonicalJson, commandFailure } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '@tatalaman/persistence';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { ChangeRecorder } from '../changes';
import { calendarAround, checkCalendar, localYear, officeHolidays } from './calendar';
import { Office, OfficeCalendarVersion, type WorkingHours } from './office.entity';
import type { CalendarSettingsBody, CreateOfficeBody, UpdateOfficeBody } from './offices.api';

export function defaultWorkingHours(): WorkingHours {
  const out = {} as WorkingHours;
  for (const d of ['1', '2', '3', '4', '5', '6', '7'] as const) {
    out[d] = DEFAULT_WORKING_HOURS[Number(d) as 1].map((i) => ({ start: i.start, end: i.end }));
  }
  return out;
}

export function officeView(o: Office) {
  return {
    code: o.code,
    name: o.name,
    kind: o.kind,
    timeZone: o.timeZone,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** What the audit log shows of an office. */
function auditShape(o: Office): Record<string, unknown> {
  return {
    name: o.name,
    kind: o.kind,
    timeZone: o.timeZone,
    workingHours: o.workingHours,
    holidayOverrides: o.holidayOverrides,
    extraWorkingDays: o.extraWorkingDays,
  };
}

@Injectable()
export class OfficesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
  ) {}

  find(code: string, manager: EntityManager = this.dataSource.manager): Promise<Office | null> {
    return manager.getRepository(Office).findOneBy({ code });
  }

  async get(code: string): Promise<Office> {
    const office = await this.find(code);
    if (!office) throw notFound();
    return office;
  }

  /** Every office (platform admins), or the given ones (a user's memberships). */
  async list(codes?: readonly string[]): Promise<Office[]> {
    const repo = this.dataSource.getRepository(Office);
    if (codes && codes.length === 0) return [];
    const qb = repo.createQueryBuilder('o').orderBy('o.code');
    if (codes) qb.where('o.code = ANY(:codes)', { codes });
    return qb.getMany();
  }

  async create(actor: Actor, body: CreateOfficeBody): Promise<Office> {
    const workingHours = body.workingHours ?? defaultWorkingHours();
    checkCalendar({ timeZone: body.timeZone, workingHours, holidayOverrides: [], extraWorkingDays: [] });
    return this.uow.run(async (manager) => {
      const now = new Date();
      const office = manager.getRepository(Office).create({
        code: body.code,
        name: body.name,
        kind: body.kind,
        timeZone: body.timeZone,
        workingHours,
        holidayOverrides: [],
        extraWorkingDays: [],
        calendarVersion: 1,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await manager.getRepository(Office).insert(office);
        await recordCalendarVersion(manager, office);
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new Problem('office-exists', {
            detail: {
              id: `Kode ${body.code} sudah dipakai.`,
              en: `The code ${body.code} is already in use.`,
            },
          });
        }
        throw e;
      }
      await this.changes.record(manager, {
        office: office.code,
        actor,
        entity: 'office',
        entityId: office.code,
        action: 'create',
        after: auditShape(office),
        events: [
          this.changes.event('identity.office-created', office.code, actor, {
            name: office.name,
            timeZone: office.timeZone,
            kind: office.kind,
          }),
        ],
      });
      return office;
    });
  }

  async update(code: string, actor: Actor, body: UpdateOfficeBody): Promise<Office> {
    return this.uow.run(async (manager) => {
      const repo = manager.getRepository(Office);
      const before = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      const after = { ...before, ...body, updatedAt: new Date() } as Office;
      const changed = (['name', 'kind', 'timeZone'] as const).filter((f) => before[f] !== after[f]);
      if (changed.length === 0) return before;
      // The zone is part of the working calendar: a new calendar version.
      const calendarChanged = changed.includes('timeZone');
      if (calendarChanged) after.calendarVersion = before.calendarVersion + 1;
      await repo.update(
        { code },
        {
          name: after.name,
          kind: after.kind,
          timeZone: after.timeZone,
          calendarVersion: after.calendarVersion,
          updatedAt: after.updatedAt,
        },
      );
      if (calendarChanged) await recordCalendarVersion(manager, after);
      await this.changes.record(manager, {
        office: code,
        actor,
        entity: 'office',
        entityId: code,
        action: 'update',
        before: auditShape(before),
        after: auditShape(after),
        events: [
          this.changes.event('identity.office-updated', code, actor, {
            changedFields: changed,
            ...(changed.includes('name') ? { name: after.name } : {}),
            ...(changed.includes('timeZone') ? { timeZone: after.timeZone } : {}),
            ...(calendarChanged ? { calendarVersion: after.calendarVersion } : {}),
          }),
        ],
      });
      return after;
    });
  }

  async calendar(code: string, year?: number) {
    const office = await this.get(code);
    const y = year ?? Number(localDate(Date.now(), office.timeZone).slice(0, 4));
    return calendarView(office, y);
  }

  async putCalendar(code: string, actor: Actor, body: CalendarSettingsBody) {
    return this.uow.run(async (manager) => {
      const repo = manager.getRepository(Office);
      const before = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      checkCalendar({ timeZone: before.timeZone, ...body });
      const after: Office = {
        ...before,
        workingHours: body.workingHours,
        holidayOverrides: body.holidayOverrides,
        extraWorkingDays: body.extraWorkingDays,
        updatedAt: new Date(),
      };
      // Compared key-order-free: Postgres returns jsonb with its keys reordered.
      const changed = (['workingHours', 'holidayOverrides', 'extraWorkingDays'] as const).filter(
        (f) => canonicalJson(before[f]) !== canonicalJson(after[f]),
      );
      if (changed.length > 0) {
        after.calendarVersion = before.calendarVersion + 1;
        await repo.update(
          { code },
          {
            workingHours: after.workingHours,
            holidayOverrides: after.holidayOverrides,
            extraWorkingDays: after.extraWorkingDays,
            calendarVersion: after.calendarVersion,
            updatedAt: after.updatedAt,
          },
        );
        await recordCalendarVersion(manager, after);
        await this.changes.record(manager, {
          office: code,
          actor,
          entity: 'office',
          entityId: code,
          action: 'update',
          before: auditShape(before),
          after: auditShape(after),
          events: [
            this.changes.event('identity.office-updated', code, actor, {
              changedFields: [...changed],
              calendarVersion: after.calendarVersion,
            }),
          ],
        });
      }
      const year = Number(localDate(Date.now(), after.timeZone).slice(0, 4));
      return calendarView(after, year);
    });
  }

  /**
   * The contract view other services ask for over NATS (`gateway.office.get`): the current
   * calendar, or an earlier version of it (`calendar-version-not-found` when there is no such
   * version), for the years around `year` (default: now).
   */
  async contractView(
    code: string,
    options: { calendarVersion?: number; year?: number } = {},
  ): Promise<OfficeContractView | undefined> {
    const office = await this.find(code);
    if (!office) return undefined;
    let settings: Pick<Office, 'timeZone' | 'workingHours' | 'holidayOverrides' | 'extraWorkingDays'> =
      office;
    let version = office.calendarVersion;
    if (options.calendarVersion !== undefined && options.calendarVersion !== office.calendarVersion) {
      const found = await this.dataSource
        .getRepository(OfficeCalendarVersion)
        .findOneBy({ office: code, version: options.calendarVersion });
      if (!found) throw calendarVersionNotFound(code, options.calendarVersion);
      settings = found;
      version = found.version;
    }
    const { calendar, until } = calendarAround(settings, options.year ?? localYear(settings));
    return {
      code: office.code,
      name: office.name,
      timeZone: office.timeZone,
      kind: office.kind,
      calendar,
      calendarVersion: version,
      calendarUntil: until,
    };
  }
}

/** Keeps the office's calendar settings under its (new) version. */
async function recordCalendarVersion(manager: EntityManager, office: Office): Promise<void> {
  await manager.getRepository(OfficeCalendarVersion).insert({
    office: office.code,
    version: office.calendarVersion,
    timeZone: office.timeZone,
    workingHours: office.workingHours,
    holidayOverrides: office.holidayOverrides,
    extraWorkingDays: office.extraWorkingDays,
    createdAt: office.updatedAt,
  });
}

export const calendarVersionNotFound = (office: string, version: number) =>
  commandFailure(GATEWAY_ERRORS['calendar-version-not-found'], {
    message: {
      id: `Kantor ${office} tidak memiliki kalender versi ${version}.`,
      en: `Office ${office} has no calendar version ${version}.`,
    },
  });

export function calendarView(office: Office, year: number) {
  return {
    office: office.code,
    timeZone: office.timeZone,
    year,
    workingHours: office.workingHours,
    holidayOverrides: office.holidayOverrides,
    extraWorkingDays: office.extraWorkingDays,
    holidays: officeHolidays(office, [year]),
  };
}
