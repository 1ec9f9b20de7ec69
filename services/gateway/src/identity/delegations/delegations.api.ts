import { z } from 'zod';
import { ActorView, apiSchema, dateTime, localDate, roleCode, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';

const person = z.object({ userId: uuid, name: z.string() });

export const DelegationView = apiSchema(
  'Delegation',
  z.object({
    id: uuid,
    from: person.describe('The role holder who is away.'),
    to: person.describe('The member who acts on their behalf.'),
    role: z.string().nullable().describe('null: every role the absent person holds.'),
    validFrom: localDate,
    validTo: localDate,
    reason: z.string(),
    createdAt: dateTime,
    createdBy: ActorView,
    revokedAt: dateTime.nullable(),
    revokedBy: ActorView.nullable(),
    current: z.boolean().describe('Active today in the office.'),
  }),
  'While someone is away, another member acts in their roles on their behalf.',
);

export const DelegationList = apiSchema(
  'DelegationList',
  z.object({ delegations: z.array(DelegationView) }),
  'Delegations.',
);

export const CreateDelegationBody = apiSchema(
  'CreateDelegationBody',
  z
    .object({
      fromUserId: uuid,
      toUserId: uuid,
      role: roleCode.optional().describe('Default: all roles the absent person holds.'),
      validFrom: localDate,
      validTo: localDate.describe('Last day (inclusive).'),
      reason: z.string().trim().min(1).max(2000).describe('e.g. "Cuti tahunan", "Dinas luar".'),
    })
    .refine((b) => b.validTo >= b.validFrom, {
      message: bilingual(
        'Tanggal berakhir tidak boleh sebelum tanggal mulai',
        'The end date must not be before the start date',
      ),
      path: ['validTo'],
    })
    .refine((b) => b.fromUserId !== b.toUserId, {
      message: bilingual('Tidak dapat mendelegasikan kepada diri sendiri', 'Cannot delegate to oneself'),
      path: ['toUserId'],
    }),
  'A delegation of one or all roles between two members, for a period.',
);
export type CreateDelegationBody = z.infer<typeof CreateDelegationBody>;

export const DelegationQuery = z.object({
  userId: uuid.optional().describe('Delegations from or to this member.'),
  current: z.enum(['true', 'false']).optional().describe('true: only those active today.'),
});
export type DelegationQuery = z.infer<typeof DelegationQuery>;

export const DelegationParams = z.object({ delegationId: uuid });
export type DelegationParams = z.infer<typeof DelegationParams>;
