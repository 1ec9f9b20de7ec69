import { ApiKey } from './api-keys/api-key.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { Delegation } from './delegations/delegation.entity';
import { Office, OfficeCalendarVersion } from './offices/office.entity';
import { RoleBinding } from './role-bindings/role-binding.entity';
import { RefreshToken } from './sessions/refresh-token.entity';
import { Session } from './sessions/session.entity';
import { Membership } from './users/membership.entity';
import { User } from './users/user.entity';

export const gatewayEntities = [
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
];
