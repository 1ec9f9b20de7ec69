import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { OfficeScope } from '../../http/context';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { ChangeRecorder } from '../changes';
import { EffectiveRoles } from './effective-roles';
import { RoleBinding } from './role-binding.entity';
import { type BindingRow, bindingRows } from './role-bindings.queries';
import { membership } from '../users/users.queries';
import type { CreateRoleBindingBody, RoleBindingQuery, UpdateRoleBindingBody } from './role-bindings.api';

function view(r: BindingRow, today: string) {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    role: r.role,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    current: !r.revoked_at && r.valid_from <= today && (r.valid_to === null || r.valid_to >= today),
  };
}
export type RoleBindingViewData = ReturnType<typeof view>;

function auditShape(
  b: Pick<RoleBinding, 'userId' | 'role' | 'validFrom' | 'validTo' | 'note' | 'revokedAt'>,
) {
  return {
    userId: b.userId,
    role: b.role,
    validFrom: b.validFrom,
    validTo: b.validTo,
    note: b.note,
    revokedAt: b.revokedAt,
  };
}

@Injectable()
export class RoleBindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(access: OfficeScope, query: RoleBindingQuery) {
    const today = EffectiveRoles.dateIn(access.timeZone, new Date());
    const all = (await bindingRows(this.dataSource, access.office, query)).map((r) => view(r, today));
    return query.current === undefined ? all : all.filter((b) => b.current === (query.current === 'true'));
  }

  async get(access: OfficeScope, id: string, manager?: EntityManager) {
    const [row] = await bindingRows(manager ?? this.dataSource, access.office, { id });
    if (!row) throw notFound();
    return view(row, EffectiveRoles.dateIn(access.timeZone, new Date()));
  }

  async create(access: OfficeScope, body: CreateRoleBindingBody) {
    const today = EffectiveRoles.dateIn(access.timeZone, new Date());
    const validFrom = body.validFrom ?? today;
    if (body.validTo && body.validTo < validFrom) {
      throw new Problem('invalid-request', {
        errors: [
          {
            pointer: '#/validTo',
            message: { id: 'Tidak boleh sebelum tanggal mulai', en: 'Must not be before the start date' },
          },
        ],
      });
    }
    return this.uow.run(async (manager) => {
      await this.requireMember(manager, access.office, body.userId, '#/userId');
      const binding = scoped(manager.getRepository(RoleBinding), access.office).create({
        id: randomUUID(),
        userId: body.userId,
        role: body.role,
        validFrom,
        validTo: body.validTo ?? null,
        note: body.note ?? null,
        createdBy: access.actor,
        createdAt: new Date(),
        revokedAt: null,
        revokedBy: null,
      });
      await scoped(manager.getRepository(RoleBinding), access.office).insert(binding);
      await this.changes.record(manager, {
        office: access.office,
        actor: access.actor,
        entity: 'role-binding',
        entityId: binding.id,
        action: 'create',
        after: auditShape(binding),
        events: [
          this.changes.event('identity.role-binding-granted', access.office, access.actor, {
            bindingId: binding.id,
            userId: binding.userId,
            role: binding.role,
            validFrom: binding.validFrom,
            ...(binding.validTo ? { validTo: binding.validTo } : {}),
          }),
        ],
      });
      return this.get(access, binding.id, manager);
    });
  }

  async update(access: OfficeScope, id: string, body: UpdateRoleBindingBody) {
    return this.uow.run(async (manager) => {
      const repo = scoped(manager.getRepository(RoleBinding), access.office);
      const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      if (before.revokedAt) {
        throw new Problem('conflict', {
          detail: { id: 'Ikatan peran ini sudah dicabut.', en: 'This role binding was revoked.' },
        });
      }
      const after: RoleBinding = {
        ...before,
        ...(body.validTo !== undefined ? { validTo: body.validTo } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
      };
      if (after.validTo !== null && after.validTo < after.validFrom) {
        throw new Problem('invalid-request', {
          errors: [
            {
              pointer: '#/validTo',
              message: { id: 'Tidak boleh sebelum tanggal mulai', en: 'Must not be before the start date' },
            },
          ],
        });
      }
      await repo.update({ id }, { validTo: after.validTo, note: after.note });
      await this.changes.record(manager, {
        office: access.office,
        actor: access.actor,
        entity: 'role-binding',
        entityId: id,
        action: 'update',
        before: auditShape(before),
        after: auditShape(after),
        events:
          before.validTo !== after.validTo
            ? [
                this.changes.event('identity.role-binding-granted', access.office, access.actor, {
                  bindingId: id,
                  userId: after.userId,
                  role: after.role,
                  validFrom: after.validFrom,
                  ...(after.validTo ? { validTo: after.validTo } : {}),
                }),
              ]
            : [],
      });
      return this.get(access, id, manager);
    });
  }

  async revoke(access: OfficeScope, id: string) {
    return this.uow.run(async (manager) => {
      const repo = scoped(manager.getRepository(RoleBinding), access.office);
      const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      if (!before.revokedAt) {
        const after = { ...before, revokedAt: new Date(), revokedBy: access.actor };
        await repo.update({ id }, { revokedAt: after.revokedAt, revokedBy: access.actor });
        await this.changes.record(manager, {
          office: access.office,
          actor: access.actor,
          entity: 'role-binding',
          entityId: id,
          action: 'revoke',
          before: auditShape(before),
          after: auditShape(after),
          events: [
            this.changes.event('identity.role-binding-revoked', access.office, access.actor, {
              bindingId: id,
              userId: before.userId,
              role: before.role,
            }),
          ],
        });
      }
      return this.get(access, id, manager);
    });
  }

  /** 422 unless the user is a member of the office (people of other offices look just as unknown). */
  async requireMember(
    manager: EntityManager,
    office: string,
    userId: string,
    pointer: string,
  ): Promise<void> {
    if (!(await membership(manager, office, userId))) {
      throw new Problem('unprocessable', {
        detail: { id: 'Pengguna ini bukan anggota kantor.', en: 'This user is not a member of the office.' },
        errors: [{ pointer, message: { id: 'Bukan anggota kantor ini', en: 'Not a member of this office' } }],
      });
    }
  }
}
