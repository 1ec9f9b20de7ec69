import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandFailure } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { T } from '../persistence';

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

export function keyReused(key: string, command?: string): CommandFailure {
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
 * Runs an admin command once per (office, idempotency key). The key row is inserted
 * first in the command's own transaction: a concurrent retry waits on it and then reads
 * the stored answer; a failed command rolls the key back so it can be retried.
 * `replay` rebuilds an answer from the stored one (e.g. a secret that is not stored twice).
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async run<T, S = T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<{ answer: T; stored: S }>,
    replay: (stored: S, manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    const hash = requestHash(request);
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${T.idempotencyKeys} (office, key, command, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (office, key) DO NOTHING RETURNING key`,
        [office, request.idempotencyKey, command, hash],
      );
      if (!inserted.length) {
        const [row] = (await manager.query(
          `SELECT command, request_hash, response FROM ${T.idempotencyKeys} WHERE office = $1 AND key = $2`,
          [office, request.idempotencyKey],
        )) as { command: string; request_hash: string; response: S }[];
        if (!row || row.command !== command || row.request_hash !== hash)
          throw keyReused(request.idempotencyKey, row?.command);
        return { result: await replay(row.response, manager), replayed: true };
      }
      const { answer, stored } = await work(manager);
      await manager.query(`UPDATE ${T.idempotencyKeys} SET response = $3 WHERE office = $1 AND key = $2`, [
        office,
        request.idempotencyKey,
        JSON.stringify(stored ?? null),
      ]);
      return { result: answer, replayed: false };
    });
  }

  /** The simple case: the answer is stored and replayed as is. */
  once<T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.run<T, T>(
      office,
      request,
      command,
      async (m) => {
        const answer = await work(m);
        return { answer, stored: answer };
      },
      async (stored) => stored,
    ).then((r) => r.result);
  }
}
