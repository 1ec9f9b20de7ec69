import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSopDefinition, type CompiledSop } from '@tatalaman/sop-language';
import { defaultOfficeCalendar } from '@tatalaman/working-time';
import type {
  Actor,
  DecisionKind,
  DecisionRequest,
  Effect,
  Engine,
  RunEventName,
  RunInput,
  RunItem,
} from '../src/api';

const definitionsDir = join(__dirname, '..', 'definitions');

export const seeds = {
  palu: 'kpu-kota-palu.penataan-website',
  jateng: 'kpu-prov-jateng.pengelolaan-website',
  babar: 'kpu-kab-bangka-barat.publikasi-informasi-hukum',
  mentawai: 'kpu-kab-kepulauan-mentawai.pengelolaan-laman',
  ketapang: 'diskominfo-kab-ketapang.pengelolaan-website',
} as const;

export function loadDefinition(nameOrPath: string): CompiledSop {
  const file = nameOrPath.includes('/') ? nameOrPath : join(definitionsDir, `${nameOrPath}.yaml`);
  const result = parseSopDefinition(readFileSync(file, 'utf8'), { fileName: file });
  if (!result.ok || !result.definition) {
    throw new Error(
      `${file} does not validate: ${result.errors.map((e) => `${e.path} ${e.message.en}`).join('; ')}`,
    );
  }
  return result.definition;
}

export const fixture = (name: string) => join(__dirname, 'fixtures', `${name}.yaml`);

/** Compiles a definition written in the test itself; fails the test on any error. */
export function compileText(text: string): CompiledSop {
  const result = parseSopDefinition(text, { fileName: 'test.yaml' });
  if (!result.ok || !result.definition) {
    throw new Error(`does not validate: ${result.errors.map((e) => `${e.path} ${e.message.en}`).join('; ')}`);
  }
  return result.definition;
}

export function runInput(definition: CompiledSop, item?: Partial<RunItem>, flowId = 'item'): RunInput {
  return {
    office: { code: 'kpu-test', calendar: defaultOfficeCalendar(definition.timeZone) },
    definition,
    flowId,
    item: item ? { id: 'item-1', contentType: 'berita', title: 'Judul', ...item } : undefined,
    startedBy: { kind: 'user', id: 'u-author' },
  };
}

let keys = 0;
export function decision(
  stepId: string,
  role: string,
  kind: DecisionKind,
  extra: Partial<DecisionRequest> = {},
): DecisionRequest {
  const actor: Actor = { kind: 'user', id: `u-${role}`, name: role };
  return { stepId, role, decision: kind, actor, idempotencyKey: `k-${++keys}`, ...extra };
}

/** The events the engine queued (optionally of one name), as the shell would emit them. */
export function events(engine: Engine, name?: RunEventName) {
  return engine.effects.filter(
    (e): e is Extract<Effect, { type: 'event' }> => e.type === 'event' && (!name || e.name === name),
  );
}

/** Takes a decision the engine must accept, as the workflow's update handler does. */
export function act(engine: Engine, req: DecisionRequest, now: number): void {
  const refused = engine.validate(req);
  if (refused) throw new Error(`refused: ${refused.code} ${refused.message.en}`);
  engine.decide(req, now);
}

/** Completes pending publish/automatic effects as the worker's activities would. */
export function finishActivities(engine: Engine, now: number, result: unknown = { ok: true }): void {
  for (const e of engine.effects.splice(0)) {
    if (e.type !== 'event') engine.activityDone(e.stepId, e.attempt, result, now);
  }
}
