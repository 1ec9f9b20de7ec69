import {
  PLATFORM_OFFICE,
  type DefinitionSummary,
  type DefinitionView,
  type DefinitionFlowSummary,
} from '@tatalaman/contracts';
import type { Definition } from './definition.entity';

export function flowSummaries(def: Definition): DefinitionFlowSummary[] {
  return def.compiled.flowOrder.map((id) => {
    const flow = def.compiled.flows[id]!;
    return {
      id,
      title: flow.title,
      trigger: flow.trigger,
      ...(flow.schedule ? { schedule: flow.schedule.text } : {}),
      steps: Object.keys(flow.steps).length,
    };
  });
}

export function toSummary(def: Definition, activeFor: string[] = []): DefinitionSummary {
  return {
    key: def.key,
    version: def.version,
    title: def.title,
    scope: def.office === PLATFORM_OFFICE ? 'platform' : 'office',
    owner: def.office,
    reservedFor: def.reservedFor ?? null,
    checksum: def.checksum,
    sourceFormat: def.sourceFormat,
    contentTypes: def.compiled.contentTypes.map((c) => ({ code: c.code, name: c.name, custom: c.custom })),
    flows: flowSummaries(def),
    uploadedBy: def.uploadedBy,
    uploadedAt: new Date(def.uploadedAt).toISOString(),
    warnings: def.warnings.length,
    activeFor: [...activeFor].sort(),
  };
}

export function toView(def: Definition, activeFor: string[] = []): DefinitionView {
  return {
    ...toSummary(def, activeFor),
    source: def.source,
    compiled: def.compiled,
    warningList: def.warnings,
  };
}

/** What the audit trail records of a version: its identity, not its text. */
export function auditRecord(def: Definition): Record<string, unknown> {
  return {
    key: def.key,
    version: def.version,
    title: def.title,
    owner: def.office,
    checksum: def.checksum,
    contentTypes: def.contentTypes,
  };
}
