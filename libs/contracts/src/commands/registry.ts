import type { CompiledSop, Diagnostic, FlowTrigger, LocalizedText } from '@tatalaman/sop-language/runtime';
import type { Actor } from '../envelope';
import type { Page } from './common';

/**
 * Commands and queries the SOP registry serves. Owned by the sop-registry service.
 *
 * Every request names its `office` (the office asking; a platform admin acting for
 * the platform uses the office it is signed in to and `scope: 'platform'`). Offices
 * see the platform's definitions and their own, never another office's: anything
 * else is 404 `definition-not-found`. Mutations carry the acting person or API key,
 * the roles the gateway resolved for it in that office, and the HTTP
 * `Idempotency-Key`: a retry with the same key returns the first answer and changes
 * nothing; the same key with a different request is 422 `idempotency-key-reused`.
 */

/**
 * What every mutating registry command carries besides its own fields. Who may change
 * definitions is decided by the gateway's admin flags, never by SOP role codes (those
 * are any slug an office admin binds):
 * - upload (scope `office`), activate, retire: `officeAdmin` (platform admins have it in
 *   every office) or `platformAdmin`;
 * - upload with scope `platform`: `platformAdmin`;
 * - `system` actors (the seed) need neither.
 */
export interface RegistryMutation {
  office: string;
  actor: Actor;
  /** The actor administers `office` (an office admin there, or a platform admin), as the gateway resolved it. */
  officeAdmin?: boolean;
  /** The actor is a platform admin. */
  platformAdmin?: boolean;
  /** The actor's SOP role codes in `office`: recorded with the request, they grant nothing here. */
  roles?: string[];
  idempotencyKey: string;
}

/** `platform`: shipped with the platform or uploaded by a platform admin, visible to every office; `office`: only there. */
export type DefinitionScope = 'platform' | 'office';

export interface DefinitionContentType {
  code: string;
  name: LocalizedText;
  custom: boolean;
}

export interface DefinitionFlowSummary {
  id: string;
  title: string;
  trigger: FlowTrigger;
  /** For recurring flows: when they run, in words. */
  schedule?: LocalizedText;
  steps: number;
}

/** One published version of a definition, without its texts. */
export interface DefinitionSummary {
  key: string;
  version: number;
  title: string;
  scope: DefinitionScope;
  /** `platform`, or the office that uploaded it. */
  owner: string;
  /**
   * A platform definition that is one office's own signed SOP (the seeds): that office.
   * Every office may read it as a template; only that office may activate it (403
   * `definition-reserved` elsewhere) — another office uploads its own adapted copy.
   */
  reservedFor: string | null;
  /** SHA-256 (hex) of the source text exactly as uploaded. */
  checksum: string;
  sourceFormat: 'yaml' | 'json';
  /** Content types the item flow handles; empty = any type. */
  contentTypes: DefinitionContentType[];
  flows: DefinitionFlowSummary[];
  uploadedBy: Actor;
  uploadedAt: string;
  /** Number of validator warnings (the upload succeeded). */
  warnings: number;
  /** Content types this version is active for in the asking office (empty: not active there). */
  activeFor: string[];
}

/** A version with its source and compiled form (what the runtime runs). */
export interface DefinitionView extends DefinitionSummary {
  /** The text as uploaded (YAML or JSON). */
  source: string;
  compiled: CompiledSop;
  warningList: Diagnostic[];
}

/** What the runtime needs to start a run: the pinned version's compiled form. */
export interface ResolvedDefinition {
  key: string;
  version: number;
  compiled: CompiledSop;
  /** The activation that made it the office's definition for the content type. */
  activationId?: string;
}

/** One structural difference between two versions' compiled forms. */
export interface DefinitionChange {
  change: 'added' | 'removed' | 'changed';
  entity: 'definition' | 'metadata' | 'role' | 'content-type' | 'flow' | 'step' | 'deadline';
  /** Role code, content type code, flow id, `flow/step` id or deadline id; `''` for definition and metadata. */
  id: string;
  /** For `changed`: field by field (nested values compare whole). */
  fields?: { field: string; old: unknown; new: unknown }[];
}

export interface DefinitionDiff {
  key: string;
  from: number;
  to: number;
  changes: DefinitionChange[];
  /** Unified diff of the two source texts (`--- key@from`, `+++ key@to`, 3 lines of context). */
  text: { unified: string; added: number; removed: number };
}

export interface ScheduleSyncView {
  /**
   * `not-needed`: neither this version nor the one it replaced has recurring flows;
   * `pending`: the runtime has not confirmed yet (the registry retries in the background);
   * `synced`: the runtime created, updated or removed the schedules.
   */
  status: 'not-needed' | 'pending' | 'synced';
  schedules: { scheduleId: string; flowId: string; next?: string }[];
  lastError?: string;
}

export interface ActivationView {
  activationId: string;
  office: string;
  key: string;
  version: number;
  title: string;
  /** The content types it holds now (a later activation may take some of them over). */
  contentTypes: string[];
  status: 'active' | 'retired';
  activatedBy: Actor;
  activatedAt: string;
  note?: string;
  retiredAt?: string;
  retiredBy?: Actor;
  reason?: string;
  /** When a later activation took over its last content type. */
  replacedBy?: string;
  schedules: ScheduleSyncView;
}

/** An earlier activation that lost content types to a new one. */
export interface ActivationReplacement {
  activationId: string;
  key: string;
  version: number;
  /** The types the new activation took over. */
  contentTypes: string[];
  /** True when it lost its last type and was retired. */
  retired: boolean;
}

export interface ContentTypeView {
  code: string;
  name: LocalizedText;
  /** Not one of the eight standard codes: named by a definition visible to the office. */
  custom: boolean;
  /** The office's active definition for the type, if any. */
  active?: { activationId: string; key: string; version: number };
}

export interface RegistryCommands {
  /**
   * Validates and stores a definition version. Identical text under an existing
   * key+version: idempotent (`created: false`). Errors: 422 `definition-invalid`
   * (`detail.errors` / `detail.warnings`: the validator's diagnostics with code, path,
   * line, column and bilingual message), 409 `version-exists` (a different text is
   * already published under that key and version), 403 `not-allowed`.
   */
  'sop-registry.definition.upload': {
    request: RegistryMutation & {
      /** YAML or JSON text as uploaded; at most 256 KiB. */
      source: string;
      /** Default `office`; `platform` needs `platformAdmin`. */
      scope?: DefinitionScope;
      fileName?: string;
    };
    response: { definition: DefinitionSummary; created: boolean; warnings: Diagnostic[] };
  };
  /** The latest visible version of each key, optionally only one scope. */
  'sop-registry.definition.list': {
    request: { office: string; scope?: DefinitionScope } & Page;
    response: { definitions: (DefinitionSummary & { versions: number[] })[]; nextCursor?: string };
  };
  /** Every visible version of one key, newest first. 404 `definition-not-found`. */
  'sop-registry.definition.versions': {
    request: { office: string; key: string };
    response: { key: string; versions: DefinitionSummary[] };
  };
  /** One version (the latest visible one without `version`), with source and compiled form. 404 `definition-not-found`. */
  'sop-registry.definition.get': {
    request: { office: string; key: string; version?: number };
    response: DefinitionView;
  };
  /** The office's active definition for a content type. 404 `no-active-definition` when none is active. */
  'sop-registry.definition.resolve': {
    request: { office: string; contentType: string };
    response: ResolvedDefinition;
  };
  /** Structural and text diff of two versions of one key. 404 `definition-not-found`. */
  'sop-registry.definition.diff': {
    request: { office: string; key: string; from: number; to: number };
    response: DefinitionDiff;
  };
  /** The procedure chart (bagan alur) as SVG. */
  'sop-registry.definition.diagram': {
    request: { office: string; key: string; version: number; lang?: 'id' | 'en' };
    response: { mediaType: 'image/svg+xml'; fileName: string; body: string };
  };
  /** The SOP sheet as one self-contained HTML page. */
  'sop-registry.definition.sheet': {
    request: { office: string; key: string; version: number; lang?: 'id' | 'en' };
    response: { mediaType: 'text/html'; fileName: string; body: string };
  };
  /**
   * Makes a version the office's definition for content types. Each type has at most
   * one active definition per office: the new activation takes the types over from
   * earlier ones (`replaced`); one left without types is retired. Recurring flows get
   * their Temporal Schedules through `worker.schedules.sync`. Errors: 404
   * `definition-not-found`, 422 `content-type-not-handled` (the definition lists its
   * types and this one is not among them) / `unknown-content-type`, 403 `not-allowed`,
   * 403 `definition-reserved` (another office's own SOP: a template here).
   */
  'sop-registry.activation.activate': {
    request: RegistryMutation & { key: string; version: number; contentTypes: string[]; note?: string };
    response: { activation: ActivationView; replaced: ActivationReplacement[] };
  };
  /** Ends an activation: its content types have no active definition until another is activated. 404 `activation-not-found`, 409 `already-retired`. */
  'sop-registry.activation.retire': {
    request: RegistryMutation & { activationId: string; reason?: string };
    response: { activation: ActivationView };
  };
  'sop-registry.activation.list': {
    request: { office: string; status?: 'active' | 'retired' | 'all'; key?: string };
    response: { activations: ActivationView[] };
  };
  'sop-registry.activation.get': {
    request: { office: string; activationId: string };
    response: ActivationView;
  };
  /** The eight standard content types plus the custom ones named by definitions the office sees. */
  'sop-registry.content-type.list': {
    request: { office: string };
    response: { contentTypes: ContentTypeView[] };
  };
}
