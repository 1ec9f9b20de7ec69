import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { one } from '@tatalaman/persistence';
import { fail } from './failures';

/** One mutating request: who sent it, under which key, and what it asked for. */
export interface IdempotencyScope {
  office: string;
  actorId: string;
  key: string;
  command: string;
  request: unknown;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprintOf(command: string, request: unknown): string {
  return createHash('sha256').update(command).update('\n').update(stable(request)).digest('hex');
}

/**
 * First answers of mutating requests per office, actor and key. The work and its answer
 * commit together; a concurrent retry waits on the key's row and gets the answer. Refused
 * requests store nothing (they changed nothing), so their retry is evaluated again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly ds: DataSource) {}

  async once<T>(scope: IdempotencyScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const fingerprint = fingerprintOf(scope.command, scope.request);
    return this.ds.transaction(async (manager) => {
      // Serialises requests with the same key (the second waits for the first to commit).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `reporting:${scope.office}:${scope.actorId}:${scope.key}`,
      ]);
      const existing = await one<{ command: string; fingerprint: string; response: T }>(
        manager,
        `SELECT command, fingerprint, response FROM reporting.idempotency
         WHERE office = $1 AND actor_id = $2 AND key = $3`,
        [scope.office, scope.actorId, scope.key],
      );
      if (existing) {
        if (existing.command !== scope.command || existing.fingerprint !== fingerprint)
          throw fail.keyReused();
        return existing.response;
      }
      const answer = await work(manager);
      await manager.query(
        `INSERT INTO reporting.idempotency (office, actor_id, key, command, fingerprint, response)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [scope.office, scope.actorId, scope.key, scope.command, fingerprint, JSON.stringify(answer ?? null)],
      );
      return answer;
    });
  }

  /** Keys only need to outlive client retries. */
  async prune(olderThanDays = 7): Promise<void> {
    await this.ds.query(
      `DELETE FROM reporting.idempotency WHERE created_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    );
  }
}
