import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalHash } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '@tatalaman/persistence';
import { table } from '../db';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../settings';

/** How long a request may run before a retry may take its key over (its process died). */
export const IDEMPOTENCY_LEASE_SECONDS = 120;
/** Answers are replayed for this long; later the same key is a new request. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'busy' };

/** Keys are opaque to us; printable ASCII so they log and index well (a UUID is typical). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function fingerprint(method: string, path: string, body: unknown): string {
  return canonicalHash(body, `${method.toUpperCase()} ${path}`);
}

/**
 * Idempotency-Key records, per principal. A request claims its key with an
 * `in-progress` row (committed at once, so a concurrent duplicate sees it and gets a
 * 409); its answer is stored with the request's own transaction (see UnitOfWork), so
 * "done" and the change commit together. A failed request releases its key: nothing
 * was committed, the client may retry with it.
 */
@Injectable()
export class IdempotencyStore {
  private readonly sealKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GATEWAY_SETTINGS) settings: GatewaySettings,
  ) {
    this.sealKey = Buffer.from(
      hkdfSync('sha256', settings.authKey, Buffer.alloc(0), 'tatalaman idempotency answers', 32),
    );
  }

  async claim(principal: string, key: string, method: string, path: string, print: string): Promise<Claim> {
    const inserted = await this.dataSource.query(
      `INSERT INTO ${table('idempotency_keys')} (principal, key, method, path, fingerprint, state, locked_until)
       VALUES ($1, $2, $3, $4, $5, 'in-progress', now() + make_interval(secs => $6))
       ON CONFLICT (principal, key) DO NOTHING RETURNING 1`,
      [principal, key, method, path, print, IDEMPOTENCY_LEASE_SECONDS],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const [row] = await this.dataSource.query(
      `SELECT fingerprint, state, locked_until < now() AS expired, response_status, response_body, response_sealed,
              created_at < now() - make_interval(hours => $3) AS stale
         FROM ${table('idempotency_keys')} WHERE principal = $1 AND key = $2`,
      [principal, key, IDEMPOTENCY_RETENTION_HOURS],
    );
    // Released or pruned in between: start afresh.
    if (!row || row.stale) {
      if (row) await this.forget(principal, key);
      return this.claim(principal, key, method, path, print);
    }
    if (row.fingerprint !== print) return { kind: 'mismatch' };
    if (row.state === 'done') {
      const body = row.response_sealed ? this.unseal(row.response_sealed) : row.response_body;
      return { kind: 'replay', status: row.response_status, body: body ?? undefined };
    }
    if (!row.expired) return { kind: 'busy' };
    const taken = await rows(
      this.dataSource,
      `UPDATE ${table('idempotency_keys')} SET locked_until = now() + make_interval(secs => $3)
        WHERE principal = $1 AND key = $2 AND state = 'in-progress' AND locked_until < now() RETURNING 1`,
      [principal, key, IDEMPOTENCY_LEASE_SECONDS],
    );
    return taken.length > 0 ? { kind: 'claimed' } : { kind: 'busy' };
  }

  /** Stores the answer; pass the request's transaction manager so it commits with the change. */
  async complete(
    manager: EntityManager | undefined,
    principal: string,
    key: string,
    status: number,
    body: unknown,
    sealed: boolean,
  ): Promise<void> {
    const json = body === undefined ? null : JSON.stringify(body);
    await (manager ?? this.dataSource).query(
      `UPDATE ${table('idempotency_keys')}
          SET state = 'done', completed_at = now(), response_status = $3, response_body = $4, response_sealed = $5
        WHERE principal = $1 AND key = $2`,
      [principal, key, status, sealed ? null : json, sealed && json !== null ? this.seal(json) : null],
    );
  }

  /** Lets the key go after a failed request. */
  async release(principal: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${table('idempotency_keys')} WHERE principal = $1 AND key = $2 AND state = 'in-progress'`,
      [principal, key],
    );
  }

  private async forget(principal: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${table('idempotency_keys')} WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
  }

  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${table('idempotency_keys')} WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
  }

  // Answers that carry a secret shown once (a new API key) are kept encrypted (AES-256-GCM).
  private seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  private unseal(sealed: string): unknown {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined)
      throw new Error('Unknown sealed answer format.');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text);
  }
}
