import { z } from 'zod';
import { ActorView, apiSchema, dateTime, localDate, roleCode, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';

export const RoleBindingView = apiSchema(
  'RoleBinding',
  z.object({
    id: uuid,
    userId: uuid,
    userName: z.string(),
    userEmail: z.string(),
    role: z.string(),
    validFrom: localDate,
    validTo: localDate.nullable().describe('Last day (inclusive); null: until revoked.'),
    note: z.string().nullable(),
    createdAt: dateTime,
    createdBy: ActorView,
    revokedAt: dateTime.nullable(),
    revokedBy: ActorView.nullable(),
    current: z.boolean().describe('Valid today in the office.'),
  }),
  'A person bound to an SOP role in the office between two dates.',
);

export const RoleBindingList = apiSchema(
  'RoleBindingList',
  z.object({ roleBindings: z.array(RoleBindingView) }),
  'Role bindings.',
);

const dates = <T extends { validFrom?: string; validTo?: string | null }>(b: T) =>
  !b.validFrom || !b.validTo || b.validTo >= b.validFrom;
const datesMessage = bilingual(
  'Tanggal berakhir tidak boleh sebelum tanggal mulai',
  'The end date must not be before the start date',
);

export const CreateRoleBindingBody = apiSchema(
  'CreateRoleBindingBody',
  z
    .object({
      userId: uuid,
      role: roleCode.describe(
        "An SOP role code of the office's definitions (`roles[].code`), e.g. `kabag-hth`.",
      ),
      validFrom: localDate.optional().describe('Default: today in the office.'),
      validTo: localDate.optional().describe('Last day (inclusive). Default: until revoked.'),
      note: z.string().trim().max(2000).optional(),
    })
    .refine(dates, { message: datesMessage, path: ['validTo'] }),
  'Bind a member to an SOP role.',
);
export type CreateRoleBindingBody = z.infer<typeof CreateRoleBindingBody>;

export const UpdateRoleBindingBody = apiSchema(
  'UpdateRoleBindingBody',
  z
    .object({
      validTo: localDate.nullable().describe('New last day; null: until revoked.'),
      note: z.string().trim().max(2000).nullable(),
    })
    .partial()
    .refine((b) => Object.keys(b).length > 0, bilingual('Tidak ada yang diubah', 'Nothing to change')),
  'Change the end date or the note of a role binding.',
);
export type UpdateRoleBindingBody = z.infer<typeof UpdateRoleBindingBody>;

export const RoleBindingQuery = z.object({
  userId: uuid.optional(),
  role: roleCode.optional(),
  current: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only bindings valid today; false: only the others.'),
});
export type RoleBindingQuery = z.infer<typeof RoleBindingQuery>;

export const RoleBindingParams = z.object({ bindingId: uuid });
export type RoleBindingParams = z.infer<typeof RoleBindingParams>;

export const HeldRoleView = apiSchema(
  'HeldRole',
  z.object({
    role: z.string(),
    source: z.enum(['binding', 'delegation']),
    sourceId: uuid.describe('The role binding, or the delegation the role comes through.'),
    validFrom: localDate,
    validTo: localDate.optional(),
    onBehalfOf: ActorView.optional().describe('Held as a delegate of this absent role holder.'),
  }),
  'An SOP role held at a moment: own binding, or delegated by someone who is away.',
);

export const HeldRolesView = apiSchema(
  'HeldRoles',
  z.object({
    userId: uuid,
    at: dateTime,
    date: localDate.describe('The local date in the office at that moment.'),
    roles: z.array(HeldRoleView),
  }),
  "A member's effective roles at a moment: valid role bindings plus active delegations.",
);

export const HeldRolesQuery = z.object({
  at: dateTime.optional().describe('Default: now.'),
});
export type HeldRolesQuery = z.infer<typeof HeldRolesQuery>;
