import { Get } from '@nestjs/common';
import { PLATFORM_OFFICE } from '@tatalaman/contracts';
import type { OfficeAccess } from '../http/context';
import { ApiController, Endpoint, OfficeController } from '../http/endpoint';
import { Access, ValidQuery } from '../http/params';
import { TAGS } from '../http/tags';
import { AuditPage, AuditQuery } from './audit.api';
import { AuditService } from './audit.service';

const description =
  'Every change by a person or API key in any service, with old and new values (secrets as "***"), newest ' +
  'first. Entries arrive through the event stream, usually within a second of the change. Filters combine.';

@OfficeController('audit', TAGS.audit)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Endpoint({
    operationId: 'listAuditEntries',
    summary: "The office's audit log",
    description,
    requires: 'audit:read',
    query: AuditQuery,
    response: AuditPage,
  })
  list(@Access() access: OfficeAccess, @ValidQuery() query: AuditQuery) {
    return this.audit.page(access.office, query);
  }
}

@ApiController('platform-audit', TAGS.audit)
export class PlatformAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Endpoint({
    operationId: 'listPlatformAuditEntries',
    summary: 'The audit log of platform-wide changes',
    description: `Platform admins: changes that belong to no office (platform admins, accounts created outside an office). ${description}`,
    requires: 'platform-admin',
    query: AuditQuery,
    response: AuditPage,
  })
  list(@ValidQuery() query: AuditQuery) {
    return this.audit.page(PLATFORM_OFFICE, query);
  }
}
