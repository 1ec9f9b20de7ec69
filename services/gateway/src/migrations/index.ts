import { MessagingTables1795305600000 } from '@tatalaman/persistence';
import { IdentityTables1795600000000 } from './1795600000000-identity-tables';
import { AuditLog1795600100000 } from './1795600100000-audit-log';
import { IdempotencyKeys1795600200000 } from './1795600200000-idempotency-keys';
import { OfficeCalendarVersions1795600412000 } from './1795600412000-office-calendar-versions';
import { SignInLimits1796400000000 } from './1796400000000-sign-in-limits';

/** The gateway schema's migrations, in order. */
export const gatewayMigrations = [
  MessagingTables1795305600000,
  IdentityTables1795600000000,
  AuditLog1795600100000,
  IdempotencyKeys1795600200000,
  OfficeCalendarVersions1795600412000,
  SignInLimits1796400000000,
];
