import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { one, rows } from '@tatalaman/persistence';
import { fail } from './failures';

/** One mutating request: who sent it, under which key, and what it asked for. */
export interface IdempotencyScope {
  office: string;
  actorId: string;
  key: string;
  command: string;
  /** Hash of what the request asks; the same key with another request is refused. */
  fingerprint: string;
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
 * First answers of mutating requests per office, actor and Idempotency-Key.
 * Answers are stored only for requests that succeeded: a refused request
 * changed nothing, so its retry is simply evaluated again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` and records its answer in the same transaction. A concurrent
   * request with the same key waits on the key's row and then gets the answer.
   */
  async once<T>(scope: IdempotencyScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (manager) => {
      const claimed = await this.claim(manager, scope);
      if (!claimed) {
        const existing = await this.existing(manager, scope);
        if (existing?.state === 'done') return existing.response as T;
      }
      const answer = await work(manager);
      await this.complete(manager, scope, answer);
      return answer;
    });
  }

  /**
   * First step of a request whose work happens elsewhere (a decision the run
   * takes): `new` or `pending` (an earlier attempt did not finish: do it again
   * with the same key downstream), or the stored answer.
   */
  async begin(
    scope: IdempotencyScope,
  ): Promise<{ state: 'new' | 'pending' } | { state: 'done'; response: unknown }> {
    if (await this.claim(this.ds, scope)) return { state: 'new' };
    const existing = await this.existing(this.ds, scope);
    if (!existing) return this.begin(scope); // abandoned meanwhile
    return existing.state === 'done' ? { state: 'done', response: existing.response } : { state: 'pending' };
  }

  async complete(manager: EntityManager, scope: IdempotencyScope, answer: unknown): Promise<void> {
    await manager.query(
      `UPDATE approvals.idempotency SET state = 'done', response = $4, completed_at = now()
       WHERE office = $1 AND actor_id = $2 AND key = $3`,
      [scope.office, scope.actorId, scope.key, JSON.stringify(answer ?? null)],
    );
  }

  /** The work was refused without effect: forget the key so nothing stays half-done. */
  async abandon(scope: IdempotencyScope): Promise<void> {
    await this.ds.query(
      `DELETE FROM approvals.idempotency WHERE office = $1 AND actor_id = $2 AND key = $3 AND state = 'pending'`,
      [scope.office, scope.actorId, scope.key],
    );
  }

  /** Keys only need to outlive client retries. */
  async prune(olderThanDays = 7): Promise<number> {
    const deleted = await rows(
      this.ds,
      `DELETE FROM approvals.idempotency WHERE created_at < now() - make_interval(days => $1) RETURNING key`,
      [olderThanDays],
    );
    return deleted.length;
  }

  private async claim(db: DataSource | EntityManager, scope: IdempotencyScope): Promise<boolean> {
    const inserted = await rows(
      db,
      `INSERT INTO approvals.idempotency (office, actor_id, key, command, fingerprint)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [scope.office, scope.actorId, scope.key, scope.command, scope.fingerprint],
    );
    return inserted.length === 1;
  }

  private async existing(
    db: DataSource | EntityManager,
    scope: IdempotencyScope,
  ): Promise<{ state: 'pending' | 'done'; response: unknown } | undefined> {
    const row = await one<{
      command: string;
      fingerprint: string;
      state: 'pending' | 'done';
      response: unknown;
    }>(
      db,
      `SELECT command, fingerprint, state, response FROM approvals.idempotency
       WHERE office = $1 AND actor_id = $2 AND key = $3`,
      [scope.office, scope.actorId, scope.key],
    );
    if (row && (row.command !== scope.command || row.fingerprint !== scope.fingerprint))
      throw fail.keyReused();
    return row;
  }
}
