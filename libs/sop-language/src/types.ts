// Plain data types shared by the validator, the compiler, the renderers and the
// Temporal interpreter workflow. This file imports nothing: the workflow bundle
// pulls it (through conditions.ts) without yaml or zod.

/** A message shown to office staff, in Bahasa Indonesia and English. */
export interface LocalizedText {
  id: string;
  en: string;
}

/**
 * One problem found in a definition. `path` points into the source document
 * (`flows.item.steps[3].time`, see docs/sop-language.md); `line` and `column`
 * are 1-based positions in the source text.
 */
export interface Diagnostic {
  code: string;
  path: string;
  line: number;
  column: number;
  message: LocalizedText;
}

export type DurationUnit = 'minute' | 'hour' | 'day' | 'week';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/**
 * A step's time standard ("Mutu Baku: Waktu"). A single value has target = limit;
 * a range "1-3 jam" has target 1 hour and limit 3 hours. Working time unless
 * `calendar` is true.
 */
export interface TimeStandard {
  target: Duration;
  limit: Duration;
  calendar: boolean;
  /** The text as written in the definition (or a canonical text for the object form). */
  text: string;
}

export type StepKind = 'work' | 'review' | 'handoff' | 'publish' | 'automatic' | 'parallel';

/** Routing condition on the content item; all keys present must hold (AND). */
export interface Condition {
  /** The item's content type is one of these codes. */
  contentType?: string[];
  /** The item carries at least one of these tags. */
  tag?: string[];
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

/** What a condition is evaluated against. */
export interface ConditionItem {
  contentType: string;
  tags?: readonly string[];
}

/** Transition target: a step id in the same scope, `end` (the run completes) or `join` (a parallel branch is done). */
export type TransitionTarget = string;

export interface CompiledBranch {
  /** `null` = unconditional (always the last entry of a step's `next`). */
  when: Condition | null;
  to: TransitionTarget;
}

export interface CompiledOutcomes {
  approve: true;
  sendBack: { to: string; reasonRequired: boolean } | null;
  postpone: boolean;
  reject: boolean;
}

export interface CompiledExtension {
  max: number;
  by: Duration;
  byText: string;
  reasonRequired: boolean;
  /**
   * `by` counted in calendar time (true, "2 hari kalender") or working time (false, "2 hari kerja");
   * null when it does not say: as the step's time standard. Absent in definitions compiled
   * before it existed (read as null).
   */
  calendar?: boolean | null;
}

export interface CompiledEscalation {
  /** Role codes told when the time standard's limit is breached. */
  notify: string[];
  /** Remind the step's holder this long before the limit (null: no reminder). */
  remindBefore: Duration | null;
  /** `remindBefore` in calendar time (true) or working time (false); null: as the time standard it belongs to. */
  remindCalendar?: boolean | null;
  note: string | null;
}

export interface CompiledParallel {
  join: 'all' | 'any';
  branches: { name: string | null; steps: string[] }[];
}

export interface CompiledStep {
  id: string;
  flow: string;
  /** Number as on the sheet (or counted on from the previous step when not given). */
  number: number;
  kind: StepKind;
  description: string;
  /** Role codes who hold the step (for handoff: who hands over). */
  actors: string[];
  /** Role codes who receive a handoff or an automatic step's result. */
  recipients: string[];
  /** Input checklist (Kelengkapan / Persyaratan). */
  inputs: string[];
  output: string | null;
  note: string | null;
  /** True when the note records an inference (a paragraph starting with "Inferensi:"). */
  inferred: boolean;
  time: TimeStandard | null;
  /** Ordered, first match wins; the last entry is always unconditional. */
  next: CompiledBranch[];
  outcomes: CompiledOutcomes | null;
  channels: string[];
  action: string | null;
  report: string | null;
  extension: CompiledExtension | null;
  optional: boolean;
  /** The step's own escalation, or the definition default when the step has a time standard. */
  escalation: CompiledEscalation | null;
  parallel: CompiledParallel | null;
  /** Set for steps inside a parallel branch. */
  branch: { parent: string; index: number } | null;
}

export type ScheduleEvery = 'week' | 'month' | 'semester' | 'year';

export interface CompiledSchedule {
  every: ScheduleEvery;
  /** Months (1-12) the process runs in; every month for `week` and `month`. */
  months: number[];
  /** Day of month, or `last`; null for weekly schedules. */
  day: number | 'last' | null;
  /** ISO weekday (1 = Monday … 7 = Sunday) for weekly schedules, else null. */
  weekday: number | null;
  /** Local start time "HH:MM". */
  at: string;
  timeZone: string;
  text: LocalizedText;
}

export type FlowTrigger = 'item' | 'schedule' | 'manual';

export interface CompiledFlow {
  id: string;
  title: string;
  trigger: FlowTrigger;
  schedule: CompiledSchedule | null;
  note: string | null;
  /** First step id. */
  start: string;
  /** Top-level step ids in order (branch steps are listed in their parallel step). */
  order: string[];
  /** Every step of the flow, branch steps included. */
  steps: Record<string, CompiledStep>;
}

export interface CompiledDeadline {
  id: string;
  flow: string;
  /** Counted from the start of `from` … */
  from: string;
  /** … to the completion of `until`. */
  until: string;
  time: TimeStandard;
  escalation: CompiledEscalation | null;
  /** How the deadline may be extended; absent in definitions compiled before it existed. */
  extension?: CompiledExtension | null;
  note: string | null;
}

export interface CompiledRole {
  code: string;
  name: string;
  description: string | null;
}

export type FieldVisibility = 'public' | 'internal';

/** A declared field of a content type: its label and who may see it. */
export interface CompiledContentField {
  key: string;
  label: LocalizedText;
  visibility: FieldVisibility;
}

export interface CompiledContentType {
  code: string;
  name: LocalizedText;
  custom: boolean;
  /**
   * Declared fields, in source order (absent in definitions compiled before fields could be
   * declared). Undeclared fields: a standard type's built-in ones are public, others internal.
   */
  fields?: CompiledContentField[];
}

export interface CompiledMetadata {
  agency: string | null;
  unit: string | null;
  number: string | null;
  /** "Nama SOP" as written on the sheet. */
  name: string | null;
  /** The caption of the procedure chart (bagan alur), when the sheet has one. */
  procedureTitle: string | null;
  dates: { made: string | null; revised: string | null; effective: string | null; ratified: string | null };
  ratifiedBy: {
    title: string;
    name: string | null;
    rank: string | null;
    nip: string | null;
    place: string | null;
  } | null;
  legalBasis: string[];
  qualifications: string[];
  minimumStaff: number | null;
  related: { title: string; key: string | null }[];
  equipment: string[];
  warning: string | null;
  records: { text: string; report: string | null }[];
  provisions: string[];
  signedSheet: { file: string; sha256: string; mediaType: string; note: string | null } | null;
  note: string | null;
}

/** The normalized, JSON-serializable form the interpreter workflow runs. */
export interface CompiledSop {
  format: 'tatalaman.sop/1';
  key: string;
  version: number;
  title: string;
  language: 'id' | 'en';
  timeZone: string;
  description: string | null;
  /** SHA-256 (hex) of the exact source text. */
  sourceHash: string;
  metadata: CompiledMetadata;
  roles: Record<string, CompiledRole>;
  roleOrder: string[];
  /** Content types the item flow applies to; empty = any type. */
  contentTypes: CompiledContentType[];
  escalation: CompiledEscalation | null;
  flows: Record<string, CompiledFlow>;
  /** `item` first, then the other flows in source order. */
  flowOrder: string[];
  deadlines: CompiledDeadline[];
}
