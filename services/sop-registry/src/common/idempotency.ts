import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandFailure } from '@tatalaman/messaging';
import { qualified } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';

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

export function requestHash(request: object): string {
  const { idempotencyKey: _key, ...rest } = request as { idempotencyKey?: unknown };
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * Runs a mutating command once per (office, idempotency key). The key row is inserted
 * first in the command's own transaction: a concurrent retry waits on it and then
 * reads the stored answer; a failed command rolls the key back so it can be retried.
 * The same key with another command or other fields is refused.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<T>,
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
        )) as { command: string; request_hash: string; response: T }[];
        if (!row || row.command !== command || row.request_hash !== hash) {
          throw new CommandFailure(
            422,
            'idempotency-key-reused',
            {
              id: 'Kunci idempotensi ini sudah dipakai untuk permintaan lain.',
              en: 'This idempotency key was already used for a different request.',
            },
            { idempotencyKey: request.idempotencyKey, command: row?.command },
          );
        }
        return { result: row.response, replayed: true };
      }
      const result = await work(manager);
      await manager.query(`UPDATE ${table} SET response = $3 WHERE office = $1 AND key = $2`, [
        office,
        request.idempotencyKey,
        JSON.stringify(result ?? null),
      ]);
      return { result, replayed: false };
    });
  }
}
