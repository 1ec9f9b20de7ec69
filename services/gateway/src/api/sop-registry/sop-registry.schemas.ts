import { z } from 'zod';
import { ActorView, apiSchema, serialNumber, serialParam, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { instant, langQuery, LocalizedTextView, pageQuery } from '../shared';

// Views of libs/contracts/src/commands/registry.ts; only what is described here leaves the edge.

export const definitionKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .describe('The definition key, e.g. `kpu-prov-jateng.berita`.');
const version = serialNumber;
const scope = z.enum(['platform', 'office']);
const contentTypeCode = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

export const DiagnosticView = apiSchema(
  'Diagnostic',
  z.object({
    code: z.string(),
    path: z.string().describe('Where in the document, e.g. `flows.item.steps[3].time`.'),
    line: z.number().int().describe('1-based.'),
    column: z.number().int().describe('1-based.'),
    message: LocalizedTextView,
  }),
  'One finding of the SOP validator in a definition text.',
);

export const DefinitionSummaryView = apiSchema(
  'DefinitionSummary',
  z.object({
    key: z.string(),
    version: z.number().int(),
    title: z.string(),
    scope: scope.describe('`platform`: visible to every office; `office`: only to its owner.'),
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
      .array(z.object({ code: z.string(), name: LocalizedTextView, custom: z.boolean() }))
      .describe('Content types the item flow handles; empty = any standard type.'),
    flows: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        trigger: z.enum(['item', 'schedule', 'manual']),
        schedule: LocalizedTextView.optional().describe('For recurring flows: when they run, in words.'),
        steps: z.number().int(),
      }),
    ),
    uploadedBy: ActorView,
    uploadedAt: instant,
    warnings: z.number().int().describe('How many validator warnings the upload had.'),
    activeFor: z.array(z.string()).describe('Content types it is active for in this office.'),
  }),
  'One version of an SOP definition, without its texts.',
);

export const DefinitionListView = apiSchema(
  'DefinitionList',
  z.object({
    definitions: z.array(
      DefinitionSummaryView.extend({
        versions: z.array(z.number().int()).describe('Every version visible to the office.'),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  "The latest version of each definition the office sees (the platform's and its own).",
);

export const DefinitionVersionsView = apiSchema(
  'DefinitionVersions',
  z.object({ key: z.string(), versions: z.array(DefinitionSummaryView).describe('Newest first.') }),
  'Every version of one definition the office sees.',
);

export const CompiledDefinitionView = apiSchema(
  'CompiledDefinition',
  z
    .looseObject({
      format: z.literal('tatalaman.sop/1'),
      key: z.string(),
      version: z.number().int(),
      title: z.string(),
    })
    .describe(
      'The compiled form the runtime runs (see docs/sop-language.md): roles, flows, steps, deadlines.',
    ),
  'A definition compiled for the runtime.',
);

export const DefinitionView = apiSchema(
  'Definition',
  DefinitionSummaryView.extend({
    source: z.string().describe('The text as uploaded (YAML or JSON).'),
    compiled: CompiledDefinitionView,
    warningList: z.array(DiagnosticView),
  }),
  'One version of an SOP definition with its source and compiled form.',
);

export const UploadDefinitionBody = apiSchema(
  'UploadDefinitionBody',
  z.object({
    source: z
      .string()
      .min(1, bilingual('Teks definisi kosong', 'The definition text is empty'))
      .max(1_000_000)
      .describe('The definition as YAML or JSON text (at most 256 KiB; see docs/sop-language.md).'),
    scope: scope
      .optional()
      .describe('`office` (default): for this office only; `platform`: for every office (platform admins).'),
    fileName: z.string().max(255).optional().describe('Shown in diagnostics.'),
  }),
  'An SOP definition to validate and publish as a new version.',
);
export type UploadDefinitionBody = z.infer<typeof UploadDefinitionBody>;

export const UploadDefinitionQuery = z.object({
  scope: scope.optional().describe('For a text body: `office` (default) or `platform`.'),
  fileName: z.string().max(255).optional().describe('For a text body: shown in diagnostics.'),
});
export type UploadDefinitionQuery = z.infer<typeof UploadDefinitionQuery>;

export const UploadedDefinitionView = apiSchema(
  'UploadedDefinition',
  z.object({
    definition: DefinitionSummaryView,
    created: z
      .boolean()
      .describe('false: the identical text was published already under this key and version.'),
    warnings: z.array(DiagnosticView),
  }),
  "A published definition version, with the validator's warnings.",
);

export const ListDefinitionsQuery = z.object({
  scope: scope.optional().describe('Only platform or only office definitions.'),
  ...pageQuery,
});
export type ListDefinitionsQuery = z.infer<typeof ListDefinitionsQuery>;

export const DefinitionParams = z.object({ key: definitionKey });
export type DefinitionParams = z.infer<typeof DefinitionParams>;

export const DefinitionVersionParams = z.object({
  key: definitionKey,
  version: serialParam,
});
export type DefinitionVersionParams = z.infer<typeof DefinitionVersionParams>;

export const DefinitionDiffQuery = z.object({
  from: serialParam.describe('A version.'),
  to: serialParam.describe('Another version.'),
});
export type DefinitionDiffQuery = z.infer<typeof DefinitionDiffQuery>;

export const DefinitionDiffView = apiSchema(
  'DefinitionDiff',
  z.object({
    key: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(
      z.object({
        change: z.enum(['added', 'removed', 'changed']),
        entity: z.enum(['definition', 'metadata', 'role', 'content-type', 'flow', 'step', 'deadline']),
        id: z.string(),
        fields: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })).optional(),
      }),
    ),
    text: z.object({
      unified: z.string().describe('`diff -u` of the two source texts.'),
      added: z.number().int(),
      removed: z.number().int(),
    }),
  }),
  'Structural and text differences between two versions of a definition.',
);

export const RenderQuery = z.object({ lang: langQuery });
export type RenderQuery = z.infer<typeof RenderQuery>;

const ScheduleSyncView = z.object({
  status: z.enum(['not-needed', 'pending', 'synced']),
  schedules: z.array(z.object({ scheduleId: z.string(), flowId: z.string(), next: instant.optional() })),
  lastError: z.string().optional(),
});

export const ActivationView = apiSchema(
  'Activation',
  z.object({
    activationId: uuid,
    office: z.string(),
    key: z.string(),
    version: z.number().int(),
    title: z.string(),
    contentTypes: z.array(z.string()).describe('The content types it holds now.'),
    status: z.enum(['active', 'retired']),
    activatedBy: ActorView,
    activatedAt: instant,
    note: z.string().optional(),
    retiredAt: instant.optional(),
    retiredBy: ActorView.optional(),
    reason: z.string().optional(),
    replacedBy: z.string().optional().describe('The activation that took over its last content type.'),
    schedules: ScheduleSyncView.describe('The Temporal Schedules of its recurring flows.'),
  }),
  "An office's use of a definition version for some content types.",
);

export const ActivateBody = apiSchema(
  'ActivateDefinitionBody',
  z.object({
    key: definitionKey,
    version,
    contentTypes: z
      .array(contentTypeCode)
      .min(1, bilingual('Pilih paling sedikit satu jenis konten', 'Choose at least one content type'))
      .max(50),
    note: z.string().max(2000).optional(),
  }),
  "Make a definition version the office's SOP for content types.",
);
export type ActivateBody = z.infer<typeof ActivateBody>;

export const ActivatedView = apiSchema(
  'ActivatedDefinition',
  z.object({
    activation: ActivationView,
    replaced: z
      .array(
        z.object({
          activationId: z.string(),
          key: z.string(),
          version: z.number().int(),
          contentTypes: z.array(z.string()).describe('The types the new activation took over.'),
          retired: z.boolean().describe('It lost its last type and was retired.'),
        }),
      )
      .describe('Earlier activations that lost content types to this one.'),
  }),
  'A new activation and what it took over.',
);

export const ListActivationsQuery = z.object({
  status: z.enum(['active', 'retired', 'all']).optional().describe('Default `active`.'),
  key: definitionKey.optional(),
});
export type ListActivationsQuery = z.infer<typeof ListActivationsQuery>;

export const ActivationList = apiSchema(
  'ActivationList',
  z.object({ activations: z.array(ActivationView) }),
  "The office's activations.",
);

export const ActivationParams = z.object({ activationId: uuid });
export type ActivationParams = z.infer<typeof ActivationParams>;

export const RetireBody = apiSchema(
  'RetireActivationBody',
  z.object({ reason: z.string().trim().max(2000).optional() }),
  'Why the activation ends.',
);
export type RetireBody = z.infer<typeof RetireBody>;

export const RetiredView = apiSchema(
  'RetiredActivation',
  z.object({ activation: ActivationView }),
  'The retired activation.',
);

export const ContentTypeList = apiSchema(
  'ContentTypeList',
  z.object({
    contentTypes: z.array(
      z.object({
        code: z.string(),
        name: LocalizedTextView,
        custom: z
          .boolean()
          .describe('Named by a definition the office sees, not one of the eight standard types.'),
        active: z
          .object({ activationId: z.string(), key: z.string(), version: z.number().int() })
          .optional()
          .describe("The office's active definition for the type."),
      }),
    ),
  }),
  'The content types an office can use.',
);

export const ContentTypeParams = z.object({ contentType: contentTypeCode });
export type ContentTypeParams = z.infer<typeof ContentTypeParams>;

export const ResolvedDefinitionView = apiSchema(
  'ResolvedDefinition',
  z.object({
    key: z.string(),
    version: z.number().int(),
    compiled: CompiledDefinitionView,
    activationId: z.string().optional(),
  }),
  'The definition version a new submission of the content type would run.',
);
