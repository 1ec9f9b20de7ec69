import {
  contentFieldSchemas,
  customContentFieldsSchema,
  REQUIRED_ON_SUBMIT,
  STANDARD_CONTENT_TYPES,
  type StandardContentType,
  CONTENT_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import type { JsonObject } from '../common/json';

export function isStandardType(type: string): type is StandardContentType {
  return (STANDARD_CONTENT_TYPES as readonly string[]).includes(type);
}

/**
 * Checks the type-specific fields' shape (drafts may leave them empty; what a
 * submission needs is checked by `missingForSubmit`). Unknown keys of a standard
 * type are refused, so a typo never silently disappears.
 */
export function validateFields(type: string, fields: unknown): JsonObject {
  const schema = isStandardType(type) ? contentFieldSchemas[type] : customContentFieldsSchema;
  const parsed = schema.safeParse(fields ?? {});
  if (!parsed.success) {
    throw commandFailure(CONTENT_ERRORS['invalid-fields'], {
      message: {
        id: `Isian khusus jenis konten '${type}' tidak valid.`,
        en: `The fields of content type '${type}' are not valid.`,
      },
      detail: {
        issues: parsed.error.issues.map((i) => ({
          path: ['fields', ...i.path.map(String)].join('.'),
          code: i.code,
          message: i.message,
        })),
      },
    });
  }
  return parsed.data as JsonObject;
}

/** `fields.<name>` of every field the type needs before it can be submitted and that is still empty. */
export function missingFields(type: string, fields: Record<string, unknown>): string[] {
  const required = isStandardType(type) ? (REQUIRED_ON_SUBMIT[type] ?? []) : [];
  return required
    .filter((f) => fields[f] === undefined || fields[f] === null || fields[f] === '')
    .map((f) => `fields.${f}`);
}
