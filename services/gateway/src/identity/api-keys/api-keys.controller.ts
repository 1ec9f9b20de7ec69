import { Delete, Get, Post } from '@nestjs/common';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams } from '../../http/params';
import { TAGS } from '../../http/tags';
import { ApiKeyList, ApiKeyParams, ApiKeyView, CreateApiKeyBody, CreatedApiKeyView } from './api-keys.api';
import { ApiKeysService } from './api-keys.service';

@OfficeController('api-keys', TAGS.apiKeys)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Endpoint({
    operationId: 'listApiKeys',
    summary: "The office's API keys",
    requires: 'office:admin',
    response: ApiKeyList,
  })
  async list(@Access() access: OfficeAccess) {
    return { apiKeys: await this.keys.list(access.office) };
  }

  @Post()
  @Endpoint({
    operationId: 'createApiKey',
    summary: 'Issue an API key for an agency system',
    description:
      'The secret (`tlk_…`) is in this answer only; the platform keeps its SHA-256. A retry with the same ' +
      'Idempotency-Key returns the same key (the stored answer is kept encrypted for 24 hours).',
    requires: 'office:admin',
    body: CreateApiKeyBody,
    response: CreatedApiKeyView,
    status: 201,
    sensitiveResponse: true,
  })
  create(@Access() access: OfficeAccess, @ValidBody() body: CreateApiKeyBody) {
    return this.keys.create(access.office, access.actor, body);
  }

  @Get(':apiKeyId')
  @Endpoint({
    operationId: 'getApiKey',
    summary: 'An API key',
    requires: 'office:admin',
    params: ApiKeyParams,
    response: ApiKeyView,
  })
  get(@Access() access: OfficeAccess, @ValidParams() params: ApiKeyParams) {
    return this.keys.get(access.office, params.apiKeyId);
  }

  @Delete(':apiKeyId')
  @Endpoint({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'Requests with it are refused (401) from now on.',
    requires: 'office:admin',
    params: ApiKeyParams,
    response: ApiKeyView,
    status: 200,
  })
  revoke(@Access() access: OfficeAccess, @ValidParams() params: ApiKeyParams) {
    return this.keys.revoke(access.office, access.actor, params.apiKeyId);
  }
}
