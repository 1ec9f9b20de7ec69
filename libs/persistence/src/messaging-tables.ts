import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent, schemaOf } from './names';

/**
 * The tables @tatalaman/messaging uses, in the service's own schema:
 *
 * outbox        events written in the business transaction, published by the relay.
 *               `seq` (identity) gives the publish order: it is taken at insert, so
 *               for rows of one office it follows the order their writers committed
 *               whenever those writers touched the same rows (they serialise on locks).
 * inbox         (consumer, event_id) of every event a consumer applied: redeliveries
 *               are recognised and acknowledged without running the handler again.
 * dead_letters  events a consumer gave up on after its maximum deliveries, or could
 *               not read at all; nothing is dropped silently.
 */
export function messagingTablesSql(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}."outbox" (
      "id" uuid PRIMARY KEY,
      "seq" bigint GENERATED ALWAYS AS IDENTITY,
      "subject" text NOT NULL,
      "type" text NOT NULL,
      "office" text NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "published_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text
    )`,
    `CREATE INDEX IF NOT EXISTS "outbox_pending" ON ${s}."outbox" ("seq") WHERE "published_at" IS NULL`,
    `CREATE INDEX IF NOT EXISTS "outbox_pending_office" ON ${s}."outbox" ("office", "seq") WHERE "published_at" IS NULL`,
    `CREATE INDEX IF NOT EXISTS "outbox_published" ON ${s}."outbox" ("published_at") WHERE "published_at" IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}."inbox" (
      "consumer" text NOT NULL,
      "event_id" uuid NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`,
    `CREATE INDEX IF NOT EXISTS "inbox_processed_at" ON ${s}."inbox" ("processed_at")`,
    `CREATE TABLE IF NOT EXISTS ${s}."dead_letters" (
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      "consumer" text NOT NULL,
      "stream" text NOT NULL,
      "stream_seq" bigint NOT NULL,
      "subject" text NOT NULL,
      "event_id" text,
      "type" text,
      "office" text,
      "deliveries" integer NOT NULL,
      "payload" jsonb,
      "raw" text,
      "error" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "resolved_at" timestamptz,
      UNIQUE ("consumer", "stream", "stream_seq")
    )`,
  ];
}

/**
 * Add this migration to every service that publishes or consumes events. The
 * schema comes from the DataSource, so one class serves every service.
 */
export class MessagingTables1795305600000 implements MigrationInterface {
  name = 'MessagingTables1795305600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql(schemaOf(runner))) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteIdent(schemaOf(runner));
    await runner.query(`DROP TABLE IF EXISTS ${s}."dead_letters"`);
    await runner.query(`DROP TABLE IF EXISTS ${s}."inbox"`);
    await runner.query(`DROP TABLE IF EXISTS ${s}."outbox"`);
  }
}
