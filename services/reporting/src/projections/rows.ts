import { assertSchemaName } from '@tatalaman/persistence';
import { type EntityManager } from 'typeorm';

/**
 * Fact rows as plain objects whose properties are the column names: timestamps as ISO
 * strings, bigints as numbers. A fact is read locked, changed in code, and written back,
 * so the rules that merge events into it (earliest, latest, greatest…) live in one place.
 */

type ColumnType = 'text' | 'ts' | 'int' | 'bigint' | 'bool' | 'text[]';

export interface TableSpec {
  table: string;
  keys: readonly string[];
  columns: Readonly<Record<string, ColumnType>>;
}

export type Row = Record<string, unknown>;

const cols = (types: ColumnType, names: string): Record<string, ColumnType> =>
  Object.fromEntries(
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, types]),
  );

export const STEP_FACTS: TableSpec = {
  table: 'step_facts',
  keys: ['office', 'workflow_id', 'step_id', 'attempt'],
  columns: {
    ...cols(
      'text',
      `office workflow_id step_id definition_key flow_id item_id step_kind description time_standard
       cause_kind cause_from cause_reason decision by_id by_name on_behalf_of_id on_behalf_of_name role
       reason note sent_to postponed_by_id postponed_by_name postpone_role postpone_reason resumed_by_id
       resumed_by_name claimed_by_id claimed_by_name acted_day outcome`,
    ),
    ...cols(
      'int',
      'attempt definition_version step_number saved_minutes extensions ext_count failures calendar_version due_seq ext_seq',
    ),
    ...cols('bigint', 'event_working_ms total_ms waiting_ms active_ms postponed_working_ms'),
    ...cols(
      'bool',
      'within_target within_limit breached_flag is_rework timed met_limit met_target is_breached',
    ),
    ...cols(
      'ts',
      `opened_at target_at due_at closed_at closed_target_at closed_due_at ext_due_at postponed_at resumed_at
       breached_at escalated_at reminded_at claimed_at acted_at`,
    ),
    ...cols('text[]', 'roles escalated_to'),
  },
};

export const RUNS: TableSpec = {
  table: 'runs',
  keys: ['office', 'workflow_id'],
  columns: {
    ...cols(
      'text',
      `office workflow_id definition_key definition_title flow_id trigger item_id content_type item_title
       period_label started_by started_day ended_day outcome end_reason ended_by`,
    ),
    ...cols('int', 'definition_version deadline_breaches deadlines_met deadlines_extended'),
    ...cols('bigint', 'working_ms elapsed_ms'),
    ...cols('ts', 'started_at ended_at'),
  },
};

export const ITEMS: TableSpec = {
  table: 'items',
  keys: ['office', 'item_id'],
  columns: {
    ...cols('text', 'office item_id content_type title title_key first_published_day'),
    ...cols('ts', 'title_at created_at first_published_at'),
  },
};

export const POSTS: TableSpec = {
  table: 'posts',
  keys: ['office', 'item_id', 'channel'],
  columns: {
    ...cols('text', 'office item_id channel first_published_day url path publication_id retract_reason'),
    ...cols('int', 'corrections'),
    ...cols('ts', 'first_published_at last_published_at url_at path_at last_retracted_at last_corrected_at'),
  },
};

export const OFFICES: TableSpec = {
  table: 'offices',
  keys: ['office'],
  columns: {
    ...cols('text', 'office name time_zone kind name_key'),
    ...cols('ts', 'name_at'),
  },
};

function normalize(spec: TableSpec, raw: Row): Row {
  const out: Row = {};
  for (const [name, type] of Object.entries(spec.columns)) {
    const v = raw[name];
    if (v === null || v === undefined) out[name] = null;
    else if (type === 'ts')
      out[name] = v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
    else if (type === 'bigint' || type === 'int') out[name] = Number(v);
    else out[name] = v;
  }
  return out;
}

function where(spec: TableSpec, offset = 0): string {
  return spec.keys.map((k, i) => `${k} = $${i + 1 + offset}`).join(' AND ');
}

/**
 * The fact with these keys, locked for the rest of the transaction; created first (with
 * `initial` besides the keys) when it does not exist yet. Returns the row as stored.
 */
export async function lockFact(
  manager: EntityManager,
  schema: string,
  spec: TableSpec,
  keys: Row,
  initial: Row = {},
): Promise<Row> {
  const s = assertSchemaName(schema);
  const keyValues = spec.keys.map((k) => keys[k]);
  const select = `SELECT * FROM ${s}.${spec.table} WHERE ${where(spec)} FOR UPDATE`;
  let found = (await manager.query(select, keyValues)) as Row[];
  if (!found.length) {
    // A row this transaction inserts is locked by it; one a concurrent transaction inserted
    // first is read (and locked) by the select after the conflict.
    const fresh = { ...initial, ...keys };
    const names = Object.keys(fresh);
    found = (await manager.query(
      `INSERT INTO ${s}.${spec.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT DO NOTHING RETURNING *`,
      names.map((n) => fresh[n]),
    )) as Row[];
    if (!found.length) found = (await manager.query(select, keyValues)) as Row[];
  }
  if (!found.length) throw new Error(`${spec.table} row ${JSON.stringify(keys)} could not be created`);
  return normalize(spec, found[0]!);
}

/** Writes the changed columns of a locked fact back. */
export async function saveFact(
  manager: EntityManager,
  schema: string,
  spec: TableSpec,
  before: Row,
  after: Row,
): Promise<void> {
  const s = assertSchemaName(schema);
  const changed = Object.keys(spec.columns).filter(
    (c) => !spec.keys.includes(c) && JSON.stringify(before[c] ?? null) !== JSON.stringify(after[c] ?? null),
  );
  if (!changed.length) return;
  const keyValues = spec.keys.map((k) => after[k]);
  await manager.query(
    `UPDATE ${s}.${spec.table} SET ${changed.map((c, i) => `${c} = $${i + 1 + spec.keys.length}`).join(', ')}
     WHERE ${where(spec)}`,
    [...keyValues, ...changed.map((c) => after[c] ?? null)],
  );
}

/** The earlier of two ISO instants (null-safe). */
export function earliest(a: unknown, b: string | null | undefined): string | null {
  const x = (a as string | null | undefined) ?? null;
  if (!b) return x;
  if (!x) return b;
  return Date.parse(b) < Date.parse(x) ? b : x;
}

/** The later of two ISO instants (null-safe). */
export function latest(a: unknown, b: string | null | undefined): string | null {
  const x = (a as string | null | undefined) ?? null;
  if (!b) return x;
  if (!x) return b;
  return Date.parse(b) > Date.parse(x) ? b : x;
}

/**
 * Whether a value stamped (`at`, `key`) replaces the one stamped (`currentAt`, `currentKey`):
 * the later one wins, the larger key on a tie, so the outcome does not depend on arrival order.
 */
export function newer(at: string, key: string, currentAt: unknown, currentKey: unknown): boolean {
  if (!currentAt) return true;
  const a = Date.parse(at);
  const b = Date.parse(String(currentAt));
  if (a !== b) return a > b;
  return key > String(currentKey ?? '');
}
