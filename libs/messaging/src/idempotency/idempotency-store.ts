import { Inject, Injectable, Optional } from '@nestjs/common';
import { COMMON_ERRORS } from '@tatalaman/contracts';
import { one, qualified, rows } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { type CommandFailure, commandFailure } from '../rpc/errors';
import { requestHash } from './canonical-json';

/** Whose keys these are: the office's (any caller in it) or each actor's in an office. */
export type IdempotencyScope = 'office' | 'actor';

export interface IdempotencyOptions {
  scope: IdempotencyScope;
}

/** Provide `{ scope: 'actor' }` under this token for a store whose keys are per actor. */
export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

/** One mutating request under an idempotency key. */
export interface IdempotentCall {
  office: string;
  /** The caller; required when the store's scope is `actor`, ignored otherwise. */
  actorId?: string;
  key: string;
  command: string;
  /** What the request asks (an `idempotencyKey` field is left out of its hash). */
  request: object;
}

export function idempotencyKeyReused(key: string, command?: string): CommandFailure {
  return commandFailure(COMMON_ERRORS['idempotency-key-reused'], {
    message: {
      id: 'Kunci idempotensi ini sudah dipakai untuk permintaan lain.',
      en: 'This idempotency key was already used for a different request.',
    },
    detail: { idempotencyKey: key, command },
  });
}

interface KeyRow {
  command: string;
  request_hash: string;
  state: 'pending' | 'done';
  response: unknown;
}

type Db = DataSource | EntityManager;

/** Work whose answer is what is stored. */
function stored<T>(work: (manager: EntityManager) => Promise<T>) {
  return async (manager: EntityManager) => {
    const answer = await work(manager);
    return { answer, stored: answer };
  };
}

/**
 * The first answer of every mutating command per (office, [actor,] idempotency key), in
 * the service's own `idempotency_keys` table (see `idempotencyKeysTableSql`). The key row
 * is inserted first in the command's transaction: a concurrent retry waits on it, then
 * reads the stored answer; a failed command rolls the key back so it can be retried. The
 * same key with another command or other fields is refused (422 `idempotency-key-reused`).
 * Work that happens elsewhere (a call to another service) uses `begin`/`complete`/`abandon`:
 * the key is held `pending` until the answer is known.
 */
@Injectable()
export class IdempotencyStore {
  private readonly scope: IdempotencyScope;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options?: IdempotencyOptions,
  ) {
    this.scope = options?.scope ?? 'office';
  }

  /** A command request's call: its office, key and fields (office scope). */
  static callOf(office: string, request: { idempotencyKey: string }, command: string): IdempotentCall {
    return { office, key: request.idempotencyKey, command, request };
  }

  /** The answer is stored and replayed as it is. */
  run<T>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    return this.executeStored<T, T>(
      IdempotencyStore.callOf(office, request, command),
      stored(work),
      async (answer) => answer,
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

  /** `executeStored` for a command request (office scope). */
  runStored<T, S>(
    office: string,
    request: { idempotencyKey: string },
    command: string,
    work: (manager: EntityManager) => Promise<{ answer: T; stored: S }>,
    replay: (stored: S, manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    return this.executeStored(IdempotencyStore.callOf(office, request, command), work, replay);
  }

  /** Runs `work` once per key; the answer is stored and replayed as it is. */
  async execute<T>(call: IdempotentCall, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return (await this.executeStored<T, T>(call, stored(work), async (answer) => answer)).result;
  }

  /**
   * Stores `stored` instead of the answer and rebuilds the answer from it on replay
   * (e.g. a secret that must not be kept twice). A key left `pending` by `begin` is
   * taken over: its work is done here.
   */
  executeStored<T, S>(
    call: IdempotentCall,
    work: (manager: EntityManager) => Promise<{ answer: T; stored: S }>,
    replay: (stored: S, manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    const hash = requestHash(call.request);
    return this.dataSource.transaction(async (manager) => {
      for (;;) {
        if (await this.claim(manager, call, hash)) break;
        const row = await this.existing(manager, call, hash);
        if (row?.state === 'done')
          return { result: await replay(row.response as S, manager), replayed: true };
        if (row) break; // pending: an earlier attempt did not finish
      }
      const { answer, stored } = await work(manager);
      await this.complete(manager, call, stored);
      return { result: answer, replayed: false };
    });
  }

  /**
   * First step of a request whose work happens elsewhere: `new` or `pending` (an earlier
   * attempt did not finish: do it again with the same key downstream), or the stored answer.
   * The claim commits at once.
   */
  async begin(
    call: IdempotentCall,
  ): Promise<{ state: 'new' | 'pending' } | { state: 'done'; response: unknown }> {
    const hash = requestHash(call.request);
    for (;;) {
      if (await this.claim(this.dataSource, call, hash)) return { state: 'new' };
      const row = await this.existing(this.dataSource, call, hash);
      if (row) return row.state === 'done' ? { state: 'done', response: row.response } : { state: 'pending' };
      // abandoned meanwhile: claim again
    }
  }

  /** Stores the answer; pass the work's transaction manager so both commit together. */
  async complete(manager: EntityManager, call: IdempotentCall, answer: unknown): Promise<void> {
    await manager.query(
      `UPDATE ${qualified(manager, 'idempotency_keys')} SET state = 'done', response = $4, completed_at = now()
       WHERE office = $1 AND actor_id = $2 AND key = $3`,
      [call.office, this.actorOf(call), call.key, JSON.stringify(answer ?? null)],
    );
  }

  /** The work was refused without effect: forget the pending key so it can be retried. */
  async abandon(call: IdempotentCall): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${qualified(this.dataSource, 'idempotency_keys')}
       WHERE office = $1 AND actor_id = $2 AND key = $3 AND state = 'pending'`,
      [call.office, this.actorOf(call), call.key],
    );
  }

  /** Forgets keys older than `olderThanDays` (they only need to outlive client retries). */
  async prune(olderThanDays: number): Promise<number> {
    const deleted = await rows(
      this.dataSource,
      `DELETE FROM ${qualified(this.dataSource, 'idempotency_keys')}
       WHERE created_at < now() - make_interval(days => $1) RETURNING key`,
      [olderThanDays],
    );
    return deleted.length;
  }

  private actorOf(call: IdempotentCall): string {
    if (this.scope === 'office') return '';
    if (!call.actorId) throw new Error(`${call.command}: an actor-scoped idempotency key needs the actor`);
    return call.actorId;
  }

  private async claim(db: Db, call: IdempotentCall, hash: string): Promise<boolean> {
    const inserted = await rows(
      db,
      `INSERT INTO ${qualified(db, 'idempotency_keys')} (office, actor_id, key, command, request_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office, actor_id, key) DO NOTHING RETURNING key`,
      [call.office, this.actorOf(call), call.key, call.command, hash],
    );
    return inserted.length === 1;
  }

  private async existing(db: Db, call: IdempotentCall, hash: string): Promise<KeyRow | undefined> {
    const row = await one<KeyRow>(
      db,
      `SELECT command, request_hash, state, response FROM ${qualified(db, 'idempotency_keys')}
       WHERE office = $1 AND actor_id = $2 AND key = $3`,
      [call.office, this.actorOf(call), call.key],
    );
    if (row && (row.command !== call.command || row.request_hash !== hash))
      throw idempotencyKeyReused(call.key, row.command);
    return row;
  }
}
