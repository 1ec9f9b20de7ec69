import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@tatalaman/contracts';
import { scoped } from '@tatalaman/persistence';
import { DataSource } from 'typeorm';
import { newSecret, sha256Hex } from '../auth/tokens';
import type { ApiKeyPrincipal } from '../../http/context';
import { isPermission } from '../../http/permissions';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { ChangeRecorder } from '../changes';
import { ApiKey } from './api-key.entity';
import type { CreateApiKeyBody } from './api-keys.api';
import { currentKey, touchKey } from './api-keys.queries';

const LAST_USED_EVERY_MS = 60_000;

export function apiKeyView(k: ApiKey) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes.filter(isPermission),
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

function auditShape(k: ApiKey): Record<string, unknown> {
  return {
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    keyHash: k.keyHash,
  };
}

/**
 * API keys: `tlk_` + 32 random bytes, shown once; kept as SHA-256 with a visible prefix.
 * `lastUsedAt` is written at most once a minute per key (remembered in memory, and the
 * UPDATE itself only touches a row older than a minute), so a burst of requests from an
 * agency system is not a burst of writes.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(office: string) {
    const keys = await scoped(this.dataSource.getRepository(ApiKey), office).find({
      order: { createdAt: 'DESC' },
    });
    return keys.map(apiKeyView);
  }

  async get(office: string, id: string) {
    const key = await scoped(this.dataSource.getRepository(ApiKey), office).findOneBy({ id });
    if (!key) throw notFound();
    return apiKeyView(key);
  }

  async create(office: string, actor: Actor, body: CreateApiKeyBody) {
    if (body.expiresAt && new Date(body.expiresAt).getTime() <= Date.now()) {
      throw new Problem('invalid-request', {
        errors: [
          { pointer: '#/expiresAt', message: { id: 'Harus di masa depan', en: 'Must be in the future' } },
        ],
      });
    }
    const secret = newSecret('tlk');
    return this.uow.run(async (manager) => {
      const key = scoped(manager.getRepository(ApiKey), office).create({
        id: randomUUID(),
        name: body.name,
        prefix: secret.slice(0, 12),
        keyHash: sha256Hex(secret),
        scopes: [...new Set(body.scopes)].sort(),
        createdBy: actor,
        createdAt: new Date(),
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });
      await scoped(manager.getRepository(ApiKey), office).insert(key);
      await this.changes.record(manager, {
        office,
        actor,
        entity: 'api-key',
        entityId: key.id,
        action: 'create',
        after: auditShape(key),
        redact: ['keyHash'],
        events: [
          this.changes.event('identity.api-key-created', office, actor, {
            apiKeyId: key.id,
            name: key.name,
            scopes: key.scopes,
          }),
        ],
      });
      return { apiKey: apiKeyView(key), secret };
    });
  }

  async revoke(office: string, actor: Actor, id: string) {
    return this.uow.run(async (manager) => {
      const repo = scoped(manager.getRepository(ApiKey), office);
      const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      if (before.revokedAt) return apiKeyView(before);
      const after = { ...before, revokedAt: new Date(), revokedBy: actor };
      await repo.update({ id }, { revokedAt: after.revokedAt, revokedBy: actor });
      await this.changes.record(manager, {
        office,
        actor,
        entity: 'api-key',
        entityId: id,
        action: 'revoke',
        before: auditShape(before),
        after: auditShape(after),
        redact: ['keyHash'],
        events: [this.changes.event('identity.api-key-revoked', office, actor, { apiKeyId: id })],
      });
      this.lastTouched.delete(id);
      return apiKeyView(after);
    });
  }

  /** The principal of a presented key, if it is current (not revoked, not expired). */
  async authenticate(secret: string): Promise<ApiKeyPrincipal | undefined> {
    if (!/^tlk_[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
    const row = await currentKey(this.dataSource, sha256Hex(secret));
    if (!row) return undefined;
    await this.touch(row.id);
    return {
      kind: 'api-key',
      id: row.id,
      name: row.name,
      office: row.office,
      scopes: row.scopes.filter(isPermission),
    };
  }

  private async touch(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastTouched.set(id, now);
    if (this.lastTouched.size > 50_000) this.lastTouched.clear();
    await touchKey(this.dataSource, id).catch((e: Error) =>
      this.logger.warn(`lastUsedAt of ${id} not updated: ${e.message}`),
    );
  }
}
