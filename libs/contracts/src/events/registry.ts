import { z } from 'zod';
import { defineEvent, id } from './define';

/**
 * SOP definitions and their activations; emitted by `sop-registry`. Uploads of
 * platform definitions carry the office `platform`; activations and retirements the
 * office they apply to.
 */

const definitionRef = { definitionKey: id, version: z.number().int().positive() };
const contentTypes = z.array(z.string().min(1).max(64));

export const definitionUploaded = defineEvent('registry', 'definition-uploaded', {
  description: 'A new definition version was uploaded (validated, not yet active).',
  schema: z.object({
    ...definitionRef,
    checksum: z.string().min(1).max(128),
    title: z.string().max(500),
    scope: z.enum(['platform', 'office']).optional(),
    /** Content types its item flow handles; empty = any type. */
    contentTypes: contentTypes.optional(),
  }),
});

export const definitionActivated = defineEvent('registry', 'definition-activated', {
  description: "A definition version became the office's definition for some content types.",
  schema: z.object({
    ...definitionRef,
    /** The version of the same key it replaced, if any. */
    previousVersion: z.number().int().positive().optional(),
    activationId: id.optional(),
    contentTypes: contentTypes.optional(),
    /** Earlier activations that lost these content types. */
    replaced: z
      .array(
        z.object({
          activationId: id,
          ...definitionRef,
          contentTypes,
          retired: z.boolean(),
        }),
      )
      .optional(),
  }),
});

export const definitionRetired = defineEvent('registry', 'definition-retired', {
  description:
    'An activation ended: the version no longer starts runs for its content types; running ones finish on it.',
  schema: z.object({
    ...definitionRef,
    reason: z.string().max(2000).optional(),
    activationId: id.optional(),
    contentTypes: contentTypes.optional(),
    /** Set when a newer activation took over its last content type. */
    replacedBy: id.optional(),
  }),
});

export const registryEvents = [definitionUploaded, definitionActivated, definitionRetired] as const;

// Payload types, named for readability at call sites.
export type DefinitionUploaded = z.output<typeof definitionUploaded.schema>;
export type DefinitionActivated = z.output<typeof definitionActivated.schema>;
export type DefinitionRetired = z.output<typeof definitionRetired.schema>;
