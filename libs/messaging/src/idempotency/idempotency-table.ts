import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** How a service's table of idempotency keys looked before the stores were one. */
export interface LegacyIdempotencyTable {
  /** Its name in the service's schema. */
  table: 'idempotency' | 'idempotency_keys';
  /** The column holding the request's hash. */
  hashColumn: 'fingerprint' | 'request_hash';
  /** Keys were per actor (`actor_id` in the primary key). */
  actor: boolean;
  /** It had the `state` ('pending' | 'done') and `completed_at` columns. */
  state: boolean;
  /** It had an index on `created_at` (for pruning). */
  createdIndex: boolean;
}

/**
 * Brings a service's idempotency table to the one shape `IdempotencyStore` uses, keeping
 * every row: `idempotency_keys (office, actor_id, key, command, request_hash, state,
 * response, created_at, completed_at)`, primary key (office, actor_id, key); office-scoped
 * keys have `actor_id = ''`. Rows from before were all answered (`done`).
 */
export async function upgradeIdempotencyTable(q: QueryRunner, legacy: LegacyIdempotencyTable): Promise<void> {
  if (legacy.table !== 'idempotency_keys')
    await q.query(`ALTER TABLE ${qualified(q, legacy.table)} RENAME TO idempotency_keys`);
  const t = qualified(q, 'idempotency_keys');
  if (legacy.hashColumn !== 'request_hash')
    await q.query(`ALTER TABLE ${t} RENAME COLUMN ${legacy.hashColumn} TO request_hash`);
  await q.query(`ALTER TABLE ${t} ALTER COLUMN response DROP NOT NULL`);
  if (!legacy.actor) {
    const [pk] = (await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
      [t],
    )) as { conname: string }[];
    await q.query(`ALTER TABLE ${t} ADD COLUMN actor_id text NOT NULL DEFAULT ''`);
    if (pk) await q.query(`ALTER TABLE ${t} DROP CONSTRAINT "${pk.conname}"`);
    await q.query(`ALTER TABLE ${t} ADD PRIMARY KEY (office, actor_id, key)`);
  }
  if (!legacy.state) {
    await q.query(`ALTER TABLE ${t} ADD COLUMN state text NOT NULL DEFAULT 'done'
      CHECK (state IN ('pending', 'done'))`);
    await q.query(`ALTER TABLE ${t} ALTER COLUMN state SET DEFAULT 'pending'`);
    await q.query(`ALTER TABLE ${t} ADD COLUMN completed_at timestamptz`);
  }
  if (!legacy.createdIndex) await q.query(`CREATE INDEX idempotency_keys_created ON ${t} (created_at)`);
}

/** Undoes `upgradeIdempotencyTable` (rows keep their answers; pending ones are dropped). */
export async function downgradeIdempotencyTable(
  q: QueryRunner,
  legacy: LegacyIdempotencyTable,
): Promise<void> {
  const t = qualified(q, 'idempotency_keys');
  if (!legacy.createdIndex) await q.query(`DROP INDEX IF EXISTS ${qualified(q, 'idempotency_keys_created')}`);
  if (!legacy.state) {
    await q.query(`DELETE FROM ${t} WHERE state = 'pending'`);
    await q.query(`ALTER TABLE ${t} DROP COLUMN state, DROP COLUMN completed_at`);
  }
  if (!legacy.actor) {
    await q.query(`DELETE FROM ${t} WHERE actor_id <> ''`);
    await q.query(`ALTER TABLE ${t} DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE ${t} DROP COLUMN actor_id`);
    await q.query(`ALTER TABLE ${t} ADD PRIMARY KEY (office, key)`);
  }
  if (legacy.hashColumn !== 'request_hash')
    await q.query(`ALTER TABLE ${t} RENAME COLUMN request_hash TO ${legacy.hashColumn}`);
  if (legacy.table !== 'idempotency_keys') await q.query(`ALTER TABLE ${t} RENAME TO ${legacy.table}`);
}

/** Content's, the registry's and publishing's table: per office, always answered at once. */
export const OFFICE_KEYS_TABLE: LegacyIdempotencyTable = {
  table: 'idempotency_keys',
  hashColumn: 'request_hash',
  actor: false,
  state: false,
  createdIndex: false,
};

/**
 * The migration a service lists to bring its table from `before` to the one shape (each
 * service's table looked different, so each says how).
 */
export function idempotencyKeysMigration(before: LegacyIdempotencyTable): new () => MigrationInterface {
  return class IdempotencyKeys1796500000000 implements MigrationInterface {
    name = 'IdempotencyKeys1796500000000';

    async up(q: QueryRunner): Promise<void> {
      await upgradeIdempotencyTable(q, before);
    }

    async down(q: QueryRunner): Promise<void> {
      await downgradeIdempotencyTable(q, before);
    }
  };
}
