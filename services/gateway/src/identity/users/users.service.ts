import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '@tatalaman/contracts';
import { isUniqueViolation } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, Problem } from '../../http/problems';
import { ChangeRecorder } from '../changes';
import { Membership } from './membership.entity';
import { User } from './user.entity';
import { memberRows } from './users.queries';

/** Account fields whose values never leave the gateway (shown as *** in the audit log). */
export const USER_REDACT = ['passwordHash'];

/** What the audit log shows of an account. */
export function userAuditShape(u: User): Record<string, unknown> {
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

/**
 * Accounts and memberships: finding them, and the inserts that office members, platform
 * admins and the demo seed share (with their events and audit entries).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
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
    return (await memberRows(manager, office, userId ?? null)).map((r) => ({
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
      after: userAuditShape(user),
      redact: USER_REDACT,
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
