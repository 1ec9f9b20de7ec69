import { idempotencyKeysMigration, OFFICE_KEYS_TABLE } from '@tatalaman/messaging';
import { serviceSchema } from '@tatalaman/persistence';
import { PublishingTables1795700000000 } from './migrations/1795700000000-publishing-tables';
import { OutboundErrors1796100000000 } from './migrations/1796100000000-outbound-errors';
import { PublicationAuthority1796200000000 } from './migrations/1796200000000-publication-authority';
import { FieldLabels1796450000000 } from './migrations/1796450000000-field-labels';

export const PUBLISHING_SCHEMA = 'publishing';

/** The publishing schema: raw SQL throughout (every statement names its `office`), no entities. */
export const persistence = serviceSchema({
  schema: PUBLISHING_SCHEMA,
  migrations: [
    PublishingTables1795700000000,
    OutboundErrors1796100000000,
    PublicationAuthority1796200000000,
    FieldLabels1796450000000,
    idempotencyKeysMigration(OFFICE_KEYS_TABLE),
  ],
});

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
