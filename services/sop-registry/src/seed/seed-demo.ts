import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Actor, STANDARD_CONTENT_TYPES } from '@tatalaman/contracts';
import { ActivationsService } from '../activations/activations.service';
import { DefinitionsService } from '../definitions/definitions.service';

export const SEED_ACTOR: Actor = { kind: 'system', id: 'seed-demo', name: 'Data demo / demo data' };

/** `workflows/definitions` of the repository, found upwards from here (source or dist). */
export function seedDefinitionsDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'workflows', 'definitions');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No workflows/definitions folder above ${from}.`);
  }
}

export interface SeedOutcome {
  key: string;
  version: number;
  office: string;
  contentTypes: string[];
}

/**
 * The five seed SOPs as platform definitions, each reserved for and activated in its own
 * office (the key's part before the first dot) for the content types it names (all eight
 * standard ones when it names none); other offices read them as templates. Idempotent: the idempotency keys are derived
 * from the texts, so a second run replays the first answers and changes nothing.
 */
export async function seedDemo(
  definitions: DefinitionsService,
  activations: ActivationsService,
  dir = seedDefinitionsDir(),
): Promise<SeedOutcome[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const out: SeedOutcome[] = [];
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8');
    const office = file.slice(0, file.indexOf('.'));
    const digest = createHash('sha256').update(source).digest('hex').slice(0, 24);
    const uploaded = await definitions.upload({
      office,
      actor: SEED_ACTOR,
      idempotencyKey: `seed-demo-upload-${digest}`,
      source,
      scope: 'platform',
      fileName: file,
    });
    const def = uploaded.definition;
    // Each seed is one office's signed SOP: a template for the others, active only there.
    await definitions.reserve(def.key, office);
    const contentTypes = def.contentTypes.length
      ? def.contentTypes.map((c) => c.code)
      : [...STANDARD_CONTENT_TYPES];
    await activations.activate({
      office: def.key.slice(0, def.key.indexOf('.')),
      actor: SEED_ACTOR,
      idempotencyKey: `seed-demo-activate-${def.key}@${def.version}`,
      key: def.key,
      version: def.version,
      contentTypes,
    });
    out.push({ key: def.key, version: def.version, office, contentTypes });
  }
  return out;
}
