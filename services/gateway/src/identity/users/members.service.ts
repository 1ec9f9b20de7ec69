import { Injectable } from '@nestjs/common';
import type { Actor, EventType, TypedEvent } from '@tatalaman/contracts';
import type { OfficeAccess } from '../../http/context';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { hashPassword } from '../auth/passwords';
import { ChangeRecorder } from '../changes';
import { revokeDelegationsOfMember } from '../delegations/delegations.queries';
import { revokeBindingsOfMember } from '../role-bindings/role-bindings.queries';
import { SessionsService } from '../sessions/sessions.service';
import { Membership } from './membership.entity';
import { User } from './user.entity';
import type { AddMemberBody, CreateUserBody, UpdateUserBody } from './users.api';
import { deleteMembership, membership, otherMemberships } from './users.queries';
import { type MemberRow, USER_REDACT, userAuditShape, UsersService } from './users.service';

const noSuchMember = () =>
  notFound({ id: 'Pengguna tidak ditemukan di kantor ini.', en: 'No such user in this office.' });

/** An office's members, as office admins manage them: create, add, change, remove. */
@Injectable()
export class MembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /** Creates an account and its membership; the email must be new. */
  async createInOffice(office: string, actor: Actor, body: CreateUserBody): Promise<MemberRow> {
    const passwordHash = await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      const user = await this.users.insertUser(manager, { email: body.email, name: body.name, passwordHash });
      await this.users.recordUserCreated(manager, office, actor, user);
      await this.users.insertMembership(manager, office, actor, user.id, body.officeAdmin);
      return this.users.member(office, user.id, manager);
    });
  }

  /** Makes an existing account a member (platform admins; an office admin cannot look up other offices' people). */
  async addMember(office: string, actor: Actor, body: AddMemberBody): Promise<MemberRow> {
    return this.uow.run(async (manager) => {
      const user = await this.users.findByEmail(body.email, manager);
      if (!user) throw notFound({ id: 'Tidak ada akun dengan email ini.', en: 'No account has this email.' });
      await this.users.insertMembership(manager, office, actor, user.id, body.officeAdmin);
      return this.users.member(office, user.id, manager);
    });
  }

  async update(access: OfficeAccess, userId: string, body: UpdateUserBody): Promise<MemberRow> {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      const office = access.office;
      const current = await membership(manager, office, userId, { forUpdate: true });
      if (!current) throw noSuchMember();
      const before = await manager
        .getRepository(User)
        .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      const touchesAccount =
        body.name !== undefined || body.active !== undefined || passwordHash !== undefined;
      if (touchesAccount && access.principal.kind === 'user' && !access.principal.platformAdmin) {
        if ((await otherMemberships(manager, userId, office)) > 0) {
          throw new Problem('user-shared', {
            detail: {
              id: 'Nama, kata sandi dan status akun ini hanya dapat diubah oleh admin platform.',
              en: "Only platform admins can change this account's name, password and status.",
            },
          });
        }
      }
      const now = new Date();
      const after: User = {
        ...before,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        ...(passwordHash !== undefined ? { passwordHash, passwordChangedAt: now } : {}),
        updatedAt: now,
      };
      const changed = (['name', 'active', 'passwordHash'] as const).filter((f) => before[f] !== after[f]);
      if (changed.length > 0) {
        await manager.getRepository(User).update(
          { id: userId },
          {
            name: after.name,
            active: after.active,
            passwordHash: after.passwordHash,
            passwordChangedAt: after.passwordChangedAt,
            updatedAt: now,
          },
        );
        const events = [];
        if (before.active && !after.active) {
          events.push(this.changes.event('identity.user-deactivated', office, access.actor, { userId }));
        }
        const profile = changed
          .filter((f) => f !== 'active' || after.active)
          .map((f) => (f === 'passwordHash' ? 'password' : f));
        if (profile.length) {
          events.push(
            this.changes.event('identity.user-updated', office, access.actor, {
              userId,
              changedFields: profile,
            }),
          );
        }
        await this.changes.record(manager, {
          office,
          actor: access.actor,
          entity: 'user',
          entityId: userId,
          action: before.active && !after.active ? 'deactivate' : 'update',
          before: userAuditShape(before),
          after: userAuditShape(after),
          redact: USER_REDACT,
          events,
        });
        // A new password or a deactivated account ends every session.
        if (passwordHash !== undefined || !after.active) {
          await this.sessions.revokeAllOf(
            manager,
            userId,
            passwordHash !== undefined ? 'password-reset' : 'deactivated',
          );
        }
      }
      if (body.officeAdmin !== undefined && body.officeAdmin !== current.office_admin) {
        await manager.getRepository(Membership).update({ office, userId }, { officeAdmin: body.officeAdmin });
        await this.changes.record(manager, {
          office,
          actor: access.actor,
          entity: 'membership',
          entityId: userId,
          action: 'update',
          before: { office, userId, officeAdmin: current.office_admin },
          after: { office, userId, officeAdmin: body.officeAdmin },
          events: [
            this.changes.event('identity.membership-granted', office, access.actor, {
              userId,
              officeAdmin: body.officeAdmin,
            }),
          ],
        });
      }
      return this.users.member(office, userId, manager);
    });
  }

  /** Ends the membership, with the person's role bindings and delegations in the office. */
  async removeMember(office: string, actor: Actor, userId: string): Promise<void> {
    await this.uow.run(async (manager) => {
      const removed = await deleteMembership(manager, office, userId);
      if (!removed) throw noSuchMember();
      const events: TypedEvent<EventType>[] = [
        this.changes.event('identity.membership-revoked', office, actor, { userId }),
      ];
      for (const b of await revokeBindingsOfMember(manager, office, userId, actor)) {
        events.push(
          this.changes.event('identity.role-binding-revoked', office, actor, {
            bindingId: b.id,
            userId,
            role: b.role,
          }),
        );
      }
      for (const d of await revokeDelegationsOfMember(manager, office, userId, actor)) {
        events.push(
          this.changes.event('identity.delegation-revoked', office, actor, {
            delegationId: d.id,
            fromUserId: d.from_user_id,
            toUserId: d.to_user_id,
            ...(d.role ? { role: d.role } : {}),
          }),
        );
      }
      await this.changes.record(manager, {
        office,
        actor,
        entity: 'membership',
        entityId: userId,
        action: 'delete',
        before: { office, userId, officeAdmin: removed.office_admin },
        after: null,
        events,
      });
    });
  }
}
