// The projector: applies each projected event (PROJECTED_EVENTS) to the projection tables
// of one schema, in the caller's transaction, by reading the fact it touches locked, folding
// the event in and writing back the fact and its aggregates' difference. The step rules
// are in step-facts.ts, the fact rows in rows.ts, the aggregates in aggregates.ts.
import { type AnyEvent, type EventOf, type EventType, PLATFORM_OFFICE } from '@tatalaman/contracts';
import { assertSchemaName } from '@tatalaman/persistence';
import { localDate } from '@tatalaman/working-time';
import { type EntityManager } from 'typeorm';
import { type OfficeDirectory } from '../offices/office-directory';
import {
  applyDelta,
  itemContribution,
  postContribution,
  runContribution,
  stepContribution,
} from './aggregates';
import { type Contribution, difference } from './metrics';
import {
  addMonthViews,
  addPageViews,
  latestAttempt,
  markApplied,
  shareProjectionLock,
} from './projections.queries';
import {
  earliest,
  ITEMS,
  latest,
  lockFact,
  newer,
  OFFICES,
  POSTS,
  type Row,
  RUNS,
  saveFact,
  STEP_FACTS,
} from './rows';
import { REPORTING_SCHEMA } from './schema';
import { deriveStep, foldStepEvent, instant, type StepEvent, stepIdentity } from './step-facts';

/** Every event type the projections use. */
export const PROJECTED_EVENTS = [
  'runs.run-started',
  'runs.step-opened',
  'runs.step-completed',
  'runs.step-reminded',
  'runs.step-breached',
  'runs.step-escalated',
  'runs.step-extended',
  'runs.step-postponed',
  'runs.step-resumed',
  'runs.step-rescheduled',
  'runs.step-failed',
  'runs.deadline-breached',
  'runs.run-ended',
  'approvals.task-claimed',
  'content.item-created',
  'publishing.publication-published',
  'publishing.publication-retracted',
  'publishing.publication-corrected',
  'publishing.page-viewed',
  'identity.office-created',
  'identity.office-updated',
] as const satisfies readonly EventType[];

export type ProjectedEventType = (typeof PROJECTED_EVENTS)[number];
export type ProjectedEvent = EventOf<ProjectedEventType>;

const PROJECTED = new Set<string>(PROJECTED_EVENTS);

interface Receipt {
  channel: string;
  url?: string;
  publishedAt?: string;
  status?: string;
}

/**
 * Applies events to the projection tables of one schema (`reporting`, or the rebuild's
 * shadow schema), in the caller's transaction. Every rule is order-independent (earliest,
 * latest, greatest, sums), so the live consumers (one per stream, in any interleaving,
 * with retries) and a replay of the streams one after the other give the same tables.
 */
export class Projector {
  constructor(private readonly directory: OfficeDirectory) {}

  /** Applies one event; false when it was applied before (or is not projected). */
  async apply(
    manager: EntityManager,
    event: AnyEvent,
    options: { schema?: string; mode?: 'live' | 'rebuild' } = {},
  ): Promise<boolean> {
    const schema = assertSchemaName(options.schema ?? REPORTING_SCHEMA);
    const mode = options.mode ?? 'live';
    if (!PROJECTED.has(event.type) || event.office === PLATFORM_OFFICE) return false;
    if (schema === REPORTING_SCHEMA) {
      // A rebuild swapping its tables in waits for this transaction, and this one for the swap.
      // Its own statement, before any projection table is named: a statement holds locks on
      // the tables it names from planning on, which would deadlock with the swap's DROP.
      await shareProjectionLock(manager);
    }
    if (!(await markApplied(manager, schema, event.id))) return false;
    const e = event as ProjectedEvent;
    const ctx: Ctx = { manager, schema, mode };
    switch (e.type) {
      case 'identity.office-created':
      case 'identity.office-updated':
        await this.office(ctx, e);
        return true;
      case 'content.item-created':
        await this.itemCreated(ctx, e);
        return true;
      case 'approvals.task-claimed':
        await this.claimed(ctx, e);
        return true;
      case 'publishing.publication-published':
      case 'publishing.publication-retracted':
      case 'publishing.publication-corrected':
        await this.publication(ctx, e);
        return true;
      case 'publishing.page-viewed':
        await this.pageViewed(ctx, e);
        return true;
      case 'runs.run-started':
      case 'runs.run-ended':
      case 'runs.deadline-breached':
        await this.run(ctx, e);
        return true;
      default:
        await this.step(ctx, e);
        return true;
    }
  }

  // ---- identity -------------------------------------------------------------------

  private async office(ctx: Ctx, e: EventOf<'identity.office-created' | 'identity.office-updated'>) {
    const before = await lockFact(ctx.manager, ctx.schema, OFFICES, { office: e.office });
    const after = { ...before };
    const d = e.data;
    if (newer(e.occurredAt, e.id, before.name_at, before.name_key)) {
      if (d.name) after.name = d.name;
      if (d.timeZone) after.time_zone = d.timeZone;
      if (e.type === 'identity.office-created') after.kind = e.data.kind;
      after.name_at = e.occurredAt;
      after.name_key = e.id;
    } else {
      // An older event fills in only what is still unknown.
      after.name = after.name ?? d.name ?? null;
      after.time_zone = after.time_zone ?? d.timeZone ?? null;
      if (e.type === 'identity.office-created') after.kind = after.kind ?? e.data.kind;
    }
    await saveFact(ctx.manager, ctx.schema, OFFICES, before, after);
    // The calendar may have changed: ask the gateway again (not while replaying history).
    if (e.type === 'identity.office-updated' && ctx.mode === 'live')
      await this.directory.invalidate(e.office);
  }

  // ---- content --------------------------------------------------------------------

  private async itemCreated(ctx: Ctx, e: EventOf<'content.item-created'>) {
    await this.touchItem(ctx, e.office, e.data.itemId, (r) => {
      r.content_type = r.content_type ?? e.data.kind;
      r.created_at = earliest(r.created_at, e.occurredAt);
      if (newer(e.occurredAt, e.id, r.title_at, r.title_key)) {
        r.title = e.data.title;
        r.title_at = e.occurredAt;
        r.title_key = e.id;
      }
    });
  }

  private async touchItem(ctx: Ctx, office: string, itemId: string, change: (r: Row) => void) {
    const info = await this.directory.get(office);
    const before = await lockFact(ctx.manager, ctx.schema, ITEMS, { office, item_id: itemId });
    const after = { ...before };
    change(after);
    after.first_published_day = after.first_published_at
      ? localDate(Date.parse(after.first_published_at as string), info.timeZone)
      : null;
    await saveFact(ctx.manager, ctx.schema, ITEMS, before, after);
    await applyDelta(
      ctx.manager,
      ctx.schema,
      office,
      difference(itemContribution(after), itemContribution(before)),
    );
  }

  // ---- publishing -----------------------------------------------------------------

  private async publication(
    ctx: Ctx,
    e: EventOf<
      | 'publishing.publication-published'
      | 'publishing.publication-retracted'
      | 'publishing.publication-corrected'
    >,
  ) {
    const at = e.occurredAt;
    switch (e.type) {
      case 'publishing.publication-published': {
        // Newer producers also send the public URL (an optional field).
        const url = (e.data as { url?: string }).url;
        await this.touchPost(ctx, e.office, e.data.itemId, 'website', (r) => {
          r.first_published_at = earliest(r.first_published_at, at);
          r.last_published_at = latest(r.last_published_at, at);
          if (newer(at, e.id, r.path_at, r.publication_id)) {
            r.path = url ?? e.data.path;
            r.path_at = at;
            r.publication_id = e.data.publicationId;
          }
        });
        await this.touchItem(ctx, e.office, e.data.itemId, (r) => {
          r.first_published_at = earliest(r.first_published_at, at);
        });
        return;
      }
      case 'publishing.publication-retracted':
        await this.touchPost(ctx, e.office, e.data.itemId, 'website', (r) => {
          if (newer(at, e.id, r.last_retracted_at, '')) r.retract_reason = e.data.reason;
          r.last_retracted_at = latest(r.last_retracted_at, at);
        });
        return;
      case 'publishing.publication-corrected':
        await this.touchPost(ctx, e.office, e.data.itemId, 'website', (r) => {
          r.corrections = Number(r.corrections ?? 0) + 1;
          r.last_corrected_at = latest(r.last_corrected_at, at);
        });
        return;
    }
  }

  private async touchPost(
    ctx: Ctx,
    office: string,
    itemId: string,
    channel: string,
    change: (r: Row) => void,
  ) {
    const info = await this.directory.get(office);
    const before = await lockFact(ctx.manager, ctx.schema, POSTS, {
      office,
      item_id: itemId,
      channel,
    });
    const after = { ...before };
    change(after);
    after.first_published_day = after.first_published_at
      ? localDate(Date.parse(after.first_published_at as string), info.timeZone)
      : null;
    await saveFact(ctx.manager, ctx.schema, POSTS, before, after);
    await applyDelta(
      ctx.manager,
      ctx.schema,
      office,
      difference(postContribution(after), postContribution(before)),
    );
  }

  private async pageViewed(ctx: Ctx, e: EventOf<'publishing.page-viewed'>) {
    const info = await this.directory.get(e.office);
    const windowDay = localDate(Date.parse(e.data.windowStart), info.timeZone);
    // One batch may name a path twice; sum first so each row is written once. A count may
    // name its local day (newer producers; a window can straddle midnight).
    const byKey = new Map<string, { day: string; itemId: string; path: string; views: number }>();
    for (const c of e.data.counts) {
      const given = (c as { day?: string }).day;
      const day = given && /^\d{4}-\d{2}-\d{2}$/.test(given) ? given : windowDay;
      const key = `${day}\u0000${c.itemId ?? ''}\u0000${c.path}`;
      const cur = byKey.get(key) ?? { day, itemId: c.itemId ?? '', path: c.path, views: 0 };
      cur.views += c.views;
      byKey.set(key, cur);
    }
    const perItem = new Map<string, { month: string; itemId: string; views: number }>();
    const perDay: Contribution = new Map();
    const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, c] of sorted) {
      await addPageViews(ctx.manager, ctx.schema, e.office, c);
      const monthKey = `${c.day.slice(0, 7)}\u0000${c.itemId}`;
      const m = perItem.get(monthKey) ?? { month: c.day.slice(0, 7), itemId: c.itemId, views: 0 };
      m.views += c.views;
      perItem.set(monthKey, m);
      perDay.set(c.day, { views: (perDay.get(c.day)?.views ?? 0) + c.views });
    }
    for (const [, m] of [...perItem.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      await addMonthViews(ctx.manager, ctx.schema, e.office, m);
    }
    await applyDelta(ctx.manager, ctx.schema, e.office, perDay);
  }

  // ---- runs -----------------------------------------------------------------------

  private async run(ctx: Ctx, e: EventOf<'runs.run-started' | 'runs.run-ended' | 'runs.deadline-breached'>) {
    const d = e.data;
    const info = await this.directory.get(e.office);
    const before = await lockFact(
      ctx.manager,
      ctx.schema,
      RUNS,
      { office: e.office, workflow_id: d.workflowId },
      {
        definition_key: d.definitionKey,
        definition_version: d.definitionVersion,
        flow_id: d.flowId,
        item_id: d.itemId ?? null,
      },
    );
    const after = { ...before };
    after.item_id = after.item_id ?? d.itemId ?? null;
    switch (e.type) {
      case 'runs.run-started': {
        const s = e.data;
        after.trigger = s.trigger;
        after.started_at = e.occurredAt;
        after.started_by = s.startedBy.id;
        after.definition_title = s.definitionTitle ?? null;
        after.period_label = s.period?.label ?? null;
        if (s.item) {
          after.item_id = s.item.id;
          after.content_type = s.item.contentType;
          after.item_title = s.item.title;
        }
        break;
      }
      case 'runs.run-ended': {
        const x = e.data;
        after.ended_at = e.occurredAt;
        after.outcome = x.outcome;
        after.end_reason = x.reason ?? null;
        after.ended_by = x.by?.id ?? null;
        after.working_ms = x.workingMs;
        after.elapsed_ms = x.elapsedMs;
        // Breaches come from their own events; met and extended only the end tells.
        after.deadlines_met = (x.deadlines ?? []).filter((dl) => dl.met).length;
        after.deadlines_extended = (x.deadlines ?? []).filter((dl) => dl.extensions > 0).length;
        break;
      }
      case 'runs.deadline-breached':
        after.deadline_breaches = Number(after.deadline_breaches ?? 0) + 1;
        break;
    }
    after.started_day = after.started_at
      ? localDate(Date.parse(after.started_at as string), info.timeZone)
      : null;
    after.ended_day = after.ended_at ? localDate(Date.parse(after.ended_at as string), info.timeZone) : null;
    await saveFact(ctx.manager, ctx.schema, RUNS, before, after);
    await applyDelta(
      ctx.manager,
      ctx.schema,
      e.office,
      difference(runContribution(after), runContribution(before)),
    );
    if (e.type === 'runs.run-started' && e.data.item) {
      const item = e.data.item;
      await this.touchItem(ctx, e.office, item.id, (r) => {
        r.content_type = item.contentType;
        if (newer(e.occurredAt, e.id, r.title_at, r.title_key)) {
          r.title = item.title;
          r.title_at = e.occurredAt;
          r.title_key = e.id;
        }
      });
    }
  }

  private async claimed(ctx: Ctx, e: EventOf<'approvals.task-claimed'>) {
    const d = e.data;
    let attempt = d.attempt;
    if (attempt === undefined) {
      // Older claims without the attempt: the latest attempt of the step known now.
      attempt = (await latestAttempt(ctx.manager, ctx.schema, e.office, d.runId, d.stepId)) ?? 1;
    }
    await this.touchStep(ctx, e.office, { workflowId: d.runId, stepId: d.stepId, attempt }, {}, (r) => {
      if (!r.claimed_at || Date.parse(e.occurredAt) < Date.parse(r.claimed_at as string)) {
        r.claimed_at = e.occurredAt;
        r.claimed_by_id = d.userId;
        r.claimed_by_name = d.userName ?? null;
      }
    });
  }

  private async step(ctx: Ctx, e: StepEvent) {
    const d = e.data;
    await this.touchStep(
      ctx,
      e.office,
      { workflowId: d.workflowId, stepId: d.stepId, attempt: d.attempt },
      stepIdentity(e),
      (r) => foldStepEvent(r, e),
    );
    if (e.type === 'runs.step-completed' && e.data.kind === 'publish' && e.data.itemId) {
      await this.receipts(ctx, e.office, e.data.itemId, e.data.result, e.occurredAt);
    }
  }

  /** Publish-step receipts: one post per channel the item went out on. */
  private async receipts(ctx: Ctx, office: string, itemId: string, result: unknown, at: string) {
    const receipts = (result as { receipts?: unknown } | null)?.receipts;
    if (!Array.isArray(receipts)) return;
    const valid = (receipts as Receipt[]).filter(
      (r) => r && typeof r.channel === 'string' && (r.status === undefined || r.status === 'published'),
    );
    for (const receipt of valid.sort((a, b) => a.channel.localeCompare(b.channel))) {
      const publishedAt =
        receipt.publishedAt && !Number.isNaN(Date.parse(receipt.publishedAt))
          ? new Date(receipt.publishedAt).toISOString()
          : at;
      await this.touchPost(ctx, office, itemId, receipt.channel, (r) => {
        r.first_published_at = earliest(r.first_published_at, publishedAt);
        r.last_published_at = latest(r.last_published_at, publishedAt);
        if (receipt.url && newer(publishedAt, receipt.url, r.url_at, r.url)) {
          r.url = receipt.url;
          r.url_at = publishedAt;
        }
      });
      await this.touchItem(ctx, office, itemId, (r) => {
        r.first_published_at = earliest(r.first_published_at, publishedAt);
      });
    }
  }

  private async touchStep(
    ctx: Ctx,
    office: string,
    ref: { workflowId: string; stepId: string; attempt: number },
    initial: Row,
    change: (r: Row) => void,
  ) {
    const info = await this.directory.get(office);
    const before = await lockFact(
      ctx.manager,
      ctx.schema,
      STEP_FACTS,
      { office, workflow_id: ref.workflowId, step_id: ref.stepId, attempt: ref.attempt },
      initial,
    );
    const after = { ...before };
    change(after);
    // Working time in the calendar version the run used for this attempt.
    const calendar = await this.directory.calendarFor(
      office,
      after.calendar_version === null || after.calendar_version === undefined
        ? null
        : Number(after.calendar_version),
      instant(after.opened_at),
    );
    deriveStep(after, info, calendar);
    await saveFact(ctx.manager, ctx.schema, STEP_FACTS, before, after);
    const delta: Contribution = difference(
      stepContribution(after, info.timeZone),
      stepContribution(before, info.timeZone),
    );
    await applyDelta(ctx.manager, ctx.schema, office, delta);
  }
}

interface Ctx {
  manager: EntityManager;
  schema: string;
  mode: 'live' | 'rebuild';
}
