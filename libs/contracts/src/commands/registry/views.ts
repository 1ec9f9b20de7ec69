import type { CompiledSop } from '@tatalaman/sop-language/runtime';
import { z } from 'zod';
import { actorShape } from '../caller';
import { instant, localizedText } from '../common';

/** What the SOP registry answers with: definitions, activations, content types. The gateway shows these. */

/** `platform`: shipped with the platform or uploaded by a platform admin, visible to every office; `office`: only there. */
export const definitionScope = z.enum(['platform', 'office']);
export type DefinitionScope = z.output<typeof definitionScope>;

export const diagnosticView = z.object({
  code: z.string(),
  path: z.string().describe('Where in the document, e.g. `flows.item.steps[3].time`.'),
  line: z.number().int().describe('1-based.'),
  column: z.number().int().describe('1-based.'),
  message: localizedText,
});

export const definitionContentType = z.object({ code: z.string(), name: localizedText, custom: z.boolean() });
export type DefinitionContentType = z.output<typeof definitionContentType>;

export const definitionFlowSummary = z.object({
  id: z.string(),
  title: z.string(),
  trigger: z.enum(['item', 'schedule', 'manual']),
  schedule: localizedText.optional().describe('For recurring flows: when they run, in words.'),
  steps: z.number().int(),
});
export type DefinitionFlowSummary = z.output<typeof definitionFlowSummary>;

/** One published version of a definition, without its texts. */
export const definitionSummary = z.object({
  key: z.string(),
  version: z.number().int(),
  title: z.string(),
  scope: definitionScope.describe('`platform`: visible to every office; `office`: only to its owner.'),
  owner: z.string().describe('`platform`, or the office that uploaded it.'),
  reservedFor: z
    .string()
    .nullable()
    .describe(
      "A platform definition that is one office's own SOP (a seed): that office. Others read it as a template and " +
        'cannot activate it (403 `definition-reserved`); they upload an adapted copy as their own.',
    ),
  checksum: z.string().describe('SHA-256 (hex) of the source text as uploaded.'),
  sourceFormat: z.enum(['yaml', 'json']),
  contentTypes: z
    .array(definitionContentType)
    .describe('Content types the item flow handles; empty = any standard type.'),
  flows: z.array(definitionFlowSummary),
  uploadedBy: actorShape,
  uploadedAt: instant,
  warnings: z.number().int().describe('How many validator warnings the upload had.'),
  activeFor: z.array(z.string()).describe('Content types it is active for in this office.'),
});
export type DefinitionSummary = z.output<typeof definitionSummary>;

/**
 * The compiled form the runtime runs. Only its head is checked here; the rest passes through
 * as the SOP language wrote it, so the type is the language's own (`CompiledSop`).
 */
export const compiledSop = z
  .looseObject({
    format: z.literal('tatalaman.sop/1'),
    key: z.string(),
    version: z.number().int(),
    title: z.string(),
  })
  .describe(
    'The compiled form the runtime runs (see docs/sop-language.md): roles, flows, steps, deadlines.',
  ) as unknown as z.ZodType<CompiledSop, CompiledSop>;

/** A version with its source and compiled form (what the runtime runs). */
export const definitionView = definitionSummary.extend({
  source: z.string().describe('The text as uploaded (YAML or JSON).'),
  compiled: compiledSop,
  warningList: z.array(diagnosticView),
});
export type DefinitionView = z.output<typeof definitionView>;

/** What the runtime needs to start a run: the pinned version's compiled form. */
export const resolvedDefinition = z.object({
  key: z.string(),
  version: z.number().int(),
  compiled: compiledSop,
  activationId: z
    .string()
    .optional()
    .describe('The activation that made it the office definition for the content type.'),
});
export type ResolvedDefinition = z.output<typeof resolvedDefinition>;

/** One structural difference between two versions' compiled forms. */
export const definitionChange = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  entity: z.enum(['definition', 'metadata', 'role', 'content-type', 'flow', 'step', 'deadline']),
  id: z
    .string()
    .describe(
      'Role code, content type code, flow id, `flow/step` id or deadline id; empty for the definition.',
    ),
  fields: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })).optional(),
});
export type DefinitionChange = z.output<typeof definitionChange>;

export const definitionDiff = z.object({
  key: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(definitionChange),
  text: z.object({
    unified: z.string().describe('`diff -u` of the two source texts.'),
    added: z.number().int(),
    removed: z.number().int(),
  }),
});
export type DefinitionDiff = z.output<typeof definitionDiff>;

export const scheduleSyncView = z.object({
  status: z
    .enum(['not-needed', 'pending', 'synced'])
    .describe(
      '`not-needed`: no recurring flows before or after; `pending`: the runtime has not confirmed yet ' +
        '(retried in the background); `synced`: the runtime created, updated or removed the schedules.',
    ),
  schedules: z.array(z.object({ scheduleId: z.string(), flowId: z.string(), next: instant.optional() })),
  lastError: z.string().optional(),
});
export type ScheduleSyncView = z.output<typeof scheduleSyncView>;

export const activationView = z.object({
  activationId: z.uuid(),
  office: z.string(),
  key: z.string(),
  version: z.number().int(),
  title: z.string(),
  contentTypes: z.array(z.string()).describe('The content types it holds now.'),
  status: z.enum(['active', 'retired']),
  activatedBy: actorShape,
  activatedAt: instant,
  note: z.string().optional(),
  retiredAt: instant.optional(),
  retiredBy: actorShape.optional(),
  reason: z.string().optional(),
  replacedBy: z.string().optional().describe('The activation that took over its last content type.'),
  schedules: scheduleSyncView.describe('The Temporal Schedules of its recurring flows.'),
});
export type ActivationView = z.output<typeof activationView>;

/** An earlier activation that lost content types to a new one. */
export const activationReplacement = z.object({
  activationId: z.string(),
  key: z.string(),
  version: z.number().int(),
  contentTypes: z.array(z.string()).describe('The types the new activation took over.'),
  retired: z.boolean().describe('It lost its last type and was retired.'),
});
export type ActivationReplacement = z.output<typeof activationReplacement>;

export const contentFieldView = z.object({
  key: z.string().describe('The key of the field on an item (`fields.<key>`).'),
  label: localizedText,
  visibility: z
    .enum(['public', 'internal'])
    .describe('`internal`: never on the public site, feeds, public JSON API or outside webhooks.'),
});
export type ContentFieldView = z.output<typeof contentFieldView>;

export const contentTypeView = z.object({
  code: z.string(),
  name: localizedText,
  custom: z.boolean().describe('Named by a definition the office sees, not one of the eight standard types.'),
  fields: z
    .array(contentFieldView)
    .describe(
      "Fields the type's definition declares (the active one, else the newest naming the type). " +
        "Undeclared: a standard type's built-in fields are public, any other field internal.",
    ),
  active: z
    .object({ activationId: z.string(), key: z.string(), version: z.number().int() })
    .optional()
    .describe("The office's active definition for the type."),
});
export type ContentTypeView = z.output<typeof contentTypeView>;
