import type { Provider, Type } from '@nestjs/common';
import { ACCESS_PORT } from './access.port';
import { AccessService } from './access.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SignInLimits } from './auth/sign-in-limits';
import { ChangeRecorder } from './changes';
import { DelegationsController } from './delegations/delegations.controller';
import { DelegationsService } from './delegations/delegations.service';
import { IdentityCommands } from './identity.commands';
import { CalendarController, OfficeProfileController, OfficesController } from './offices/offices.controller';
import { OfficesService } from './offices/offices.service';
import { EffectiveRoles } from './role-bindings/effective-roles';
import { RoleBindingsController } from './role-bindings/role-bindings.controller';
import { RoleBindingsService } from './role-bindings/role-bindings.service';
import { SessionsService } from './sessions/sessions.service';
import { MeController } from './users/me.controller';
import { MeService } from './users/me.service';
import { MembersService } from './users/members.service';
import { PlatformAdminsService } from './users/platform-admins.service';
import { PlatformAdminsController } from './users/platform-admins.controller';
import { MembersController, UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

// Part of the gateway module rather than a Nest module of its own: identity writes its
// events through the OutboxWriter of the gateway's MessagingModule, which is not global.

/** Identity's HTTP controllers and its NATS queries (IdentityCommands). */
export const IDENTITY_CONTROLLERS: Type[] = [
  AuthController,
  MeController,
  OfficesController,
  OfficeProfileController,
  CalendarController,
  UsersController,
  MembersController,
  PlatformAdminsController,
  RoleBindingsController,
  DelegationsController,
  ApiKeysController,
  IdentityCommands,
];

/** Identity's services, and the access port the edge's ApiGuard injects. */
export const IDENTITY_PROVIDERS: Provider[] = [
  ChangeRecorder,
  AccessService,
  { provide: ACCESS_PORT, useExisting: AccessService },
  AuthService,
  SignInLimits,
  SessionsService,
  OfficesService,
  UsersService,
  MembersService,
  PlatformAdminsService,
  MeService,
  EffectiveRoles,
  RoleBindingsService,
  DelegationsService,
  ApiKeysService,
];
