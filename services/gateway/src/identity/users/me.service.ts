import { Injectable } from '@nestjs/common';
import { type Actor, PLATFORM_OFFICE } from '@tatalaman/contracts';
import type { UserPrincipal } from '../../http/context';
import { Problem } from '../../http/problems';
import { UnitOfWork } from '../../http/unit-of-work';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { ChangeRecorder } from '../changes';
import { SessionsService } from '../sessions/sessions.service';
import { User } from './user.entity';
import type { ChangePasswordBody } from './users.api';
import { USER_REDACT, userAuditShape, UsersService } from './users.service';
import { membershipOffices } from './users.queries';

/** What a signed-in person does to their own account. */
@Injectable()
export class MeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ChangeRecorder,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /** A person's own password change: checks the current one, ends their other sessions. */
  async changePassword(principal: UserPrincipal, body: ChangePasswordBody): Promise<void> {
    const user = await this.users.findById(principal.id);
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
      const offices = await membershipOffices(manager, user.id);
      // The audit log is per office: each office the person works in sees the change.
      for (const office of offices.length ? offices : [PLATFORM_OFFICE]) {
        await this.changes.record(manager, {
          office,
          actor,
          entity: 'user',
          entityId: user.id,
          action: 'change-password',
          before: userAuditShape(user),
          after: userAuditShape({ ...user, passwordHash }),
          redact: USER_REDACT,
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
}
