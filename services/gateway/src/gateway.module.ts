import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { type Config, repoRoot } from '@tatalaman/config';
import { MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { APP_CONFIG } from '@tatalaman/service-host';
import { apiModules } from './api-modules';
import { ApiKeysController } from './identity/api-keys/api-keys.controller';
import { ApiKeysService } from './identity/api-keys/api-keys.service';
import { AuditController, PlatformAuditController } from './audit/audit.controller';
import { AuditProjection } from './audit/audit.projection';
import { AuditService } from './audit/audit.service';
import { AuthController } from './identity/auth/auth.controller';
import { AuthService } from './identity/auth/auth.service';
import { SignInLimits } from './identity/auth/sign-in-limits';
import { DelegationsController } from './identity/delegations/delegations.controller';
import { DelegationsService } from './identity/delegations/delegations.service';
import { ApiGuard } from './http/api.guard';
import { EdgeInterceptor } from './http/edge.interceptor';
import { IdempotencyStore } from './http/idempotency';
import { ObjectStoreStreams } from './http/object-store';
import { ProblemFilter } from './http/problem.filter';
import { EdgeThrottlerGuard, throttlerOptions } from './http/rate-limit';
import { ServiceCommands } from './http/service-commands';
import { UnitOfWork } from './http/unit-of-work';
import { AccessService } from './identity/access.service';
import { ChangeRecorder } from './identity/changes';
import { Housekeeping } from './housekeeping';
import { IdentityCommands } from './identity/identity.commands';
import {
  CalendarController,
  OfficeProfileController,
  OfficesController,
} from './identity/offices/offices.controller';
import { OfficesService } from './identity/offices/offices.service';
import { EffectiveRoles } from './identity/role-bindings/effective-roles';
import { RoleBindingsController } from './identity/role-bindings/role-bindings.controller';
import { RoleBindingsService } from './identity/role-bindings/role-bindings.service';
import { SessionsService } from './identity/sessions/sessions.service';
import { GATEWAY_SETTINGS, type GatewayOptions, type GatewaySettings, resolveSettings } from './settings';
import { MeController } from './identity/users/me.controller';
import { PlatformAdminsController } from './identity/users/platform-admins.controller';
import { MembersController, UsersController } from './identity/users/users.controller';
import { UsersService } from './identity/users/users.service';
import { persistence } from './persistence';

/** Where the console's static build lands (another project builds it). */
export const CONSOLE_DIR = join(repoRoot(), 'dist', 'services', 'console');

@Global()
@Module({})
class GatewaySettingsModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewaySettingsModule,
      providers: [
        {
          provide: GATEWAY_SETTINGS,
          inject: [APP_CONFIG],
          useFactory: (config: Config): GatewaySettings =>
            resolveSettings(config, options, existsSync(CONSOLE_DIR) ? CONSOLE_DIR : null),
        },
      ],
      exports: [GATEWAY_SETTINGS],
    };
  }
}

/**
 * The gateway: the HTTP edge (ApiGuard, EdgeInterceptor, ProblemFilter: see src/http),
 * identity (offices, users, sessions, role bindings, delegations, API keys), the audit
 * log, and the identity queries other services send over NATS. Global, so the API
 * modules of other domains (src/api-modules.ts) can inject ServiceCommands, UnitOfWork and
 * ObjectStoreStreams.
 */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      imports: [
        GatewaySettingsModule.forRoot(options),
        PersistenceModule.forService({
          ...persistence,
          // Mutating requests hold a connection for their transaction: more than the default 10.
          poolSize: 20,
          ...(options.databaseUrl ? { url: options.databaseUrl } : {}),
        }),
        MessagingModule.forService({
          service: 'gateway',
          produces: ['identity', 'audit'],
          consumes: [{ purpose: 'audit-log', events: ['audit.change-recorded'], handler: AuditProjection }],
        }),
        ThrottlerModule.forRootAsync({
          inject: [GATEWAY_SETTINGS],
          useFactory: (settings: GatewaySettings) => throttlerOptions(settings.rateLimits),
        }),
        ...apiModules,
      ],
      controllers: [
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
        AuditController,
        PlatformAuditController,
        IdentityCommands,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiGuard },
        { provide: APP_INTERCEPTOR, useClass: EdgeInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        EdgeThrottlerGuard,
        IdempotencyStore,
        UnitOfWork,
        ServiceCommands,
        ObjectStoreStreams,
        ChangeRecorder,
        AccessService,
        AuthService,
        SignInLimits,
        SessionsService,
        OfficesService,
        UsersService,
        EffectiveRoles,
        RoleBindingsService,
        DelegationsService,
        ApiKeysService,
        AuditService,
        AuditProjection,
        Housekeeping,
      ],
      exports: [ServiceCommands, UnitOfWork, ObjectStoreStreams],
    };
  }
}
