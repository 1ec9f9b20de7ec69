import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, PLATFORM_OFFICE } from '@tatalaman/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation, rows } from '@tatalaman/persistence';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { table } from '../../db';
import type { OfficeAccess, UserPrincipal } from '../../http/context';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { ChangeRecorder } from '../changes';
import { SessionsService } from '../sessions/sessions.service';
import { Membership } from './membership.entity';
import { User } from './user.entity';
import type {
  AddMemberBody,
  ChangePasswordBody,
  CreateUserBody,
  GrantPlatformAdminBody,
  UpdateUserBody,
} from './users.api';

const REDACT = ['passwordHash'];

function userShape(u: User): Record<string, unknown> {
  return {
    email: u.email,
    name: u.name,
    active: u.active,
    platformAdmin: u.platformAdmin,
    passwordHash: u.passwordHash,
  };
}

export interface MemberRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  officeAdmin: boolean;
  memberSince: string;
  createdAt: string;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
    private readonly sessions: SessionsService,
  ) {}

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  /** Members of an office, optionally one of them. */
  async members(
    office: string,
    userId?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MemberRow[]> {
    const rows: {
      id: string;
      email: string;
      name: string;
      active: boolean;
      office_admin: boolean;
      member_since: Date;
      created_at: Date;
    }[] = await manager.query(
      `SELECT u.id, u.email, u.name, u.active, m.office_admin, m.created_at AS member_since, u.created_at
         FROM ${table('memberships')} m JOIN ${table('users')} u ON u.id = m.user_id
        WHERE m.office = $1 AND ($2::uuid IS NULL OR u.id = $2::uuid)
        ORDER BY u.name, u.email`,
      [office, userId ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      active: r.active,
      officeAdmin: r.office_admin,
      memberSince: r.member_since.toISOString(),
      createdAt: r.created_at.toISOString(),
    }));
  }

  async member(office: string, userId: string, manager?: EntityManager): Promise<MemberRow> {
    const [row] = await this.members(office, userId, manager);
    if (!row)
      throw notFound({ id: 'Pengguna tidak ditemukan di kantor ini.', en: 'No such user in this office.' });
    return row;
  }

  /** Creates an account and its membership; the email must be new. */
  async createInOffice(office: string, actor: Actor, body: CreateUserBody): Promise<MemberRow> {
    const passwordHash = await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      const user = await this.insertUser(manager, { email: body.email, name: body.name, passwordHash });
      await this.recordUserCreated(manager, office, actor, user);
      await this.insertMembership(manager, office, actor, user.id, body.officeAdmin);
      return this.member(office, user.id, manager);
    });
  }

  /** Makes an existing account a member (platform admins; an office admin cannot look up other offices' people). */
  async addMember(office: string, actor: Actor, body: AddMemberBody): Promise<MemberRow> {
    return this.uow.run(async (manager) => {
      const user = await this.findByEmail(body.email, manager);
      if (!user) throw notFound({ id: 'Tidak ada akun dengan email ini.', en: 'No account has this email.' });
      await this.insertMembership(manager, office, actor, user.id, body.officeAdmin);
      return this.member(office, user.id, manager);
    });
  }

  async update(access: OfficeAccess, userId: string, body: UpdateUserBody): Promise<MemberRow> {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      const office = access.office;
      const [membership] = await manager.query(
        `SELECT office_admin FROM ${table('memberships')} WHERE office = $1 AND user_id = $2 FOR UPDATE`,
        [office, userId],
      );
      if (!membership)
        throw notFound({ id: 'Pengguna tidak ditemukan di kantor ini.', en: 'No such user in this office.' });
      const before = await manager
        .getRepository(User)
        .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound();
      const touchesAccount =
        body.name !== undefined || body.active !== undefined || passwordHash !== undefined;
      if (touchesAccount && access.principal.kind === 'user' && !access.principal.platformAdmin) {
        const [{ n }] = await manager.query(
          `SELECT count(*)::int AS n FROM ${table('memberships')} WHERE user_id = $1 AND office <> $2`,
          [userId, office],
        );
        if (n > 0) {
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
          before: userShape(before),
          after: userShape(after),
          redact: REDACT,
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
      if (body.officeAdmin !== undefined && body.officeAdmin !== membership.office_admin) {
        await manager.getRepository(Membership).update({ office, userId }, { officeAdmin: body.officeAdmin });
        await this.changes.record(manager, {
          office,
          actor: access.actor,
          entity: 'membership',
          entityId: userId,
          action: 'update',
          before: { office, userId, officeAdmin: membership.office_admin },
          after: { office, userId, officeAdmin: body.officeAdmin },
          events: [
            this.changes.event('identity.membership-granted', office, access.actor, {
              userId,
              officeAdmin: body.officeAdmin,
            }),
          ],
        });
      }
      return this.member(office, userId, manager);
    });
  }

  /** Ends the membership, with the person's role bindings and delegations in the office. */
  async removeMember(office: string, actor: Actor, userId: string): Promise<void> {
    await this.uow.run(async (manager) => {
      const removed = await rows<{ office_admin: boolean }>(
        manager,
        `DELETE FROM ${table('memberships')} WHERE office = $1 AND user_id = $2 RETURNING office_admin`,
        [office, userId],
      );
      if (removed.length === 0)
        throw notFound({ id: 'Pengguna tidak ditemukan di kantor ini.', en: 'No such user in this office.' });
      const events = [this.changes.event('identity.membership-revoked', office, actor, { userId })];
      const bindings = await rows<{ id: string; role: string }>(
        manager,
        `UPDATE ${table('role_bindings')} SET revoked_at = now(), revoked_by = $3
          WHERE office = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id, role`,
        [office, userId, JSON.stringify(actor)],
      );
      for (const b of bindings) {
        events.push(
          this.changes.event('identity.role-binding-revoked', office, actor, {
            bindingId: b.id,
            userId,
            role: b.role,
          }) as never,
        );
      }
      const delegations = await rows<{
        id: string;
        from_user_id: string;
        to_user_id: string;
        role: string | null;
      }>(
        manager,
        `UPDATE ${table('delegations')} SET revoked_at = now(), revoked_by = $3
          WHERE office = $1 AND (from_user_id = $2 OR to_user_id = $2) AND revoked_at IS NULL
          RETURNING id, from_user_id, to_user_id, role`,
        [office, userId, JSON.stringify(actor)],
      );
      for (const d of delegations) {
        events.push(
          this.changes.event('identity.delegation-revoked', office, actor, {
            delegationId: d.id,
            fromUserId: d.from_user_id,
            toUserId: d.to_user_id,
            ...(d.role ? { role: d.role } : {}),
          }) as never,
        );
      }
      await this.changes.record(manager, {
        office,
        actor,
        entity: 'membership',
        entityId: userId,
        action: 'delete',
        before: { office, userId, officeAdmin: removed[0]!.office_admin },
        after: null,
        events,
      });
    });
  }

  async platformAdmins(): Promise<User[]> {
    return this.dataSource
      .getRepository(User)
      .find({ where: { platformAdmin: true }, order: { email: 'ASC' } });
  }

  async grantPlatformAdmin(actor: Actor, body: GrantPlatformAdminBody): Promise<User> {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      let user = await this.findByEmail(body.email, manager);
      if (!user) {
        if (!body.name || !passwordHash) {
          throw new Problem('invalid-request', {
            detail: {
              id: 'Akun baru memerlukan nama dan kata sandi.',
              en: 'A new account needs a name and a password.',
            },
            errors: [
              ...(!body.name ? [{ pointer: '#/name', message: { id: 'Wajib diisi', en: 'Required' } }] : []),
              ...(!passwordHash
                ? [{ pointer: '#/password', message: { id: 'Wajib diisi', en: 'Required' } }]
                : []),
            ],
          });
        }
        user = await this.insertUser(manager, { email: body.email, name: body.name, passwordHash });
        await this.recordUserCreated(manager, PLATFORM_OFFICE, actor, user);
      }
      if (user.platformAdmin) return user;
      const after = { ...user, platformAdmin: true, updatedAt: new Date() };
      await manager
        .getRepository(User)
        .update({ id: user.id }, { platformAdmin: true, updatedAt: after.updatedAt });
      await this.changes.record(manager, {
        office: PLATFORM_OFFICE,
        actor,
        entity: 'user',
        entityId: user.id,
        action: 'grant-platform-admin',
        before: userShape(user),
        after: userShape(after),
        redact: REDACT,
        events: [
          this.changes.event('identity.user-updated', PLATFORM_OFFICE, actor, {
            userId: user.id,
            changedFields: ['platformAdmin'],
          }),
        ],
      });
      return after;
    });
  }

  async revokePlatformAdmin(actor: Actor, userId: string): Promise<void> {
    await this.uow.run(async (manager) => {
      // Serialises concurrent revocations, so two admins cannot remove each other at once.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('gateway.platform-admins'))`);
      const user = await manager.getRepository(User).findOneBy({ id: userId, platformAdmin: true });
      if (!user) throw notFound();
      const [{ n }] = await manager.query(
        `SELECT count(*)::int AS n FROM ${table('users')} WHERE platform_admin AND active AND id <> $1`,
        [userId],
      );
      if (n === 0) {
        throw new Problem('last-platform-admin', {
          detail: {
            id: 'Tambahkan admin platform lain terlebih dahulu.',
            en: 'Add another platform admin first.',
          },
        });
      }
      const after = { ...user, platformAdmin: false, updatedAt: new Date() };
      await manager
        .getRepository(User)
        .update({ id: userId }, { platformAdmin: false, updatedAt: after.updatedAt });
      await this.changes.record(manager, {
        office: PLATFORM_OFFICE,
        actor,
        entity: 'user',
        entityId: userId,
        action: 'revoke-platform-admin',
        before: userShape(user),
        after: userShape(after),
        redact: REDACT,
        events: [
          this.changes.event('identity.user-updated', PLATFORM_OFFICE, actor, {
            userId,
            changedFields: ['platformAdmin'],
          }),
        ],
      });
    });
  }

  /** A person's own password change: checks the current one, ends their other sessions. */
  async changeOwnPassword(principal: UserPrincipal, body: ChangePasswordBody): Promise<void> {
    const user = await this.findById(principal.id);
    if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new Problem('invalid-request', {
        detail: { id: 'Kata sandi saat ini salah.', en: 'The current password is wrong.' },
        errors: [{ pointer: '#/currentPassword', message: { id: 'Kata sandi salah', en: 'Wrong password' } }],
      });
    }
    const passwordHash = await hashPassword(body.newPassword);
    const actor: Actor = { kind: 'user', id: user.id, name: user.name };
    await this.uow.run(async (manager) => {
      const now = new Date();
      await manager
        .getRepository(User)
        .update({ id: user.id }, { passwordHash, passwordChangedAt: now, updatedAt: now });
      const offices: { office: string }[] = await manager.query(
        `SELECT office FROM ${table('memberships')} WHERE user_id = $1`,
        [user.id],
      );
      // The audit log is per office: each office the person works in sees the change.
      for (const office of offices.length ? offices.map((o) => o.office) : [PLATFORM_OFFICE]) {
        await this.changes.record(manager, {
          office,
          actor,
          entity: 'user',
          entityId: user.id,
          action: 'change-password',
          before: userShape(user),
          after: userShape({ ...user, passwordHash }),
          redact: REDACT,
          events: [
            this.changes.event('identity.user-updated', office, actor, {
              userId: user.id,
              changedFields: ['password'],
            }),
          ],
        });
      }
      await this.sessions.revokeAllOf(manager, user.id, 'password-changed', principal.sessionId);
    });
  }

  /** Inserts an account; 409 when the email is taken. */
  async insertUser(
    manager: EntityManager,
    fields: { email: string; name: string; passwordHash: string; platformAdmin?: boolean },
  ): Promise<User> {
    const now = new Date();
    const user = manager.getRepository(User).create({
      id: randomUUID(),
      email: fields.email.trim().toLowerCase(),
      name: fields.name,
      passwordHash: fields.passwordHash,
      active: true,
      platformAdmin: fields.platformAdmin ?? false,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await manager.getRepository(User).insert(user);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new Problem('email-taken', {
          detail: {
            id: 'Email ini sudah dipakai akun lain. Admin platform dapat menambahkannya sebagai anggota.',
            en: 'Another account uses this email. A platform admin can add it as a member.',
          },
          errors: [
            { pointer: '#/email', message: { id: 'Email sudah terdaftar', en: 'Email already registered' } },
          ],
        });
      }
      throw e;
    }
    return user;
  }

  async recordUserCreated(manager: EntityManager, office: string, actor: Actor, user: User): Promise<void> {
    await this.changes.record(manager, {
      office,
      actor,
      entity: 'user',
      entityId: user.id,
      action: 'create',
      after: userShape(user),
      redact: REDACT,
      events: [
        this.changes.event('identity.user-created', office, actor, {
          userId: user.id,
          displayName: user.name,
          email: user.email,
        }),
      ],
    });
  }

  async insertMembership(
    manager: EntityManager,
    office: string,
    actor: Actor,
    userId: string,
    officeAdmin: boolean,
  ): Promise<void> {
    try {
      await manager.getRepository(Membership).insert({ office, userId, officeAdmin, createdAt: new Date() });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new Problem('already-member', {
          detail: {
            id: 'Pengguna ini sudah anggota kantor ini.',
            en: 'This user is already a member of this office.',
          },
        });
      }
      throw e;
    }
    await this.changes.record(manager, {
      office,
      actor,
      entity: 'membership',
      entityId: userId,
      action: 'create',
      after: { office, userId, officeAdmin },
      events: [this.changes.event('identity.membership-granted', office, actor, { userId, officeAdmin })],
    });
  }
}
