import { serviceSchema } from '@tatalaman/persistence';
import { ApiKey } from './identity/api-keys/api-key.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { Delegation } from './identity/delegations/delegation.entity';
import { Office, OfficeCalendarVersion } from './identity/offices/office.entity';
import { RoleBinding } from './identity/role-bindings/role-binding.entity';
import { RefreshToken } from './identity/sessions/refresh-token.entity';
import { Session } from './identity/sessions/session.entity';
import { Membership } from './identity/users/membership.entity';
import { User } from './identity/users/user.entity';
import { SCHEMA } from './db';
import { IdentityTables1795600000000 } from './migrations/1795600000000-identity-tables';
import { AuditLog1795600100000 } from './migrations/1795600100000-audit-log';
import { IdempotencyKeys1795600200000 } from './migrations/1795600200000-idempotency-keys';
import { OfficeCalendarVersions1795600412000 } from './migrations/1795600412000-office-calendar-versions';
import { SignInLimits1796400000000 } from './migrations/1796400000000-sign-in-limits';

/** The gateway schema: its entities and migrations (the module, the CLI and tests use it). */
export const persistence = serviceSchema({
  schema: SCHEMA,
  entities: [
    Office,
    OfficeCalendarVersion,
    User,
    Membership,
    Session,
    RefreshToken,
    RoleBinding,
    Delegation,
    ApiKey,
    AuditEntry,
  ],
  migrations: [
    IdentityTables1795600000000,
    AuditLog1795600100000,
    IdempotencyKeys1795600200000,
    OfficeCalendarVersions1795600412000,
    SignInLimits1796400000000,
  ],
});
