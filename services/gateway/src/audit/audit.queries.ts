// The SQL of the audit log: appending entries (the projection) and reading an office's page.
import type { EventOf } from '@tatalaman/contracts';
import { type Db, rows } from '@tatalaman/persistence';
import { table } from '../db';
import type { AuditQuery } from './audit.api';

/** Appends an `audit.change-recorded` event; a replayed one (same id) changes nothing. */
export function insertAuditEntry(db: Db, event: EventOf<'audit.change-recorded'>): Promise<unknown> {
  const actor = event.actor ?? { kind: 'system' as const, id: event.data.service };
  return rows(
    db,
    `INSERT INTO ${table('audit_log')}
       (id, office, occurred_at, actor_kind, actor_id, actor_name, service, entity, entity_id, action, changes,
        request_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO NOTHING`,
    [
      event.id,
      event.office,
      event.occurredAt,
      actor.kind,
      actor.id,
      actor.name ?? null,
      event.data.service,
      event.data.entity,
      event.data.entityId,
      event.data.action,
      JSON.stringify(event.data.changes),
      event.data.requestId ?? null,
      event.correlationId ?? null,
    ],
  );
}

export interface AuditRow {
  id: string;
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
  actor_kind: 'user' | 'api-key' | 'system';
  actor_id: string;
  actor_name: string | null;
  service: string;
  entity: string;
  entity_id: string;
  action: string;
  changes: { field: string; old: unknown; new: unknown }[];
  request_id: string | null;
  correlation_id: string | null;
}

/** Up to `limit` entries of an office matching the query, newest first, before the cursor's `seq`. */
export function auditRows(db: Db, office: string, q: AuditQuery, limit: number): Promise<AuditRow[]> {
  return rows<AuditRow>(
    db,
    `SELECT id, seq::text AS seq, occurred_at, recorded_at, actor_kind, actor_id, actor_name, service, entity,
            entity_id, action, changes, request_id, correlation_id
       FROM ${table('audit_log')}
      WHERE office = $1
        AND ($2::text IS NULL OR entity = $2)
        AND ($3::text IS NULL OR entity_id = $3)
        AND ($4::text IS NULL OR actor_id = $4)
        AND ($5::text IS NULL OR action = $5)
        AND ($6::text IS NULL OR service = $6)
        AND ($7::timestamptz IS NULL OR occurred_at >= $7)
        AND ($8::timestamptz IS NULL OR occurred_at < $8)
        AND ($9::bigint IS NULL OR seq < $9)
      ORDER BY seq DESC
      LIMIT $10`,
    [
      office,
      q.entity ?? null,
      q.entityId ?? null,
      q.actor ?? null,
      q.action ?? null,
      q.service ?? null,
      q.from ?? null,
      q.to ?? null,
      q.cursor ?? null,
      limit,
    ],
  );
}
