import { z } from 'zod';
import { passwordSchema } from '../auth/passwords';
import { apiSchema, dateTime, email, personName, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';

export const MemberView = apiSchema(
  'Member',
  z.object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    active: z.boolean(),
    officeAdmin: z.boolean(),
    memberSince: dateTime,
    createdAt: dateTime,
  }),
  'A user as a member of the office.',
);

export const MemberList = apiSchema(
  'MemberList',
  z.object({ members: z.array(MemberView) }),
  "The office's members.",
);

export const CreateUserBody = apiSchema(
  'CreateUserBody',
  z.object({
    email,
    name: personName,
    password: passwordSchema,
    officeAdmin: z.boolean().default(false),
  }),
  'A new user account, member of the office. The email must not be registered yet.',
);
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const AddMemberBody = apiSchema(
  'AddMemberBody',
  z.object({ email, officeAdmin: z.boolean().default(false) }),
  'An existing account to make a member of the office (platform admins).',
);
export type AddMemberBody = z.infer<typeof AddMemberBody>;

export const UpdateUserBody = apiSchema(
  'UpdateUserBody',
  z
    .object({
      name: personName,
      active: z.boolean(),
      officeAdmin: z.boolean(),
      password: passwordSchema.describe('A new password (the user signs in again everywhere).'),
    })
    .partial()
    .refine((b) => Object.keys(b).length > 0, bilingual('Tidak ada yang diubah', 'Nothing to change')),
  "Changes to a member. Name, password and the active flag of someone who is also a member of another office are the platform admins' to change.",
);
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UserParams = z.object({ userId: uuid });
export type UserParams = z.infer<typeof UserParams>;

export const PlatformAdminView = apiSchema(
  'PlatformAdmin',
  z.object({ id: uuid, email: z.string(), name: z.string(), active: z.boolean() }),
  'A platform admin.',
);
export const PlatformAdminList = apiSchema(
  'PlatformAdminList',
  z.object({ admins: z.array(PlatformAdminView) }),
  'Platform admins.',
);

export const GrantPlatformAdminBody = apiSchema(
  'GrantPlatformAdminBody',
  z.object({
    email,
    name: personName.optional().describe('Required when the account does not exist yet.'),
    password: passwordSchema.optional().describe('Required when the account does not exist yet.'),
  }),
  'Make an account a platform admin, creating it when the email is new.',
);
export type GrantPlatformAdminBody = z.infer<typeof GrantPlatformAdminBody>;

export const ChangePasswordBody = apiSchema(
  'ChangePasswordBody',
  z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }),
  "A signed-in person's own password change; their other sessions end.",
);
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
