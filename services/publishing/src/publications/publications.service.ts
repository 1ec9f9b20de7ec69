import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type CommandParsed,
  type CommandResponse,
  type ContentItemView,
  PUBLISH_CHANNELS,
  PUBLISHING_ERRORS,
  type PublicationReceipt,
  type PublicationActionView,
  type PublicationView,
  type ScheduleView,
} from '@tatalaman/contracts';
import {
  commandFailure,
  idempotencyKeyReused as keyReused,
  IdempotencyStore,
  requestHash,
} from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ContentSource } from '../content/content-source';
import { decodeCursor, encodeCursor } from '../common/requests';
import { localDateTime, zoneLabel } from '../common/time';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { type SocialChannelRow, type SocialPost } from '../social/adapters';
import { SocialChannels } from '../social/social.service';
import { type SiteInfo, Sites } from '../sites/sites.service';
import { Webhooks } from '../webhooks/webhooks.service';
import { PublicationAuthorities } from './authority';
import { ItemLocks } from './item-locks';
import { mediaView, type PageRow, pagePath, type ReceiptRow, receiptView } from './pages';
import * as q from './publications.queries';
import { type ScheduleRow } from './publications.queries';
import { Publisher, type RunRef } from './publisher';

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

function publicationReceipt(r: ReceiptRow): PublicationReceipt {
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

interface PublishContext {
  requestKey: string;
  run: RunRef | null;
  actor: Actor | null;
  slug?: string;
}

/**
 * Publish (a run's step, a due schedule), correct and retract; the publication views.
 * Every change of one item runs under its item lock.
 */
@Injectable()
export class Publications {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sites: Sites,
    private readonly content: ContentSource,
    private readonly publisher: Publisher,
    private readonly social: SocialChannels,
    private readonly locks: ItemLocks,
    private readonly idempotency: IdempotencyStore,
    private readonly webhooks: Webhooks,
    private readonly authorities: PublicationAuthorities,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  /** After a commit that queued webhook deliveries: send them now rather than at the next poll. */
  private kick(): void {
    setImmediate(() => void this.webhooks.tick());
  }

  // ---- the run's publish step ---------------------------------------------------

  async stepPublish(
    req: CommandParsed<'publishing.step.publish'>,
  ): Promise<CommandResponse<'publishing.step.publish'>> {
    const hash = requestHash(req);
    const stored = await this.storedStep(req.office, req.idempotencyKey, hash);
    if (stored) return stored;
    const channels = [...new Set(req.channels)];
    const unknown = channels.filter((c) => !(PUBLISH_CHANNELS as readonly string[]).includes(c));
    if (unknown.length)
      throw commandFailure(PUBLISHING_ERRORS['unknown-channel'], {
        message: {
          id: `Kanal publikasi tidak dikenal: ${unknown.join(', ')} (yang dikenal: ${PUBLISH_CHANNELS.join(', ')}).`,
          en: `Unknown publication channel: ${unknown.join(', ')} (known: ${PUBLISH_CHANNELS.join(', ')}).`,
        },
        detail: { unknown },
      });
    const site = await this.sites.ensure(req.office);
    const social = channels.includes('social-media') ? await this.social.enabled(req.office) : [];
    // Refused before anything goes live, so the run waits and nothing is half-published.
    if (channels.includes('social-media') && !social.length) throw SocialChannels.notConfigured();

    return this.locks.with(req.office, req.itemId, async () => {
      const again = await this.storedStep(req.office, req.idempotencyKey, hash);
      if (again) return again;
      const item = await this.content.item(req.office, req.itemId);
      const revision = ContentSource.revisionFor(item, {
        revision: req.revision,
        workflowId: req.run.workflowId,
      });
      const schedule = await this.activeSchedule(req.office, req.itemId);
      let receipts: ReceiptRow[];
      if (schedule && new Date(schedule.publish_at).getTime() > Date.now()) {
        receipts = await this.arm(schedule, site, item, revision, channels, social, {
          requestKey: req.idempotencyKey,
          run: req.run,
          actor: null,
        });
      } else {
        receipts = await this.publishNow(site, item, revision, channels, social, {
          requestKey: req.idempotencyKey,
          run: req.run,
          actor: null,
        });
        // A schedule whose time passed before the run got here is used up.
        if (schedule) await q.markScheduleDone(this.dataSource, req.office, schedule.id, revision, channels);
      }
      const response = { receipts: receipts.map(publicationReceipt) };
      await q.storeStepRequest(this.dataSource, {
        office: req.office,
        key: req.idempotencyKey,
        hash,
        itemId: req.itemId,
        response,
      });
      return response;
    });
  }

  private async storedStep(
    office: string,
    key: string,
    hash: string,
  ): Promise<CommandResponse<'publishing.step.publish'> | undefined> {
    const row = await q.storedStepRequest(this.dataSource, office, key);
    if (!row) return undefined;
    if (row.request_hash !== hash) throw keyReused(key, 'publishing.step.publish');
    return row.response;
  }

  async activeSchedule(office: string, itemId: string): Promise<ScheduleRow | undefined> {
    return q.activeSchedule(this.dataSource, office, itemId);
  }

  /** The run reached its publish step before the item's time: keep its request, answer `scheduled`. */
  private async arm(
    schedule: ScheduleRow,
    site: SiteInfo,
    item: ContentItemView,
    revision: number,
    channels: string[],
    social: SocialChannelRow[],
    ctx: PublishContext,
  ): Promise<ReceiptRow[]> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.publisher.lockPage(manager, site.office, item.itemId);
      const slug =
        existing?.slug ?? (await this.publisher.freeSlug(manager, site.office, item.type, item.title));
      const url = this.publisher.url(pagePath({ office: site.office, type: item.type, slug }));
      await q.armSchedule(manager, site.office, schedule.id, {
        revision,
        channels,
        request: { requestKey: ctx.requestKey, run: ctx.run, slug },
      });
      const targets: { channel: string; target: string | null }[] = [
        ...(channels.includes('website') ? [{ channel: 'website', target: null }] : []),
        ...social.map((s) => ({ channel: 'social-media', target: s.name })),
      ];
      const out: ReceiptRow[] = [];
      for (const t of targets)
        out.push(
          await this.publisher.receipt(manager, {
            office: site.office,
            pageId: existing?.id ?? null,
            itemId: item.itemId,
            kind: 'schedule',
            channel: t.channel,
            target: t.target,
            url,
            status: 'scheduled',
            revision,
            publishedAt: new Date(schedule.publish_at),
            requestKey: ctx.requestKey,
            run: ctx.run,
            actor: ctx.actor,
          }),
        );
      return out;
    });
  }

  /**
   * A due schedule: publish the request the run left, then `done` (both under the item
   * lock, so a cancellation either comes first and wins or finds the schedule done).
   */
  async fireSchedule(
    schedule: ScheduleRow,
    done: (manager: EntityManager) => Promise<void>,
  ): Promise<ReceiptRow[] | undefined> {
    const request = schedule.request!;
    return this.locks.with(schedule.office, schedule.item_id, async () => {
      if ((await q.scheduleState(this.dataSource, schedule.office, schedule.id)) !== 'armed')
        return undefined;
      const site = await this.sites.ensure(schedule.office);
      const social = schedule.channels.includes('social-media')
        ? await this.social.enabled(schedule.office)
        : [];
      if (schedule.channels.includes('social-media') && !social.length) throw SocialChannels.notConfigured();
      const item = await this.content.item(schedule.office, schedule.item_id);
      const receipts = await this.publishNow(site, item, schedule.revision!, schedule.channels, social, {
        requestKey: `schedule:${schedule.id}`,
        run: request.run,
        actor: null,
        slug: request.slug,
      });
      await this.dataSource.transaction(done);
      return receipts;
    });
  }

  /**
   * The website first (committed, so the page is live before a social post links to it),
   * then each social channel. A failed social post is recorded and answered as an error
   * carrying the receipts: 503 when trying again later may help, 422 when a person must
   * fix the channel first.
   */
  private async publishNow(
    site: SiteInfo,
    item: ContentItemView,
    revisionNumber: number,
    channels: string[],
    social: SocialChannelRow[],
    ctx: PublishContext,
  ): Promise<ReceiptRow[]> {
    const office = site.office;
    const revision = await this.content.revision(office, item.itemId, revisionNumber);
    const draft = await this.content.draft(office, item, revision);
    const receipts: ReceiptRow[] = [];
    let page: PageRow | undefined;
    if (channels.includes('website')) {
      const result = await this.dataSource.transaction((m) =>
        this.publisher.goLive(m, office, draft, {
          requestKey: ctx.requestKey,
          run: ctx.run,
          actor: ctx.actor,
          kind: 'publish',
          channels,
          slug: ctx.slug,
        }),
      );
      if (result.version) {
        this.sites.observe(office, result.version);
        this.kick();
      }
      page = result.page;
      receipts.push(result.receipt);
    } else {
      page = await this.findPage(this.dataSource.manager, office, item.itemId);
      if (page?.status !== 'published') page = undefined;
    }
    if (social.length) {
      const image = draft.media.find((m) => m.kind === 'image');
      const post: SocialPost = {
        office,
        siteName: site.name,
        itemId: item.itemId,
        revision: draft.contentRevision,
        type: draft.type,
        title: draft.title,
        summary: draft.summary,
        url: page ? this.publisher.url(pagePath(page)) : null,
        imageUrl: image && page ? this.publisher.url(image.path) : null,
        publishedAt: new Date().toISOString(),
      };
      const out = await this.social.postAll(social, post, {
        pageId: page?.id ?? null,
        requestKey: ctx.requestKey,
        run: ctx.run,
        actor: ctx.actor,
      });
      receipts.push(...out.receipts);
      if (out.failures.length) {
        const transient = out.failures.every((f) => f.transient);
        const list = out.failures.map((f) => `${f.channel}: ${f.error}`).join('; ');
        const live = page ? 'Konten sudah terbit di website, tetapi ' : '';
        const liveEn = page ? 'The item is live on the website, but ' : '';
        throw commandFailure(PUBLISHING_ERRORS[transient ? 'social-unavailable' : 'social-post-failed'], {
          message: {
            id: `${live}unggahan ke media sosial gagal (${list}). ${transient ? 'Akan dicoba lagi.' : 'Periksa kanal media sosial, lalu ulangi langkah terbit.'}`,
            en: `${liveEn}posting to social media failed (${list}). ${transient ? 'It will be tried again.' : 'Check the social-media channel, then retry the publish step.'}`,
          },
          detail: { receipts: receipts.map(publicationReceipt) },
        });
      }
    }
    return receipts;
  }

  // ---- admin: correct, retract --------------------------------------------------

  async correct(
    req: CommandParsed<'publishing.publication.correct'>,
  ): Promise<CommandResponse<'publishing.publication.correct'>> {
    const authority = await this.authorize(req);
    let version: number | undefined;
    const view = await this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, 'publishing.publication.correct', async (manager) => {
        const page = await this.publisher.lockPage(manager, req.office, req.itemId);
        if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
        if (page.status !== 'published') throw commandFailure(PUBLISHING_ERRORS['not-published']);
        const item = await this.content.item(req.office, req.itemId);
        const approved = item.review?.approvedRevision ?? null;
        const wanted =
          req.revision ?? (approved && approved > page.content_revision ? approved : page.content_revision);
        if (wanted !== page.content_revision && wanted !== approved)
          throw commandFailure(PUBLISHING_ERRORS['revision-not-approved'], {
            message: {
              id: `Revisi ${wanted} belum disetujui dalam SOP; ralat hanya dapat menerbitkan revisi ${page.content_revision} (yang tayang)${approved ? ` atau ${approved} (disetujui terakhir)` : ''}.`,
              en: `Revision ${wanted} was not approved in an SOP run; a correction can publish revision ${page.content_revision} (live)${approved ? ` or ${approved} (approved last)` : ''}.`,
            },
            detail: { live: page.content_revision, approved },
          });
        const revision = await this.content.revision(req.office, req.itemId, wanted);
        const draft = await this.content.draft(req.office, item, revision);
        const result = await this.publisher.goLive(manager, req.office, draft, {
          requestKey: req.idempotencyKey,
          run: null,
          actor: req.actor,
          kind: 'correct',
          note: req.note.trim(),
          channels: ['website'],
          authority,
          subjectRun: await this.subjectRun(manager, req.office, req.itemId),
        });
        version = result.version;
        return this.view(manager, result.page);
      }),
    );
    if (version) {
      this.sites.observe(req.office, version);
      this.kick();
    }
    return view;
  }

  async retract(
    req: CommandParsed<'publishing.publication.retract'>,
  ): Promise<CommandResponse<'publishing.publication.retract'>> {
    const authority = await this.authorize(req);
    let version: number | undefined;
    const view = await this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, 'publishing.publication.retract', async (manager) => {
        const page = await this.publisher.lockPage(manager, req.office, req.itemId);
        if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
        if (page.status !== 'published') throw commandFailure(PUBLISHING_ERRORS['not-published']);
        const result = await this.publisher.retract(manager, page, req.reason.trim(), {
          actor: req.actor,
          requestKey: req.idempotencyKey,
          authority,
          subjectRun: await this.subjectRun(manager, req.office, req.itemId),
        });
        version = result.version;
        return this.view(manager, result.page);
      }),
    );
    if (version) {
      this.sites.observe(req.office, version);
      this.kick();
    }
    return view;
  }

  /**
   * Who may correct or retract (see authority.ts), decided before anything is locked. An
   * unknown item is a 404 first, so the answer says nothing of another office's items.
   */
  private async authorize(
    req: CommandParsed<'publishing.publication.correct' | 'publishing.publication.retract'>,
  ) {
    const page = await this.findPage(this.dataSource.manager, req.office, req.itemId);
    if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
    return this.authorities.check(req, page.type);
  }

  /** The run whose publication of the item is live now (the last run that put it on the website). */
  private async subjectRun(manager: EntityManager, office: string, itemId: string): Promise<string | null> {
    return q.liveRunOf(manager, office, itemId);
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

  // ---- views ----------------------------------------------------------------------

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
