import {
  activationView,
  compiledSop,
  definitionKey,
  definitionScope,
  definitionSummary,
  definitionView,
  diagnosticView,
  REGISTRY_COMMAND_DEFINITIONS as R,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand, serialParam, uuid } from '../../http/schemas';
import { langQuery, pageQuery } from '../shared';

// The SOP registry's contracts (libs/contracts/src/commands/registry) as the edge shows them:
// bodies are the commands' requests without the caller envelope and path fields, views their
// responses. Only query and path coercion are written here.

export const DiagnosticView = apiSchema(
  'Diagnostic',
  diagnosticView,
  'One finding of the SOP validator in a definition text.',
);

export const DefinitionSummaryView = apiSchema(
  'DefinitionSummary',
  definitionSummary,
  'One version of an SOP definition, without its texts.',
);

export const DefinitionListView = apiSchema(
  'DefinitionList',
  R['sop-registry.definition.list'].response,
  "The latest version of each definition the office sees (the platform's and its own).",
);

export const DefinitionVersionsView = apiSchema(
  'DefinitionVersions',
  R['sop-registry.definition.versions'].response,
  'Every version of one definition the office sees.',
);

export const CompiledDefinitionView = apiSchema(
  'CompiledDefinition',
  compiledSop,
  'A definition compiled for the runtime.',
);

export const DefinitionView = apiSchema(
  'Definition',
  definitionView,
  'One version of an SOP definition with its source and compiled form.',
);

export const UploadDefinitionBody = bodyFromCommand(
  'UploadDefinitionBody',
  R['sop-registry.definition.upload'],
  {
    omit: { platformAdmin: true },
    description: 'An SOP definition to validate and publish as a new version.',
  },
);
export type UploadDefinitionBody = z.infer<typeof UploadDefinitionBody>;

/** For a definition sent as text: its scope and file name travel in the query. */
export const UploadDefinitionQuery = z.object({
  scope: definitionScope.optional().describe('For a text body: `office` (default) or `platform`.'),
  fileName: UploadDefinitionBody.shape.fileName.describe('For a text body: shown in diagnostics.'),
});
export type UploadDefinitionQuery = z.infer<typeof UploadDefinitionQuery>;

export const UploadedDefinitionView = apiSchema(
  'UploadedDefinition',
  R['sop-registry.definition.upload'].response,
  "A published definition version, with the validator's warnings.",
);

export const ListDefinitionsQuery = R['sop-registry.definition.list'].request
  .pick({ scope: true })
  .extend(pageQuery);
export type ListDefinitionsQuery = z.infer<typeof ListDefinitionsQuery>;

export const DefinitionParams = z.object({ key: definitionKey });
export type DefinitionParams = z.infer<typeof DefinitionParams>;

export const DefinitionVersionParams = z.object({ key: definitionKey, version: serialParam });
export type DefinitionVersionParams = z.infer<typeof DefinitionVersionParams>;

export const DefinitionDiffQuery = z.object({
  from: serialParam.describe('A version.'),
  to: serialParam.describe('Another version.'),
});
export type DefinitionDiffQuery = z.infer<typeof DefinitionDiffQuery>;

export const DefinitionDiffView = apiSchema(
  'DefinitionDiff',
  R['sop-registry.definition.diff'].response,
  'Structural and text differences between two versions of a definition.',
);

export const RenderQuery = z.object({ lang: langQuery });
export type RenderQuery = z.infer<typeof RenderQuery>;

export const ActivationView = apiSchema(
  'Activation',
  activationView,
  "An office's use of a definition version for some content types.",
);

export const ActivateBody = bodyFromCommand('ActivateDefinitionBody', R['sop-registry.activation.activate'], {
  omit: { platformAdmin: true },
  description: "Make a definition version the office's SOP for content types.",
});
export type ActivateBody = z.infer<typeof ActivateBody>;

export const ActivatedView = apiSchema(
  'ActivatedDefinition',
  R['sop-registry.activation.activate'].response,
  'A new activation and what it took over.',
);

export const ListActivationsQuery = R['sop-registry.activation.list'].request.pick({
  status: true,
  key: true,
});
export type ListActivationsQuery = z.infer<typeof ListActivationsQuery>;

export const ActivationList = apiSchema(
  'ActivationList',
  R['sop-registry.activation.list'].response,
  "The office's activations.",
);

export const ActivationParams = z.object({ activationId: uuid });
export type ActivationParams = z.infer<typeof ActivationParams>;

export const RetireBody = bodyFromCommand('RetireActivationBody', R['sop-registry.activation.retire'], {
  omit: { activationId: true, platformAdmin: true },
  description: 'Why the activation ends.',
});
export type RetireBody = z.infer<typeof RetireBody>;

export const RetiredView = apiSchema(
  'RetiredActivation',
  R['sop-registry.activation.retire'].response,
  'The retired activation.',
);

export const ContentTypeList = apiSchema(
  'ContentTypeList',
  R['sop-registry.content-type.list'].response,
  'The content types an office can use.',
);

export const ContentTypeParams = R['sop-registry.definition.resolve'].request.pick({ contentType: true });
export type ContentTypeParams = z.infer<typeof ContentTypeParams>;

export const ResolvedDefinitionView = apiSchema(
  'ResolvedDefinition',
  R['sop-registry.definition.resolve'].response,
  'The definition version a new submission of the content type would run.',
);
