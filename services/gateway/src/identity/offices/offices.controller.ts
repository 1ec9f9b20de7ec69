import { Get, Patch, Post, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { membershipOffices } from '../users/users.queries';
import { actorOf, type OfficeAccess, type Principal } from '../../http/context';
import { ApiController, Endpoint, OfficeController } from '../../http/endpoint';
import { Access, CurrentPrincipal, ValidBody, ValidQuery } from '../../http/params';
import { Problem } from '../../http/problems';
import { TAGS } from '../../http/tags';
import {
  CalendarQuery,
  CalendarSettingsBody,
  CalendarView,
  CreateOfficeBody,
  OfficeList,
  OfficeView,
  UpdateOfficeBody,
} from './offices.api';
import { OfficesService, officeView } from './offices.service';

export function requirePlatformAdmin(principal: Principal): void {
  if (principal.kind !== 'user' || !principal.platformAdmin) {
    throw new Problem('forbidden', {
      detail: { id: 'Hanya untuk admin platform.', en: 'Only for platform admins.' },
    });
  }
}

@ApiController('offices', TAGS.offices)
export class OfficesController {
  constructor(
    private readonly offices: OfficesService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listOffices',
    summary: 'Offices I can see',
    description:
      "Platform admins: every office. People: the offices they are members of. API keys: the key's office.",
    requires: 'signed-in',
    response: OfficeList,
  })
  async list(@CurrentPrincipal() principal: Principal) {
    let codes: string[] | undefined;
    if (principal.kind === 'api-key') codes = [principal.office];
    else if (!principal.platformAdmin) codes = await membershipOffices(this.dataSource, principal.id);
    return { offices: (await this.offices.list(codes)).map(officeView) };
  }

  @Post()
  @Endpoint({
    operationId: 'createOffice',
    summary: 'Onboard an office',
    description:
      'Platform admins. The code is the office slug for good (URLs, events, storage); `platform` is reserved. ' +
      'Then add its office admin with `POST /api/v1/offices/{office}/users` (`officeAdmin: true`).',
    requires: 'platform-admin',
    body: CreateOfficeBody,
    response: OfficeView,
    status: 201,
    problems: ['office-exists', 'invalid-calendar'],
  })
  async create(@CurrentPrincipal() principal: Principal, @ValidBody() body: CreateOfficeBody) {
    return officeView(await this.offices.create(actorOf(principal), body));
  }
}

@OfficeController('', TAGS.offices)
export class OfficeProfileController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Endpoint({
    operationId: 'getOffice',
    summary: 'An office',
    requires: 'office:read',
    response: OfficeView,
  })
  async get(@Access() access: OfficeAccess) {
    return officeView(await this.offices.get(access.office));
  }

  @Patch()
  @Endpoint({
    operationId: 'updateOffice',
    summary: "Change an office's name, kind or time zone",
    description: 'Platform admins only (office admins get 403).',
    requires: 'office:admin',
    body: UpdateOfficeBody,
    response: OfficeView,
  })
  async update(@Access() access: OfficeAccess, @ValidBody() body: UpdateOfficeBody) {
    requirePlatformAdmin(access.principal);
    return officeView(await this.offices.update(access.office, access.actor, body));
  }
}

@OfficeController('calendar', TAGS.calendar)
export class CalendarController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Endpoint({
    operationId: 'getOfficeCalendar',
    summary: "An office's working calendar",
    description:
      'Working hours, the holiday overrides and extra working days as set, and the resulting holidays of a year: ' +
      'the national holidays (date-holidays) with the overrides applied (cuti bersama added, SKB moves).',
    requires: 'office:read',
    query: CalendarQuery,
    response: CalendarView,
  })
  get(@Access() access: OfficeAccess, @ValidQuery() query: CalendarQuery) {
    return this.offices.calendar(access.office, query.year);
  }

  @Put()
  @Endpoint({
    operationId: 'putOfficeCalendar',
    summary: "Set an office's working calendar",
    description:
      'Replaces the working hours, holiday overrides and extra working days. The result is checked the way ' +
      'SOP runs will use it (overlapping hours, end before start, no working time at all: 422).',
    requires: 'office:admin',
    body: CalendarSettingsBody,
    response: CalendarView,
    problems: ['invalid-calendar'],
  })
  put(@Access() access: OfficeAccess, @ValidBody() body: CalendarSettingsBody) {
    return this.offices.putCalendar(access.office, access.actor, body);
  }
}
