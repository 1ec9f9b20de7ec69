import type { Actor } from '../envelope';

/**
 * Commands the reporting service serves. Owned by the reporting service.
 *
 * Periods: a month is `YYYY-MM`, a semester `YYYY-S1` (January–June) or `YYYY-S2`
 * (July–December), always in the office's own time zone. Durations are working
 * milliseconds of the office's calendar unless a field says otherwise; shares are
 * ratios between 0 and 1 (rounded to 4 decimals), `null` when there is nothing to
 * measure (no step with a time standard in the period: Mentawai's SOP has none).
 * Everything staff read (titles, labels, month names) is in Bahasa Indonesia.
 */

/** A period of a report: ISO instants (`to` exclusive) and its code (`2026-01`, `2026-S1`). */
export interface ReportPeriod {
  from: string;
  to: string;
  label: string;
}

/** Who asks (the gateway fills these in for a person or an API key). */
interface ReportingCaller {
  office: string;
  actor?: Actor;
  officeAdmin?: boolean;
}

export type ReportFormat = 'csv' | 'xlsx' | 'pdf' | 'json';

/** A file to download: bytes in base64, with the media type and a file name. */
export interface ReportFile {
  fileName: string;
  mediaType: string;
  contentBase64: string;
}

export interface OfficeHeader {
  code: string;
  name: string;
  timeZone: string;
  /** kpu-provinsi, kpu-kabupaten, kpu-kota or other; absent when unknown. */
  kind?: string;
  /** `gateway`: the office's own working calendar; `default`: the office was unknown, the standard civil-service calendar was used. */
  calendar: 'gateway' | 'default';
}

/** SLA figures of one group of step attempts (a step, a role, a person, a content type, an office…). */
export interface SlaFigures {
  /** Attempts of people's and platform steps that ended with a decision (cancelled ones excluded). */
  closed: number;
  /** …of which the step had a time standard. */
  timed: number;
  withinLimit: number;
  withinTarget: number;
  /** withinLimit / timed; null without timed attempts. */
  compliance: number | null;
  /** withinTarget / timed; null without timed attempts. */
  targetCompliance: number | null;
  /** Closed attempts that had passed their time standard. */
  breached: number;
  /** Closed attempts whose breach was escalated. */
  escalated: number;
  extensions: number;
  /** Working time before anyone took the task in hand (see docs/reporting.md). */
  waitingMs: number;
  /** Working time while someone had it in hand. */
  workingMs: number;
  /** Working time of attempts re-opened by a send-back, charged to the group that sent the item back. */
  reworkMs: number;
  /** How many re-opened attempts that rework is. */
  reworkCount: number;
  /** Send-back decisions taken. */
  sendBacks: number;
  /** Mean working time an attempt was open (measured, also without a time standard); null without attempts. */
  avgMs: number | null;
  handoffs: number;
  /** The paper SOP's minutes for hand-offs the platform now does at once. */
  savedMinutes: number;
}

export interface SlaRow extends SlaFigures {
  /** The group: a step id, role code, person id, content type code, definition key or office code. */
  key: string;
  label: string;
  /** For steps: the step number on the SOP sheet and its definition. */
  stepNumber?: number;
  definitionKey?: string;
}

export type SlaDimension = 'step' | 'role' | 'person' | 'content-type' | 'definition';

export interface RecapSummary {
  itemsSubmitted: number;
  runsCompleted: number;
  runsRejected: number;
  runsCancelled: number;
  /** Posts: an item first appearing on a channel (website, social media) in the period. */
  posts: number;
  /** Items first published in the period (on any channel). */
  itemsPublished: number;
  /** Readers: page views of the office website in the period. */
  views: number;
  sla: SlaFigures;
  /** Breach events in the period (step passed its time standard), whenever the step closed. */
  breaches: number;
  escalations: number;
  postponements: number;
  rejections: number;
  cycle: {
    /** Item runs completed in the period. */
    count: number;
    avgWorkingMs: number | null;
    medianWorkingMs: number | null;
    avgElapsedMs: number | null;
  };
}

export interface PostsByTypeAndChannel {
  contentType: string;
  contentTypeLabel: string;
  channel: string;
  channelLabel: string;
  posts: number;
}

export interface RecapPost {
  itemId: string;
  title: string;
  contentType: string;
  contentTypeLabel: string;
  channels: string[];
  firstPublishedAt: string;
  url?: string;
  /** Page views in the period. */
  views: number;
}

export interface RecapRead {
  itemId: string;
  title: string;
  contentType: string;
  contentTypeLabel: string;
  views: number;
}

export interface RecapCycle {
  contentType: string;
  contentTypeLabel: string;
  count: number;
  avgWorkingMs: number;
  medianWorkingMs: number;
  avgElapsedMs: number;
}

export interface RecapSendBack {
  workflowId: string;
  itemId?: string;
  title: string;
  contentType: string;
  fromStep: string;
  fromStepNumber: number;
  toStep: string;
  by?: string;
  role?: string;
  reason?: string;
  at: string;
}

export interface RecapPostponed {
  workflowId: string;
  itemId?: string;
  title: string;
  contentType: string;
  step: string;
  stepNumber: number;
  postponedAt: string;
  by?: string;
  reason?: string;
  resumedAt?: string;
  /** `ditunda` (still waiting at the end of the period), `dilanjutkan` (resumed), `dibatalkan` (cancelled). */
  status: 'ditunda' | 'dilanjutkan' | 'dibatalkan';
}

export interface RecapProblems {
  reported: number;
  resolved: number;
  /** Still open (open or in progress) at the end of the period. */
  open: number;
}

export interface MonthlyRecap {
  office: OfficeHeader;
  period: ReportPeriod & { title: string };
  hasTimeStandards: boolean;
  summary: RecapSummary;
  postsByTypeAndChannel: PostsByTypeAndChannel[];
  posts: RecapPost[];
  topRead: RecapRead[];
  slaBySteps: SlaRow[];
  cycleTimes: RecapCycle[];
  sendBacks: RecapSendBack[];
  postponed: RecapPostponed[];
  problems: RecapProblems;
}

export interface SemesterRecap extends MonthlyRecap {
  months: { month: string; title: string; summary: RecapSummary }[];
}

export interface ComparisonRow {
  office: string;
  name: string;
  kind?: string;
  itemsSubmitted: number;
  runsCompleted: number;
  posts: number;
  views: number;
  closedSteps: number;
  timedSteps: number;
  compliance: number | null;
  breaches: number;
  escalations: number;
  sendBacks: number;
  postponements: number;
  avgCycleWorkingMs: number | null;
  reworkMs: number;
  savedMinutes: number;
}

export interface PlatformComparison {
  period: ReportPeriod & { title: string };
  offices: ComparisonRow[];
  totals: Omit<ComparisonRow, 'office' | 'name' | 'kind'>;
}

export type ChartKind = 'compliance' | 'per-step' | 'per-role' | 'volume';

/** Chart-ready data: one label per point on the x axis, one array per series. */
export interface ChartSeries {
  chart: ChartKind;
  title: string;
  labels: string[];
  /** Codes behind the labels (months `YYYY-MM`, days `YYYY-MM-DD`, step ids, role codes). */
  keys: string[];
  series: { key: string; label: string; unit: 'ratio' | 'count' | 'ms'; data: (number | null)[] }[];
}

export type ProblemCategory =
  'content' | 'display' | 'network' | 'server' | 'security' | 'domain' | 'email' | 'other';
export type ProblemSeverity = 'low' | 'medium' | 'high' | 'critical';
export type ProblemStatus = 'open' | 'in-progress' | 'resolved';

/** An entry of the website problem inventory (inventarisasi permasalahan website/jaringan). */
export interface ProblemView {
  id: string;
  office: string;
  /** 1, 2, 3… per office. */
  number: number;
  title: string;
  description: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  status: ProblemStatus;
  resolution?: string;
  reportedBy: Actor;
  reportedAt: string;
  updatedBy: Actor;
  updatedAt: string;
  resolvedBy?: Actor;
  resolvedAt?: string;
}

export interface StoredReportView {
  reportId: string;
  office: string;
  report: string;
  title: string;
  period: ReportPeriod;
  createdAt: string;
  run?: { workflowId: string; stepId: string; definitionKey: string };
  /** Where the gateway serves it (append `?format=pdf|xlsx|csv|json`). */
  url: string;
}

export interface RebuildStatus {
  rebuildId: string;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** Per stream: events replayed so far and the stream's last sequence when the replay began. */
  streams: { stream: string; applied: number; lastSeq: number }[];
  error?: string;
}

export interface ReportingCommands {
  /**
   * An automatic step of a recurring run: build the report the definition names
   * (e.g. the monthly recap of posts and readers) for the period. Idempotent per key.
   */
  'reporting.report.generate': {
    request: {
      office: string;
      idempotencyKey: string;
      report: string;
      period?: { from: string; to: string; label: string };
      run: { workflowId: string; stepId: string; definitionKey: string };
    };
    response: { reportId: string; title: string; url?: string };
  };
  /** Reports stored by `report.generate`, newest first. */
  'reporting.reports.list': {
    request: ReportingCaller & { report?: string; limit?: number };
    response: { reports: StoredReportView[] };
  };
  /** One stored report rendered as a file (the JSON format is its document model). 404 `report-not-found`. */
  'reporting.report.download': {
    request: ReportingCaller & { reportId: string; format: ReportFormat };
    response: ReportFile;
  };
  'reporting.recap.monthly': {
    request: ReportingCaller & { month: string };
    response: MonthlyRecap;
  };
  'reporting.recap.semester': {
    request: ReportingCaller & { semester: string };
    response: SemesterRecap;
  };
  /**
   * A report built now for a period and rendered: a recap (`monthly`, `semester`), or any
   * report code (`website-problem-inventory`, `live-link-archive`, `archive`, …).
   * `date` (YYYY-MM-DD) is the date printed above the signature (default: today, office time).
   */
  'reporting.recap.export': {
    request: ReportingCaller & { report: string; period: string; format: ReportFormat; date?: string };
    response: ReportFile;
  };
  /** SLA compliance grouped by one dimension, months `from`..`to` inclusive. */
  'reporting.sla.breakdown': {
    request: ReportingCaller & { by: SlaDimension; from: string; to: string };
    response: {
      office: OfficeHeader;
      from: string;
      to: string;
      by: SlaDimension;
      rows: SlaRow[];
      total: SlaFigures;
    };
  };
  /** Series for the console's charts: by month between `from` and `to`, or by day within one month. */
  'reporting.charts.get': {
    request: ReportingCaller & { chart: ChartKind; from: string; to: string; granularity?: 'month' | 'day' };
    response: ChartSeries;
  };
  /** Every office side by side for a month or a semester. Platform admins only (`platformAdmin: true`). */
  'reporting.platform.comparison': {
    request: { actor: Actor; platformAdmin: boolean; period: string };
    response: PlatformComparison;
  };
  'reporting.problems.list': {
    request: ReportingCaller & { status?: ProblemStatus; limit?: number };
    response: { problems: ProblemView[] };
  };
  'reporting.problem.get': {
    request: ReportingCaller & { problemId: string };
    response: ProblemView;
  };
  /** Logs a website problem (status `open`). Once per idempotency key. */
  'reporting.problem.create': {
    request: ReportingCaller & {
      actor: Actor;
      idempotencyKey: string;
      title: string;
      description: string;
      category: ProblemCategory;
      severity: ProblemSeverity;
    };
    response: ProblemView;
  };
  /**
   * Changes a problem: fields, status, resolution. Resolving needs a resolution text.
   * Once per idempotency key.
   */
  'reporting.problem.update': {
    request: ReportingCaller & {
      actor: Actor;
      idempotencyKey: string;
      problemId: string;
      title?: string;
      description?: string;
      category?: ProblemCategory;
      severity?: ProblemSeverity;
      status?: ProblemStatus;
      resolution?: string;
    };
    response: ProblemView;
  };
  /** Starts rebuilding every projection from the streams (platform admins). 409 `rebuild-running`. */
  'reporting.projections.rebuild': {
    request: { actor: Actor; platformAdmin: boolean; idempotencyKey?: string };
    response: RebuildStatus;
  };
  /** The latest rebuild, if any. */
  'reporting.projections.status': {
    request: { actor: Actor; platformAdmin: boolean };
    response: { rebuild?: RebuildStatus };
  };
}
