import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type CommandParsed,
  type CommandResponse,
  type ContentItemView,
  PUBLISH_CHANNELS,
  PUBLISHING_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, idempotencyKeyReused as keyReused, requestHash } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ContentSource } from '../content/content-source';
import { type SocialChannelRow, type SocialPost } from '../social/adapters';
import { SocialChannels } from '../social/social.service';
import { type SiteInfo, Sites } from '../sites/sites.service';
import { WebhookDelivery } from '../webhooks/webhook-delivery';
import { ItemLocks } from './item-locks';
import { type PageRow, pagePath, type ReceiptRow } from './pages';
import { publicationReceipt } from './publication-views.service';
import * as q from './publications.queries';
import { type ScheduleRow } from './publications.queries';
import { Publisher, type RunRef } from './publisher';

interface PublishContext {
  requestKey: string;
  run: RunRef | null;
  actor: Actor | null;
  slug?: string;
}

/**
 * Publish: a run's publish step (now, or armed on the item's schedule) and a due
 * schedule, to the website and the social channels. Every change of one item runs under
 * its item lock. Corrections: PublicationCorrections; views: PublicationViews.
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
    private readonly webhooks: WebhookDelivery,
  ) {}

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
        this.webhooks.kick();
      }
      page = result.page;
      receipts.push(result.receipt);
    } else {
      page = await q.pageOfItem(this.dataSource.manager, office, item.itemId);
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
}
