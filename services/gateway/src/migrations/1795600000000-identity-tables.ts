import { qualified } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Offices, users and memberships, sessions, role bindings, delegations, API keys. */
export class IdentityTables1795600000000 implements MigrationInterface {
  name = 'IdentityTables1795600000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    const slug = `'^[a-z0-9][a-z0-9-]{0,62}$'`;
    await q.query(`
      CREATE TABLE ${t('offices')} (
        "code" text PRIMARY KEY CHECK ("code" ~ ${slug} AND "code" <> 'platform'),
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 300),
        "kind" text NOT NULL CHECK ("kind" IN ('kpu-provinsi', 'kpu-kabupaten', 'kpu-kota', 'other')),
        "time_zone" text NOT NULL CHECK ("time_zone" IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
        "working_hours" jsonb NOT NULL,
        "holiday_overrides" jsonb NOT NULL DEFAULT '[]',
        "extra_working_days" jsonb NOT NULL DEFAULT '[]',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${t('users')} (
        "id" uuid PRIMARY KEY,
        "email" text NOT NULL CHECK ("email" = lower("email")),
        "name" text NOT NULL,
        "password_hash" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "platform_admin" boolean NOT NULL DEFAULT false,
        "password_changed_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "users_email" ON ${t('users')} ("email")`);
    await q.query(`
      CREATE TABLE ${t('memberships')} (
        "office" text NOT NULL REFERENCES ${t('offices')} ("code"),
        "user_id" uuid NOT NULL REFERENCES ${t('users')} ("id"),
        "office_admin" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("office", "user_id")
      )`);
    await q.query(`CREATE INDEX "memberships_user" ON ${t('memberships')} ("user_id")`);
    await q.query(`
      CREATE TABLE ${t('sessions')} (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES ${t('users')} ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "last_refreshed_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "user_agent" text,
        "ip" text
      )`);
    await q.query(`CREATE INDEX "sessions_user" ON ${t('sessions')} ("user_id") WHERE "revoked_at" IS NULL`);
    await q.query(`
      CREATE TABLE ${t('refresh_tokens')} (
        "token_hash" text PRIMARY KEY,
        "session_id" uuid NOT NULL REFERENCES ${t('sessions')} ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "used_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "refresh_tokens_session" ON ${t('refresh_tokens')} ("session_id")`);
    await q.query(`
      CREATE TABLE ${t('role_bindings')} (
        "id" uuid PRIMARY KEY,
        "office" text NOT NULL REFERENCES ${t('offices')} ("code"),
        "user_id" uuid NOT NULL REFERENCES ${t('users')} ("id"),
        "role" text NOT NULL CHECK ("role" ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        "valid_from" date NOT NULL,
        "valid_to" date CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"),
        "note" text,
        "created_by" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "revoked_by" jsonb
      )`);
    await q.query(`CREATE INDEX "role_bindings_office_user" ON ${t('role_bindings')} ("office", "user_id")`);
    await q.query(
      `CREATE INDEX "role_bindings_office_role" ON ${t('role_bindings')} ("office", "role") WHERE "revoked_at" IS NULL`,
    );
    await q.query(`
      CREATE TABLE ${t('delegations')} (
        "id" uuid PRIMARY KEY,
        "office" text NOT NULL REFERENCES ${t('offices')} ("code"),
        "from_user_id" uuid NOT NULL REFERENCES ${t('users')} ("id"),
        "to_user_id" uuid NOT NULL REFERENCES ${t('users')} ("id"),
        "role" text CHECK ("role" IS NULL OR "role" ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        "valid_from" date NOT NULL,
        "valid_to" date NOT NULL,
        "reason" text NOT NULL,
        "created_by" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "revoked_by" jsonb,
        CHECK ("from_user_id" <> "to_user_id"),
        CHECK ("valid_to" >= "valid_from")
      )`);
    await q.query(`CREATE INDEX "delegations_office_to" ON ${t('delegations')} ("office", "to_user_id")`);
    await q.query(`CREATE INDEX "delegations_office_from" ON ${t('delegations')} ("office", "from_user_id")`);
    await q.query(`
      CREATE TABLE ${t('api_keys')} (
        "id" uuid PRIMARY KEY,
        "office" text NOT NULL REFERENCES ${t('offices')} ("code"),
        "name" text NOT NULL,
        "prefix" text NOT NULL,
        "key_hash" text NOT NULL,
        "scopes" text[] NOT NULL,
        "created_by" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz,
        "revoked_at" timestamptz,
        "revoked_by" jsonb,
        "last_used_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_hash" ON ${t('api_keys')} ("key_hash")`);
    await q.query(`CREATE INDEX "api_keys_office" ON ${t('api_keys')} ("office")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'api_keys',
      'delegations',
      'role_bindings',
      'refresh_tokens',
      'sessions',
      'memberships',
      'users',
      'offices',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${qualified(q, name)}`);
    }
  }
}
