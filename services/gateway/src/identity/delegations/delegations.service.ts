import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { OfficeScope } from '../../http/context';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { ChangeRecorder } from '../changes';
import { EffectiveRoles } from '../role-bindings/effective-roles';
import { holdsRoleBetween } from '../role-bindings/role-bindings.queries';
import { RoleBindingsService } from '../role-bindings/role-bindings.service';
import { Delegation } from './delegation.entity';
import { type DelegationRow, delegationRows } from './delegations.queries';
import type { CreateDelegationBody, DelegationQuery } from './delegations.api';

function view(r: DelegationRow, today: string) {
  return {
    id: r.id,
    from: { userId: r.from_user_id, name: r.from_name },
    to: { userId: r.to_user_id, name: r.to_name },
    role: r.role,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    current: !r.revoked_at && r.valid_from <= today && r.valid_to >= today,
  };
}

function auditShape(d: Delegation) {
  return {
    fromUserId: d.fromUserId,
    toUserId: d.toUserId,
    role: d.role,
    validFrom: d.validFrom,
    validTo: d.validTo,
    reason: d.reason,
    revokedAt: d.revokedAt,
  };
}

/**
 * Delegations while someone is away. Traceable: the delegate's effective roles carry
 * `onBehalfOf`, decisions taken with them say so, and the rows stay after they end.
 */
@Injectable()
export class DelegationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
    private readonly bindings: RoleBindingsService,
  ) {}

  async list(access: OfficeScope, query: DelegationQuery) {
    const today = EffectiveRoles.dateIn(access.timeZone, new Date());
    const all = (await delegationRows(this.dataSource, access.office, query)).map((r) => view(r, today));
    return query.current === undefined ? all : all.filter((d) => d.current === (query.current === 'true'));
  }

  async get(access: OfficeScope, id: string, manager?: EntityManager) {
    const [row] = await delegationRows(manager ?? this.dataSource, access.office, { id });
    if (!row) throw notFound();
    return view(row, EffectiveRoles.dateIn(access.timeZone, new Date()));
  }

  async create(access: OfficeScope, body: CreateDelegationBody) {
    return this.uow.run(async (manager) => {
      await this.bindings.requireMember(manager, access.office, body.fromUserId, '#/fromUserId');
      await this.bindings.requireMember(manager, access.office, body.toUserId, '#/toUserId');
      // Something to delegate: a binding of the role (or any) overlapping the period.
      const held = await holdsRoleBetween(
        manager,
        access.office,
        body.fromUserId,
        body.role ?? null,
        body.validFrom,
        body.validTo,
      );
      if (!held) {
        throw new Problem('unprocessable', {
          detail: {
            id: 'Orang yang didelegasikan tidak memegang peran itu pada periode ini.',
            en: 'The delegating person holds no such role in that period.',
          },
          errors: [
            {
              pointer: body.role ? '#/role' : '#/fromUserId',
              message: { id: 'Tidak ada peran untuk didelegasikan', en: 'No role to delegate' },
            },
          ],
        });
      }
      const delegation = scoped(manager.getRepository(Delegation), access.office).create({
        id: randomUUID(),
        fromUserId: body.fromUserId,
        toUserId: body.toUserId,
        role: body.role ?? null,
        validFrom: body.validFrom,
        validTo: body.validTo,
        reason: body.reason,
        createdBy: access.actor,
        createdAt: new Date(),
        revokedAt: null,
        revokedBy: null,
      });
      await scoped(manager.getRepository(Delegation), access.office).insert(delegation);
      await this.changes.record(manager, {
        office: access.office,
        actor: access.actor,
        entity: 'delegation',
        entityId: delegation.id,
        action: 'create',
        after: auditShape(delegation),
        events: [
          this.changes.event('identity.delegation-granted', access.office, access.actor, {
            delegationId: delegation.id,
            fromUserId: delegation.fromUserId,
            toUserId: delegation.toUserId,
            ...(delegation.role ? { role: delegation.role } : {}),
            validFrom: delegation.validFrom,
            validTo: delegation.validTo,
            reason: delegation.reason,
          }),
        ],
      });
      return this.get(access, delegation.id, manager);
    });
  }

  async revoke(access: OfficeScope, id: string) {
    return this.uow.run(async (manager) => {
      const repo = scoped(manager.getRepository(Delegation), access.office);
      const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      if (!before.revokedAt) {
        const after = { ...before, revokedAt: new Date(), revokedBy: access.actor };
        await repo.update({ id }, { revokedAt: after.revokedAt, revokedBy: access.actor });
        await this.changes.record(manager, {
          office: access.office,
          actor: access.actor,
          entity: 'delegation',
          entityId: id,
          action: 'revoke',
          before: auditShape(before),
          after: auditShape(after),
          events: [
            this.changes.event('identity.delegation-revoked', access.office, access.actor, {
              delegationId: id,
              fromUserId: before.fromUserId,
              toUserId: before.toUserId,
              ...(before.role ? { role: before.role } : {}),
            }),
          ],
        });
      }
      return this.get(access, id, manager);
    });
  }
}
