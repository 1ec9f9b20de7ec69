import { Module } from '@nestjs/common';
import {
  DecisionsController,
  InboxController,
  NotificationsController,
  RunReviewController,
  TasksController,
} from './approvals.controller';

/** The approvals service's API: inbox, tasks, decisions, comments, notifications (`approvals.*` commands). */
@Module({
  controllers: [
    InboxController,
    TasksController,
    RunReviewController,
    DecisionsController,
    NotificationsController,
  ],
})
export class ApprovalsApiModule {}
