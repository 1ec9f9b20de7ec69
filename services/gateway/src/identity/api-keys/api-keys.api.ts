import { z } from 'zod';
import { API_KEY_SCOPES } from '../../http/permissions';
import { ActorView, apiSchema, dateTime, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';

export const ApiKeyScope = z
  .enum(API_KEY_SCOPES)
  .describe('See docs/identity.md for what each scope allows.');

export const ApiKeyView = apiSchema(
  'ApiKey',
  z.object({
    id: uuid,
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it.'),
    scopes: z.array(ApiKeyScope),
    createdAt: dateTime,
    createdBy: ActorView,
    expiresAt: dateTime.nullable(),
    revokedAt: dateTime.nullable(),
    lastUsedAt: dateTime.nullable().describe('Updated at most once a minute.'),
  }),
  'An API key of an agency system (never its secret).',
);

export const ApiKeyList = apiSchema(
  'ApiKeyList',
  z.object({ apiKeys: z.array(ApiKeyView) }),
  "The office's API keys.",
);

export const CreatedApiKeyView = apiSchema(
  'CreatedApiKey',
  z.object({
    apiKey: ApiKeyView,
    secret: z.string().describe('`tlk_…`: shown this once; send as `Authorization: Bearer <secret>`.'),
  }),
  'A new API key with its secret, shown only in this answer.',
);

export const CreateApiKeyBody = apiSchema(
  'CreateApiKeyBody',
  z.object({
    name: z.string().trim().min(1).max(200).describe('Which system uses it, e.g. "SIRUP Diskominfo".'),
    scopes: z
      .array(ApiKeyScope)
      .min(1, bilingual('Pilih paling sedikit satu cakupan', 'Choose at least one scope'))
      .max(API_KEY_SCOPES.length),
    expiresAt: dateTime.optional().describe('Default: never (revoke it when no longer used).'),
  }),
  'A new API key for an agency system.',
);
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

export const ApiKeyParams = z.object({ apiKeyId: uuid });
export type ApiKeyParams = z.infer<typeof ApiKeyParams>;
