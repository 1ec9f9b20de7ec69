import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { table } from '../db';
import type { AuditQuery } from './audit.api';

interface Row {
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

/** Reads the audit log of one office, newest first, keyset-paged by insertion order. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async page(office: string, q: AuditQuery) {
    const rows: Row[] = await this.dataSource.query(
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
        q.limit + 1,
      ],
    );
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    return {
      entries: page.map((r) => ({
        id: r.id,
        occurredAt: r.occurred_at.toISOString(),
        recordedAt: r.recorded_at.toISOString(),
        actor: { kind: r.actor_kind, id: r.actor_id, ...(r.actor_name ? { name: r.actor_name } : {}) },
        service: r.service,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        changes: r.changes,
        requestId: r.request_id,
        correlationId: r.correlation_id,
      })),
      ...(more ? { nextCursor: page[page.length - 1]!.seq } : {}),
    };
  }
}
