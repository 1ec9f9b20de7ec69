import { Get, Post, Res, StreamableFile } from '@nestjs/common';
import { REGISTRY_COMMAND_DEFINITIONS as R } from '@tatalaman/contracts';
import type { Response } from 'express';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import type { Language } from '../../http/language';
import { Access, Lang, type TextOrJson, TextOrJsonBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { contentDisposition, SANDBOX_CSP, SERVICE_PROBLEMS } from '../shared';
import {
  DefinitionDiffQuery,
  DefinitionDiffView,
  DefinitionListView,
  DefinitionParams,
  DefinitionVersionParams,
  DefinitionVersionsView,
  DefinitionView,
  ListDefinitionsQuery,
  RenderQuery,
  UploadDefinitionBody,
  UploadDefinitionQuery,
  UploadedDefinitionView,
} from './sop-registry.schemas';

export const SOP_TAG = {
  name: 'SOP definitions',
  description:
    'SOP definitions (validated, immutable versions, diffs, charts and sheets), which version an office ' +
    'uses for which content type, and the content types themselves.',
};

/** Text media types an SOP definition may be uploaded as (YAML, or JSON sent as text). */
export const DEFINITION_TEXT_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
] as const;

/** Whether the caller is a platform admin (they may upload platform definitions). */
export function isPlatformAdmin(access: OfficeAccess): boolean {
  return access.principal.kind === 'user' && access.principal.platformAdmin;
}

/** SOP definitions: `sop-registry.definition.*`. */
@OfficeController('sop-definitions', SOP_TAG)
export class DefinitionsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Post()
  @Endpoint({
    operationId: 'uploadDefinition',
    summary: 'Upload an SOP definition',
    description:
      'Validates the text and publishes it as the version it names (versions never change). Send it as ' +
      'text (`Content-Type: application/yaml`, `text/yaml` or `text/plain`; `scope` and `fileName` in the ' +
      'query) or as JSON `{ source, scope, fileName }`. An invalid definition is a 422 `definition-invalid` ' +
      "whose `errors` give each diagnostic's `code`, `path`, `line`, `column` and message (and `warnings` " +
      'likewise). The same text again answers `created: false`. Platform definitions (`scope: platform`) ' +
      'need a platform admin.',
    requires: 'office:admin',
    body: UploadDefinitionBody,
    rawBody: {
      mode: 'text',
      mediaTypes: DEFINITION_TEXT_TYPES,
      maxBytes: 1_000_000,
      description: 'The definition as YAML (or JSON) text, or JSON `{ source, scope, fileName }`.',
    },
    query: UploadDefinitionQuery,
    response: UploadedDefinitionView,
    status: 201,
    commands: [R['sop-registry.definition.upload']],
    problems: [...SERVICE_PROBLEMS],
  })
  upload(
    @Access() access: OfficeAccess,
    @TextOrJsonBody() body: TextOrJson<UploadDefinitionBody>,
    @ValidQuery() query: UploadDefinitionQuery,
  ) {
    const input = body.kind === 'text' ? { ...query, source: body.text } : { ...query, ...body.value };
    return this.commands.send('sop-registry.definition.upload', {
      ...input,
      platformAdmin: isPlatformAdmin(access),
    });
  }

  @Get()
  @Endpoint({
    operationId: 'listDefinitions',
    summary: 'The SOP definitions an office sees',
    description: "The latest version of each: the platform's and the office's own.",
    requires: 'office:read',
    query: ListDefinitionsQuery,
    response: DefinitionListView,
    commands: [R['sop-registry.definition.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListDefinitionsQuery) {
    return this.commands.send('sop-registry.definition.list', query);
  }

  @Get(':key')
  @Endpoint({
    operationId: 'getDefinition',
    summary: 'The latest version of an SOP definition',
    description: 'With its source text and compiled form.',
    requires: 'office:read',
    params: DefinitionParams,
    response: DefinitionView,
    commands: [R['sop-registry.definition.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  latest(@ValidParams() p: DefinitionParams) {
    return this.commands.send('sop-registry.definition.get', { key: p.key });
  }

  @Get(':key/versions')
  @Endpoint({
    operationId: 'listDefinitionVersions',
    summary: 'The versions of an SOP definition',
    description: 'Newest first.',
    requires: 'office:read',
    params: DefinitionParams,
    response: DefinitionVersionsView,
    commands: [R['sop-registry.definition.versions']],
    problems: [...SERVICE_PROBLEMS],
  })
  versions(@ValidParams() p: DefinitionParams) {
    return this.commands.send('sop-registry.definition.versions', { key: p.key });
  }

  @Get(':key/versions/:version')
  @Endpoint({
    operationId: 'getDefinitionVersion',
    summary: 'One version of an SOP definition',
    description: 'With its source text and compiled form.',
    requires: 'office:read',
    params: DefinitionVersionParams,
    response: DefinitionView,
    commands: [R['sop-registry.definition.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  version(@ValidParams() p: DefinitionVersionParams) {
    return this.commands.send('sop-registry.definition.get', { key: p.key, version: p.version });
  }

  @Get(':key/diff')
  @Endpoint({
    operationId: 'diffDefinitionVersions',
    summary: 'Compare two versions of an SOP definition',
    description:
      'Structural changes (roles, content types, flows, steps, deadlines) and a unified text diff.',
    requires: 'office:read',
    params: DefinitionParams,
    query: DefinitionDiffQuery,
    response: DefinitionDiffView,
    commands: [R['sop-registry.definition.diff']],
    problems: [...SERVICE_PROBLEMS],
  })
  diff(@ValidParams() p: DefinitionParams, @ValidQuery() q: DefinitionDiffQuery) {
    return this.commands.send('sop-registry.definition.diff', { key: p.key, from: q.from, to: q.to });
  }

  @Get(':key/versions/:version/diagram')
  @Endpoint({
    operationId: 'getDefinitionDiagram',
    summary: 'The procedure chart (bagan alur) of a version, as SVG',
    description: 'In the language of `lang`, else of Accept-Language.',
    requires: 'office:read',
    params: DefinitionVersionParams,
    query: RenderQuery,
    produces: {
      mediaTypes: ['image/svg+xml'],
      description: 'The chart, a self-contained SVG document.',
      headers: { 'Content-Disposition': '`inline` with a file name.' },
    },
    commands: [R['sop-registry.definition.diagram']],
    problems: [...SERVICE_PROBLEMS],
  })
  async diagram(
    @ValidParams() p: DefinitionVersionParams,
    @ValidQuery() q: RenderQuery,
    @Lang() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const lang = q.lang ?? language;
    const r = await this.commands.send('sop-registry.definition.diagram', {
      key: p.key,
      version: p.version,
      lang,
    });
    return rendered(res, r, 'image/svg+xml', lang);
  }

  @Get(':key/versions/:version/sheet')
  @Endpoint({
    operationId: 'getDefinitionSheet',
    summary: 'The SOP sheet of a version, as one HTML page',
    description: 'In the language of `lang`, else of Accept-Language. Self-contained: prints as it is.',
    requires: 'office:read',
    params: DefinitionVersionParams,
    query: RenderQuery,
    produces: {
      mediaTypes: ['text/html'],
      description: 'The SOP sheet, a self-contained HTML page.',
      headers: { 'Content-Disposition': '`inline` with a file name.' },
    },
    commands: [R['sop-registry.definition.sheet']],
    problems: [...SERVICE_PROBLEMS],
  })
  async sheet(
    @ValidParams() p: DefinitionVersionParams,
    @ValidQuery() q: RenderQuery,
    @Lang() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const lang = q.lang ?? language;
    const r = await this.commands.send('sop-registry.definition.sheet', {
      key: p.key,
      version: p.version,
      lang,
    });
    return rendered(res, r, 'text/html', lang);
  }
}

/** A rendering of the registry as a document of its own: inline, sandboxed, in its language. */
function rendered(
  res: Response,
  r: { fileName: string; body: string },
  mediaType: string,
  lang: Language,
): StreamableFile {
  res.setHeader('Content-Security-Policy', SANDBOX_CSP);
  res.setHeader('Content-Language', lang);
  const bytes = Buffer.from(r.body, 'utf8');
  return new StreamableFile(bytes, {
    type: `${mediaType}; charset=utf-8`,
    length: bytes.length,
    disposition: contentDisposition('inline', r.fileName),
  });
}
