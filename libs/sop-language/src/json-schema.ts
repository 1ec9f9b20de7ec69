// The JSON Schema editors use for autocompletion, generated from the zod model.
// scripts/write-json-schema.ts writes it to docs/sop-language.schema.json; a test
// keeps the committed file equal to this output.
import { z } from 'zod';
import { SopDefinitionSchema } from './model';

export const JSON_SCHEMA_ID = 'urn:tatalaman:schema:sop-language:1';

export function generateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SopDefinitionSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return { $id: JSON_SCHEMA_ID, ...schema };
}
