import { qualified } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in limits in Postgres, so every gateway replica sees the same counts:
 *
 * sign_in_failures   failed sign-ins per key (an account from a client address, an account,
 *                    a client address, an account from a trusted browser), each key an HMAC
 *                    (no email or address is stored), with the time of the last failure.
 * trusted_devices    browsers (device cookie ids) an account signed in from: their attempts
 *                    count on their own, so others' failures never hold the account's
 *                    holder back.
 */
export class SignInLimits1796400000000 implements MigrationInterface {
  name = 'SignInLimits1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${qualified(q, 'sign_in_failures')} (
        "key" text PRIMARY KEY,
        "failures" integer NOT NULL DEFAULT 0,
        "last_failure_at" timestamptz
      )`);
    await q.query(
      `CREATE INDEX "sign_in_failures_last" ON ${qualified(q, 'sign_in_failures')} ("last_failure_at")`,
    );
    await q.query(`
      CREATE TABLE ${qualified(q, 'trusted_devices')} (
        "user_id" uuid NOT NULL REFERENCES ${qualified(q, 'users')} ("id") ON DELETE CASCADE,
        "device_id" text NOT NULL,
        "last_sign_in_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("user_id", "device_id")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'trusted_devices')}`);
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'sign_in_failures')}`);
  }
}
