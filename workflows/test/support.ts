import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSopDefinition, type CompiledSop } from '@tatalaman/sop-language';
import { defaultOfficeCalendar } from '@tatalaman/working-time';
import type { Actor, DecisionKind, DecisionRequest, RunInput, RunItem } from '../src/api';

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
