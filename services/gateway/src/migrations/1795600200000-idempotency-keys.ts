import { qualified } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records of mutating requests, per principal: the request's
 * fingerprint and, once done, its answer (kept 24 hours). `locked_until` lets a
 * request whose process died be taken over after the lease.
 */
export class IdempotencyKeys1795600200000 implements MigrationInterface {
  name = 'IdempotencyKeys1795600200000';

  async up(q: QueryRunner): Promise<void> {
    const table = qualified(q, 'idempotency_keys');
    await q.query(`
      CREATE TABLE ${table} (
        "principal" text NOT NULL,
        "key" text NOT NULL,
        "method" text NOT NULL,
        "path" text NOT NULL,
        "fingerprint" text NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('in-progress', 'done')),
        "locked_until" timestamptz NOT NULL,
        "response_status" integer,
        "response_body" jsonb,
        "response_sealed" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "completed_at" timestamptz,
        PRIMARY KEY ("principal", "key")
      )`);
    await q.query(`CREATE INDEX "idempotency_keys_created" ON ${table} ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'idempotency_keys')}`);
  }
}
