import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { qualified } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { CommandFailure } from './errors';

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What a request asked for, without its key: the same key must come with the same hash. */
export function requestHash(request: object): string {
  const { idempotencyKey: _key, ...rest } = request as { idempotencyKey?: unknown };
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export function idempotencyKeyReused(key: string, command?: string): CommandFailure {
  return new CommandFailure(
    422,
    'idempotency-key-reused',
    {
      id: 'Kunci idempotensi ini sudah dipakai untuk permintaan lain.',
      en: 'This idempotency key was already used for a different request.',
    },
    { idempotencyKey: key, command },
  );
}

/**
 * Runs a mutating command once per (office, idempotency key), in the service's own
 * `idempotency_keys` table (office, key, command, request_hash, response). The key row
 * is inserted first in the command's transaction: a concurrent retry waits on it, then
 * reads the stored answer; a failed command rolls the key back so it can be retried.
 * The same key with another command or other fields is refused (422).
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The answer is stored and replayed as it is. */
  run<T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    return this.runStored<T, T>(
      office,
      request,
      command,
      async (manager) => {
        const answer = await work(manager);
        return { answer, stored: answer };
      },
      async (stored) => stored,
    );
  }

  /** `run`, for callers that only want the answer. */
  async once<T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return (await this.run(office, request, command, work)).result;
  }

  /**
   * Stores `stored` instead of the answer and rebuilds the answer from it on replay
   * (e.g. a secret that must not be kept twice).
   */
  async runStored<T, S>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<{ answer: T; stored: S }>,
    replay: (stored: S, manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    const hash = requestHash(request);
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'idempotency_keys');
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${table} (office, key, command, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (office, key) DO NOTHING RETURNING key`,
        [office, request.idempotencyKey, command, hash],
      );
      if (!inserted.length) {
        const [row] = (await manager.query(
          `SELECT command, request_hash, response FROM ${table} WHERE office = $1 AND key = $2`,
          [office, request.idempotencyKey],
        )) as { command: string; request_hash: string; response: S }[];
        if (!row || row.command !== command || row.request_hash !== hash)
          throw idempotencyKeyReused(request.idempotencyKey, row?.command);
        return { result: await replay(row.response, manager), replayed: true };
      }
      const { answer, stored } = await work(manager);
      await manager.query(`UPDATE ${table} SET response = $3 WHERE office = $1 AND key = $2`, [
        office,
        request.idempotencyKey,
        JSON.stringify(stored ?? null),
      ]);
      return { result: answer, replayed: false };
    });
  }
}
