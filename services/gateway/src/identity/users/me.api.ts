import { z } from 'zod';
import { API_KEY_SCOPES, ALL_PERMISSIONS } from '../../http/permissions';
import { apiSchema } from '../../http/schemas';
import { HeldRoleView } from '../role-bindings/role-bindings.api';

const permission = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const MyOfficeView = apiSchema(
  'MyOffice',
  z.object({
    code: z.string(),
    name: z.string(),
    timeZone: z.string(),
    member: z.boolean(),
    officeAdmin: z.boolean(),
    permissions: z.array(permission),
    roles: z.array(HeldRoleView).describe('SOP roles held now; delegated ones carry onBehalfOf.'),
  }),
  'An office the principal works in, with what they may do there now.',
);

export const MeView = apiSchema(
  'Me',
  z.object({
    kind: z.enum(['user', 'api-key']),
    id: z.string(),
    name: z.string(),
    email: z.string().nullable().describe('null for API keys.'),
    platformAdmin: z.boolean(),
    scopes: z.array(z.enum(API_KEY_SCOPES)).nullable().describe("An API key's scopes; null for people."),
    offices: z.array(MyOfficeView),
  }),
  'Who is calling: a person (with their offices and effective roles) or an API key.',
);
export type MeView = z.infer<typeof MeView>;
