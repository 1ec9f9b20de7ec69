import { MessagingTables1795305600000 } from '@tatalaman/persistence';
import { PublishingTables1795700000000 } from './migrations/1795700000000-publishing-tables';
import { OutboundErrors1796100000000 } from './migrations/1796100000000-outbound-errors';
import { PublicationAuthority1796200000000 } from './migrations/1796200000000-publication-authority';

export const PUBLISHING_SCHEMA = 'publishing';
/** Raw SQL throughout (every statement names its `office`); no TypeORM entities. */
export const PUBLISHING_ENTITIES = [];
export const PUBLISHING_MIGRATIONS = [
  MessagingTables1795305600000,
  PublishingTables1795700000000,
  OutboundErrors1796100000000,
  PublicationAuthority1796200000000,
];

/** `"publishing"."<table>"`: the service's tables for raw SQL. */
export const T = {
  sites: '"publishing"."sites"',
  pages: '"publishing"."pages"',
  pageRevisions: '"publishing"."page_revisions"',
  receipts: '"publishing"."receipts"',
  stepRequests: '"publishing"."step_requests"',
  idempotencyKeys: '"publishing"."idempotency_keys"',
  schedules: '"publishing"."schedules"',
  pageViews: '"publishing"."page_views"',
  webhooks: '"publishing"."webhooks"',
  deliveries: '"publishing"."webhook_deliveries"',
  attempts: '"publishing"."webhook_attempts"',
  socialChannels: '"publishing"."social_channels"',
  socialPosts: '"publishing"."social_posts"',
  outbox: '"publishing"."outbox"',
} as const;
