import { Injectable } from '@nestjs/common';
import {
  type CommandParsed,
  type CommandResponse,
  type PublicationAuthorityView,
  type PublicationView,
  PUBLISHING_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ContentSource } from '../content/content-source';
import { Sites } from '../sites/sites.service';
import { WebhookDelivery } from '../webhooks/webhook-delivery';
import { PublicationAuthorities } from './authority';
import { ItemLocks } from './item-locks';
import { type PageRow } from './pages';
import { PublicationViews } from './publication-views.service';
import * as q from './publications.queries';
import { Publisher } from './publisher';

type CorrectionCommand = 'publishing.publication.correct' | 'publishing.publication.retract';
type CorrectionRequest = CommandParsed<CorrectionCommand>;

/**
 * An admin's correction or retraction of a live publication, by those its authority
 * allows (see authority.ts); under the item lock, once per idempotency key.
 */
@Injectable()
export class PublicationCorrections {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sites: Sites,
    private readonly content: ContentSource,
    private readonly publisher: Publisher,
    private readonly locks: ItemLocks,
    private readonly idempotency: IdempotencyStore,
    private readonly webhooks: WebhookDelivery,
    private readonly authorities: PublicationAuthorities,
    private readonly publications: PublicationViews,
  ) {}

  async correct(
    req: CommandParsed<'publishing.publication.correct'>,
  ): Promise<CommandResponse<'publishing.publication.correct'>> {
    return this.changeLive(req, 'publishing.publication.correct', async (manager, page, authority) => {
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
      return this.publisher.goLive(manager, req.office, draft, {
        requestKey: req.idempotencyKey,
        run: null,
        actor: req.actor,
        kind: 'correct',
        note: req.note.trim(),
        channels: ['website'],
        authority,
        subjectRun: await q.liveRunOf(manager, req.office, req.itemId),
      });
    });
  }

  async retract(
    req: CommandParsed<'publishing.publication.retract'>,
  ): Promise<CommandResponse<'publishing.publication.retract'>> {
    return this.changeLive(req, 'publishing.publication.retract', async (manager, page, authority) =>
      this.publisher.retract(manager, page, req.reason.trim(), {
        actor: req.actor,
        requestKey: req.idempotencyKey,
        authority,
        subjectRun: await q.liveRunOf(manager, req.office, req.itemId),
      }),
    );
  }

  /**
   * Authorizes, then changes the item's live page under its item lock, once per
   * idempotency key; after the commit the site's new version is observed and the queued
   * webhooks are sent.
   */
  private async changeLive(
    req: CorrectionRequest,
    command: CorrectionCommand,
    change: (
      manager: EntityManager,
      page: PageRow,
      authority: PublicationAuthorityView,
    ) => Promise<{ page: PageRow; version?: number }>,
  ): Promise<PublicationView> {
    const authority = await this.authorize(req);
    let version: number | undefined;
    const view = await this.locks.with(req.office, req.itemId, () =>
      this.idempotency.once(req.office, req, command, async (manager) => {
        const page = await this.publisher.lockPage(manager, req.office, req.itemId);
        if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
        if (page.status !== 'published') throw commandFailure(PUBLISHING_ERRORS['not-published']);
        const result = await change(manager, page, authority);
        version = result.version;
        return this.publications.view(manager, result.page);
      }),
    );
    if (version) {
      this.sites.observe(req.office, version);
      this.webhooks.kick();
    }
    return view;
  }

  /**
   * Who may correct or retract (see authority.ts), decided before anything is locked. An
   * unknown item is a 404 first, so the answer says nothing of another office's items.
   */
  private async authorize(req: CorrectionRequest): Promise<PublicationAuthorityView> {
    const page = await this.publications.findPage(this.dataSource.manager, req.office, req.itemId);
    if (!page) throw commandFailure(PUBLISHING_ERRORS['publication-not-found']);
    return this.authorities.check(req, page.type);
  }
}
