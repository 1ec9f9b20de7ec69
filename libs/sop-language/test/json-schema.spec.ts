// The committed JSON Schema (docs/sop-language.schema.json) must equal what the
// zod model generates; regenerate with `npx nx run sop-language:schema`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { generateJsonSchema, JSON_SCHEMA_ID } from '../src';
import { REPO_ROOT, readSeed, SEEDS } from './helpers';

const committedPath = join(REPO_ROOT, 'docs/sop-language.schema.json');

describe('JSON Schema', () => {
  const generated = generateJsonSchema();

  it('is committed exactly as generated from the zod model', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8')) as unknown;
    expect(committed).toEqual(generated);
  });

  it('describes the top level for editors', () => {
    expect(generated).toMatchObject({
      $id: JSON_SCHEMA_ID,
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: expect.arrayContaining(['key', 'version', 'title', 'timeZone', 'roles', 'flows']),
      additionalProperties: false,
    });
    const props = (generated as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining(['metadata', 'roles', 'contentTypes', 'escalation', 'flows', 'deadlines']),
    );
  });

  it('every key the seeds use is a key the schema declares (editors can complete them)', () => {
    const declared = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const rec = node as Record<string, unknown>;
        if (rec.properties && typeof rec.properties === 'object')
          Object.keys(rec.properties).forEach((k) => declared.add(k));
        Object.values(rec).forEach(walk);
      }
    };
    walk(generated);
    const used = new Set<string>();
    const collect = (node: unknown, underFlows: boolean) => {
      if (Array.isArray(node)) node.forEach((n) => collect(n, false));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (!underFlows) used.add(k);
          collect(v, k === 'flows');
        }
      }
    };
    for (const name of SEEDS) collect(parseYaml(readSeed(name)), false);
    expect([...used].filter((k) => !declared.has(k))).toEqual([]);
  });
});
