import { Module } from '@nestjs/common';
import {
  PlatformReportsController,
  ReportsController,
  WebsiteProblemsController,
} from './reports.controller';

/** The reporting service's API: recaps, SLA figures, charts, exports, generated reports, problem inventory. */
@Module({ controllers: [ReportsController, WebsiteProblemsController, PlatformReportsController] })
export class ReportsApiModule {}
