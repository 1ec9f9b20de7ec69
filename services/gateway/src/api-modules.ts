import type { DynamicModule, Type } from '@nestjs/common';
import { ApprovalsApiModule } from './api/approvals/approvals-api.module';
import { ContentApiModule } from './api/content/content-api.module';
import { PublishingApiModule } from './api/publishing/publishing-api.module';
import { ReportsApiModule } from './api/reports/reports-api.module';
import { RunsApiModule } from './api/runs/runs-api.module';
import { SopRegistryApiModule } from './api/sop-registry/sop-registry-api.module';

/**
 * Nest modules with the HTTP controllers of other domains (content, SOP registry,
 * approvals, runs…), served by this edge. Add yours here; see services/gateway/README.md
 * ("How to add an endpoint"). They can inject ServiceCommands and UnitOfWork.
 */
export const apiModules: (Type<unknown> | DynamicModule)[] = [
  ContentApiModule,
  SopRegistryApiModule,
  ApprovalsApiModule,
  RunsApiModule,
  ReportsApiModule,
  PublishingApiModule,
];
