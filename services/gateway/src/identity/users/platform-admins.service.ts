import { Injectable } from '@nestjs/common';
import { type Actor, PLATFORM_OFFICE } from '@tatalaman/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { hashPassword } from '../auth/passwords';
import { ChangeRecorder } from '../changes';
import { User } from './user.entity';
import type { GrantPlatformAdminBody } from './users.api';
import { lockPlatformAdmins, otherActivePlatformAdmins } from './users.queries';
import { USER_REDACT, userAuditShape, UsersService } from './users.service';

/** The platform admins: listed, granted (creating the account if new) and revoked; the last active one stays. */
@Injectable()
export class PlatformAdminsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
    private readonly users: UsersService,
  ) {}

  async list(): Promise<User[]> {
    return this.dataSource
      .getRepository(User)
      .find({ where: { platformAdmin: true }, order: { email: 'ASC' } });
  }

  async grant(actor: Actor, body: GrantPlatformAdminBody): Promise<User> {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    return this.uow.run(async (manager) => {
      let user = await this.users.findByEmail(body.email, manager);
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
        user = await this.users.insertUser(manager, { email: body.email, name: body.name, passwordHash });
        await this.users.recordUserCreated(manager, PLATFORM_OFFICE, actor, user);
      }
      if (user.platformAdmin) return user;
      return this.setPlatformAdmin(manager, actor, user, true);
    });
  }

  async revoke(actor: Actor, userId: string): Promise<void> {
    await this.uow.run(async (manager) => {
      // Serialises concurrent revocations, so two admins cannot remove each other at once.
      await lockPlatformAdmins(manager);
      const user = await manager.getRepository(User).findOneBy({ id: userId, platformAdmin: true });
      if (!user) throw notFound();
      if ((await otherActivePlatformAdmins(manager, userId)) === 0) {
        throw new Problem('last-platform-admin', {
          detail: {
            id: 'Tambahkan admin platform lain terlebih dahulu.',
            en: 'Add another platform admin first.',
          },
        });
      }
      await this.setPlatformAdmin(manager, actor, user, false);
    });
  }

  /** Sets the flag, with its audit entry and `user-updated` event in the platform office. */
  private async setPlatformAdmin(
    manager: EntityManager,
    actor: Actor,
    user: User,
    platformAdmin: boolean,
  ): Promise<User> {
    const after = { ...user, platformAdmin, updatedAt: new Date() };
    await manager.getRepository(User).update({ id: user.id }, { platformAdmin, updatedAt: after.updatedAt });
    await this.changes.record(manager, {
      office: PLATFORM_OFFICE,
      actor,
      entity: 'user',
      entityId: user.id,
      action: platformAdmin ? 'grant-platform-admin' : 'revoke-platform-admin',
      before: userAuditShape(user),
      after: userAuditShape(after),
      redact: USER_REDACT,
      events: [
        this.changes.event('identity.user-updated', PLATFORM_OFFICE, actor, {
          userId: user.id,
          changedFields: ['platformAdmin'],
        }),
      ],
    });
    return after;
  }
}
