import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditQuery } from './audit.api';
import { auditRows } from './audit.queries';

/** Reads the audit log of one office, newest first, keyset-paged by insertion order. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async page(office: string, q: AuditQuery) {
    const rows = await auditRows(this.dataSource, office, q, q.limit + 1);
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
