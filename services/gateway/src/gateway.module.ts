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
import { AuditController, PlatformAuditController } from './audit/audit.controller';
import { AuditProjection } from './audit/audit.projection';
import { AuditService } from './audit/audit.service';
import { ApiGuard } from './http/api.guard';
import { EdgeInterceptor } from './http/edge.interceptor';
import { IdempotencyStore } from './http/idempotency';
import { ObjectStoreStreams } from './http/object-store';
import { ProblemFilter } from './http/problem.filter';
import { EdgeThrottlerGuard, throttlerOptions } from './http/rate-limit';
import { ServiceCommands } from './http/service-commands';
import { UnitOfWork } from './http/unit-of-work';
import { Housekeeping } from './housekeeping';
import { IDENTITY_CONTROLLERS, IDENTITY_PROVIDERS } from './identity/identity.providers';
import { GATEWAY_SETTINGS, type GatewayOptions, type GatewaySettings, resolveSettings } from './settings';
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
      controllers: [...IDENTITY_CONTROLLERS, AuditController, PlatformAuditController],
      providers: [
        { provide: APP_GUARD, useClass: ApiGuard },
        { provide: APP_INTERCEPTOR, useClass: EdgeInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        EdgeThrottlerGuard,
        IdempotencyStore,
        UnitOfWork,
        ServiceCommands,
        ObjectStoreStreams,
        ...IDENTITY_PROVIDERS,
        AuditService,
        AuditProjection,
        Housekeeping,
      ],
      exports: [ServiceCommands, UnitOfWork, ObjectStoreStreams],
    };
  }
}
