import { z } from 'zod';
import { bilingual } from '../../messages';
import { mutationFields, officeFields, pageFields } from '../caller';
import { languageCode, serialNumber } from '../common';
import { type ContractsOf, defineCommand, registerCommands } from '../define';
import { REGISTRY_ERRORS as E } from './errors';
import {
  activationReplacement,
  activationView,
  contentTypeView,
  definitionDiff,
  definitionScope,
  definitionSummary,
  definitionView,
  diagnosticView,
  resolvedDefinition,
} from './views';

/**
 * Commands and queries the SOP registry serves. Every request names its `office` (the office
 * asking; a platform admin acting for the platform uses the office it is signed in to and
 * `scope: 'platform'`). Offices see the platform's definitions and their own, never another
 * office's. Mutations carry the HTTP `Idempotency-Key`: a retry with the same key returns the
 * first answer; the same key with a different request is 422 `idempotency-key-reused`.
 *
 * Who may change definitions is decided by the gateway's admin flags, never by SOP roles
 * (`roles` are recorded with the request and grant nothing here): upload (scope `office`),
 * activate and retire need `officeAdmin` or `platformAdmin`; upload with scope `platform`
 * needs `platformAdmin`; `system` actors (the seed) need neither.
 */
const registryMutation = {
  ...mutationFields,
  /** The actor is a platform admin. */
  platformAdmin: z.boolean().optional(),
};

export const definitionKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .describe('The definition key, e.g. `kpu-prov-jateng.berita`.');

const registryContentType = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

const upload = defineCommand('sop-registry.definition.upload', {
  description:
    'Validates and stores a definition version; identical text under an existing key and version is ' +
    'idempotent (`created: false`). `definition-invalid` carries the diagnostics in `detail.errors` / `detail.warnings`.',
  request: z.object({
    ...registryMutation,
    // The language's own limit (256 KiB) is reported as a diagnostic; this only stops abuse.
    source: z
      .string()
      .min(1, bilingual('Teks definisi kosong', 'The definition text is empty'))
      .max(1_000_000)
      .describe('The definition as YAML or JSON text (at most 256 KiB; see docs/sop-language.md).'),
    scope: definitionScope
      .optional()
      .describe('`office` (default): for this office only; `platform`: for every office (platform admins).'),
    fileName: z.string().max(255).optional().describe('Shown in diagnostics.'),
  }),
  response: z.object({
    definition: definitionSummary,
    created: z
      .boolean()
      .describe('false: the identical text was published already under this key and version.'),
    warnings: z.array(diagnosticView),
  }),
  errors: [E['definition-invalid'], E['version-exists'], E['not-allowed']],
});

const list = defineCommand('sop-registry.definition.list', {
  description: 'The latest visible version of each key, optionally of one scope only.',
  request: z.object({
    ...officeFields,
    scope: definitionScope.optional().describe('Only platform or only office definitions.'),
    ...pageFields,
  }),
  response: z.object({
    definitions: z.array(
      definitionSummary.extend({
        versions: z.array(z.number().int()).describe('Every version visible to the office.'),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
});

const versions = defineCommand('sop-registry.definition.versions', {
  description: 'Every visible version of one key, newest first.',
  request: z.object({ ...officeFields, key: definitionKey }),
  response: z.object({ key: z.string(), versions: z.array(definitionSummary).describe('Newest first.') }),
  errors: [E['definition-not-found']],
});

const get = defineCommand('sop-registry.definition.get', {
  description: 'One version (the latest visible one without `version`), with source and compiled form.',
  request: z.object({ ...officeFields, key: definitionKey, version: serialNumber.optional() }),
  response: definitionView,
  errors: [E['definition-not-found']],
});

const resolve = defineCommand('sop-registry.definition.resolve', {
  description: "The office's active definition for a content type, compiled.",
  request: z.object({ ...officeFields, contentType: registryContentType }),
  response: resolvedDefinition,
  errors: [E['no-active-definition']],
});

const diff = defineCommand('sop-registry.definition.diff', {
  description: 'Structural and text diff of two versions of one key.',
  request: z.object({ ...officeFields, key: definitionKey, from: serialNumber, to: serialNumber }),
  response: definitionDiff,
  errors: [E['definition-not-found']],
});

const rendering = z.object({
  ...officeFields,
  key: definitionKey,
  version: serialNumber,
  lang: languageCode.optional(),
});

const diagram = defineCommand('sop-registry.definition.diagram', {
  description: 'The procedure chart (bagan alur) as SVG.',
  request: rendering,
  response: z.object({ mediaType: z.literal('image/svg+xml'), fileName: z.string(), body: z.string() }),
  errors: [E['definition-not-found']],
});

const sheet = defineCommand('sop-registry.definition.sheet', {
  description: 'The SOP sheet as one self-contained HTML page.',
  request: rendering,
  response: z.object({ mediaType: z.literal('text/html'), fileName: z.string(), body: z.string() }),
  errors: [E['definition-not-found']],
});

const activate = defineCommand('sop-registry.activation.activate', {
  description:
    "Makes a version the office's definition for content types; each type has at most one active " +
    'definition per office, so the new activation takes types over from earlier ones (`replaced`) and ' +
    'one left without types is retired. Recurring flows get their schedules through `worker.schedules.sync`.',
  request: z.object({
    ...registryMutation,
    key: definitionKey,
    version: serialNumber,
    contentTypes: z
      .array(registryContentType)
      .min(1, bilingual('Pilih paling sedikit satu jenis konten', 'Choose at least one content type'))
      .max(50),
    note: z.string().max(2000).optional(),
  }),
  response: z.object({
    activation: activationView,
    replaced: z
      .array(activationReplacement)
      .describe('Earlier activations that lost content types to this one.'),
  }),
  errors: [
    E['definition-not-found'],
    E['content-type-not-handled'],
    E['unknown-content-type'],
    E['not-allowed'],
    E['definition-reserved'],
  ],
});

const retire = defineCommand('sop-registry.activation.retire', {
  description: 'Ends an activation: its content types have no active definition until another is activated.',
  request: z.object({
    ...registryMutation,
    activationId: z.uuid(),
    reason: z.string().trim().max(2000).optional(),
  }),
  response: z.object({ activation: activationView }),
  errors: [E['activation-not-found'], E['already-retired'], E['not-allowed']],
});

const activationList = defineCommand('sop-registry.activation.list', {
  description: "The office's activations.",
  request: z.object({
    ...officeFields,
    status: z.enum(['active', 'retired', 'all']).optional().describe('Default `active`.'),
    key: definitionKey.optional(),
  }),
  response: z.object({ activations: z.array(activationView) }),
});

const activationGet = defineCommand('sop-registry.activation.get', {
  description: 'One activation.',
  request: z.object({ ...officeFields, activationId: z.uuid() }),
  response: activationView,
  errors: [E['activation-not-found']],
});

const contentTypes = defineCommand('sop-registry.content-type.list', {
  description: 'The eight standard content types plus the custom ones named by definitions the office sees.',
  request: z.object(officeFields),
  response: z.object({ contentTypes: z.array(contentTypeView) }),
});

export const REGISTRY_COMMAND_DEFINITIONS = registerCommands(
  upload,
  list,
  versions,
  get,
  resolve,
  diff,
  diagram,
  sheet,
  activate,
  retire,
  activationList,
  activationGet,
  contentTypes,
);

export type RegistryCommands = ContractsOf<typeof REGISTRY_COMMAND_DEFINITIONS>;
