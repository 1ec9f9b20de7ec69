import { diffFields, unifiedDiff } from '@tatalaman/audit';
import type { DefinitionChange, DefinitionDiff } from '@tatalaman/contracts';
import type { CompiledFlow, CompiledSop } from '@tatalaman/sop-language';

type Keyed = Record<string, Record<string, unknown>>;

function keyed(
  entity: DefinitionChange['entity'],
  before: Keyed,
  after: Keyed,
  idOf: (key: string) => string = (k) => k,
): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  for (const key of Object.keys(before)) {
    if (!(key in after)) out.push({ change: 'removed', entity, id: idOf(key) });
  }
  for (const key of Object.keys(after)) {
    if (!(key in before)) out.push({ change: 'added', entity, id: idOf(key) });
    else {
      const fields = diffFields(before[key], after[key]);
      if (fields.length) out.push({ change: 'changed', entity, id: idOf(key), fields });
    }
  }
  return out;
}

function byKey<T>(list: readonly T[], key: (x: T) => string): Keyed {
  return Object.fromEntries(list.map((x) => [key(x), x as Record<string, unknown>]));
}

/** A flow without its steps: the steps are compared one by one. */
function flowFrame(flow: CompiledFlow): Record<string, unknown> {
  const { steps: _steps, ...frame } = flow;
  return frame;
}

/**
 * Structural differences of two compiled definitions: the definition's own fields,
 * the sheet frame (metadata), roles, content types, flows, steps (per flow, as
 * `flow/step`) and deadlines, each added, removed or changed field by field.
 * `sourceHash`, `key`, `version` and `format` are identity, not content, and are left out.
 */
export function diffCompiled(a: CompiledSop, b: CompiledSop): DefinitionChange[] {
  const frame = (s: CompiledSop) => ({
    title: s.title,
    language: s.language,
    timeZone: s.timeZone,
    description: s.description,
    escalation: s.escalation,
    roleOrder: s.roleOrder,
    flowOrder: s.flowOrder,
  });
  const changes: DefinitionChange[] = [];
  const top = diffFields(frame(a), frame(b));
  if (top.length) changes.push({ change: 'changed', entity: 'definition', id: '', fields: top });
  const meta = diffFields(
    a.metadata as unknown as Record<string, unknown>,
    b.metadata as unknown as Record<string, unknown>,
  );
  if (meta.length) changes.push({ change: 'changed', entity: 'metadata', id: '', fields: meta });
  changes.push(...keyed('role', a.roles as unknown as Keyed, b.roles as unknown as Keyed));
  changes.push(
    ...keyed(
      'content-type',
      byKey(a.contentTypes, (c) => c.code),
      byKey(b.contentTypes, (c) => c.code),
    ),
  );
  const frames = (s: CompiledSop) =>
    Object.fromEntries(Object.entries(s.flows).map(([id, f]) => [id, flowFrame(f)])) as Keyed;
  changes.push(...keyed('flow', frames(a), frames(b)));
  for (const flowId of Object.keys(b.flows)) {
    const before = a.flows[flowId];
    if (!before) continue; // an added flow: its steps come with it
    changes.push(
      ...keyed(
        'step',
        before.steps as unknown as Keyed,
        b.flows[flowId]!.steps as unknown as Keyed,
        (step) => `${flowId}/${step}`,
      ),
    );
  }
  changes.push(
    ...keyed(
      'deadline',
      byKey(a.deadlines, (d) => d.id),
      byKey(b.deadlines, (d) => d.id),
    ),
  );
  return changes;
}

export function diffDefinitions(
  key: string,
  from: { version: number; source: string; compiled: CompiledSop },
  to: { version: number; source: string; compiled: CompiledSop },
): DefinitionDiff {
  const text = unifiedDiff(from.source, to.source, {
    from: `${key}@${from.version}`,
    to: `${key}@${to.version}`,
  });
  return {
    key,
    from: from.version,
    to: to.version,
    changes: diffCompiled(from.compiled, to.compiled),
    text: { unified: text.text, added: text.added, removed: text.removed },
  };
}
