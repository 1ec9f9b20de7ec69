// Writes docs/sop-language.schema.json from the zod model (the single source of truth).
// Run: npx nx run sop-language:schema
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { generateJsonSchema } from '../src/json-schema';

export const SCHEMA_PATH = join(__dirname, '../../../docs/sop-language.schema.json');

async function main(): Promise<void> {
  const options = (await resolveConfig(SCHEMA_PATH)) ?? {};
  const text = await format(JSON.stringify(generateJsonSchema(), null, 2), { ...options, parser: 'json' });
  writeFileSync(SCHEMA_PATH, text);
  console.log(`wrote ${SCHEMA_PATH}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
