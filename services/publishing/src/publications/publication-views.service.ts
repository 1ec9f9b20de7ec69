import { Inject, Injectable } from '@nestjs/common';
import {
  type CommandParsed,
  type CommandResponse,
  PUBLISHING_ERRORS,
  type PublicationActionView,
  type PublicationReceipt,
  type PublicationView,
  type ScheduleView,
} from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/requests';
import { localDateTime, zoneLabel } from '../common/time';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { mediaView, type PageRow, pagePath, type ReceiptRow, receiptView } from './pages';
import * as q from './publications.queries';
import { type ScheduleRow } from './publications.queries';

export function scheduleView(r: ScheduleRow): ScheduleView {
  return {
    scheduleId: r.id,
    itemId: r.item_id,
    publishAt: new Date(r.publish_at).toISOString(),
    publishAtLocal: localDateTime(r.publish_at, r.time_zone),
    timeZone: r.time_zone,
    zoneLabel: zoneLabel(r.time_zone),
    state: r.state,
    revision: r.revision,
    channels: r.channels,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    firedAt: r.fired_at ? new Date(r.fired_at).toISOString() : null,
    lastError: r.last_error,
  };
}

/** A receipt as the publish step answers it. */
export function publicationReceipt(r: ReceiptRow): PublicationReceipt {
  return {
    channel: r.channel,
    url: r.url,
    publishedAt: new Date(r.published_at).toISOString(),
    ...(r.revision !== null ? { revision: r.revision } : {}),
    status: r.status === 'retracted' ? 'published' : r.status,
    ...(r.error ? { error: r.error } : {}),
    receiptId: r.id,
    ...(r.target ? { target: r.target } : {}),
  };
}

/** What callers read of publications: a page with its receipts and schedule, the list, a run's actions. */
@Injectable()
export class PublicationViews {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  async findPage(manager: EntityManager, office: string, itemId: string): Promise<PageRow | undefined> {
    return q.pageOfItem(manager, office, itemId);
  }

  async get(office: string, itemId: string): Promise<PublicationView> {
    const page = await this.findPage(this.dataSource.manager, office, itemId);
    if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
    return this.view(this.dataSource.manager, page);
  }

  async list(
    req: CommandParsed<'publishing.publication.list'>,
  ): Promise<CommandResponse<'publishing.publication.list'>> {
    const limit = req.limit ?? 20;
    const after = decodeCursor(req.cursor);
    // One more than shown tells whether there is a next page.
    const pages = await q.pagesAfter(
      this.dataSource,
      req.office,
      { itemId: req.itemId, type: req.type, status: req.status },
      after,
      limit + 1,
    );
    const more = pages.length > limit;
    const shown = pages.slice(0, limit);
    const views = await this.views(this.dataSource.manager, shown);
    const last = shown[shown.length - 1];
    return {
      publications: views,
      ...(more && last ? { nextCursor: encodeCursor(last.updated_at, last.id) } : {}),
    };
  }

  /** Corrections and retractions of what a run published, for its timeline. */
  async runActions(office: string, workflowId: string): Promise<PublicationActionView[]> {
    const found = await q.actionsOnRun(this.dataSource, office, workflowId);
    return found.map((r) => ({
      kind: r.kind as 'correct' | 'retract',
      at: new Date(r.created_at).toISOString(),
      itemId: r.item_id,
      stepId: r.step_id ?? '',
      revision: r.revision,
      actor: r.actor,
      authority: r.authority,
      note: r.note,
    }));
  }

  async view(manager: EntityManager, page: PageRow): Promise<PublicationView> {
    return (await this.views(manager, [page]))[0]!;
  }

  private async views(manager: EntityManager, pages: PageRow[]): Promise<PublicationView[]> {
    if (!pages.length) return [];
    const office = pages[0]!.office;
    const ids = pages.map((p) => p.item_id);
    const receipts = await q.receiptsOfItems(manager, office, ids);
    const schedules = await q.latestSchedules(manager, office, ids);
    const base = this.options.publicBaseUrl;
    return pages.map((p) => {
      const schedule = schedules.find((s) => s.item_id === p.item_id);
      return {
        publicationId: p.id,
        office: p.office,
        itemId: p.item_id,
        type: p.type,
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        url: base + pagePath(p),
        path: pagePath(p),
        status: p.status,
        revision: p.content_revision,
        revisionId: p.content_revision_id,
        publicationRevision: p.publication_revision,
        firstPublishedAt: new Date(p.first_published_at).toISOString(),
        publishedAt: new Date(p.published_at).toISOString(),
        correctedAt: p.corrected_at ? new Date(p.corrected_at).toISOString() : null,
        corrections: p.corrections,
        retractedAt: p.retracted_at ? new Date(p.retracted_at).toISOString() : null,
        retractionReason: p.retraction_reason,
        media: p.media.map((m) => mediaView(base, m)),
        receipts: receipts.filter((r) => r.item_id === p.item_id).map(receiptView),
        schedule: schedule ? scheduleView(schedule) : null,
      };
    });
  }
}
