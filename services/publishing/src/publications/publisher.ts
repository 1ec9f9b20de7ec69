import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type Actor,
  type AnyEvent,
  makeEvent,
  type PublicationAuthorityView,
  type TypedEvent,
} from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { type EntityManager } from 'typeorm';
import { rows } from '@tatalaman/persistence';
import { type PageDraft } from '../content/content-source';
import { slugify } from '../content/slug';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { T } from '../persistence';
import { Sites } from '../sites/sites.service';
import { PAGE_COLUMNS, type PageRow, pagePath, type ReceiptRow } from './pages';

export type RunRef = { workflowId: string; stepId: string; definitionKey: string };

export interface GoLiveContext {
  requestKey: string | null;
  run: RunRef | null;
  /** The person or API key (admin commands); runs and schedules act as the system. */
  actor: Actor | null;
  /** Receipt kind: a run's step or a schedule publishes; an admin corrects. */
  kind: 'publish' | 'correct';
  /** A correction's public note; without one a changed revision gets a default note. */
  note?: string;
  channels: string[];
  /** Preferred slug (reserved when a schedule was armed). */
  slug?: string;
  /** A correction: on whose authority, and the run whose publication it corrects. */
  authority?: PublicationAuthorityView;
  subjectRun?: string | null;
}

export interface GoLiveResult {
  page: PageRow;
  receipt: ReceiptRow;
  outcome: 'published' | 'corrected' | 'republished' | 'unchanged';
  /** Site version after the change (observe it after commit). */
  version?: number;
}

const SERVICE = 'publishing';

/**
 * The writes behind every change of the public site, each in the caller's transaction:
 * the page (read model), its revision history (evidence), the receipt, the domain events
 * and webhook deliveries (outbox, same commit), and the site's version bump.
 */
@Injectable()
export class Publisher {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly sites: Sites,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  url(path: string): string {
    return this.options.publicBaseUrl + path;
  }

  async lockPage(manager: EntityManager, office: string, itemId: string): Promise<PageRow | undefined> {
    const rows: PageRow[] = await manager.query(
      `SELECT ${PAGE_COLUMNS} FROM ${T.pages} WHERE office = $1 AND item_id = $2 FOR UPDATE`,
      [office, itemId],
    );
    return rows[0];
  }

  /** A free slug for a new page of this type (the preferred one when still free). */
  async freeSlug(manager: EntityManager, office: string, type: string, title: string, preferred?: string) {
    const base = preferred ?? (slugify(title) || 'konten');
    const taken = new Set(
      (
        (await manager.query(
          `SELECT slug FROM ${T.pages} WHERE office = $1 AND type = $2 AND (slug = $3 OR slug LIKE $4)`,
          [office, type, base, `${base.replace(/[\\%_]/g, '\\$&')}-%`],
        )) as { slug: string }[]
      ).map((r) => r.slug),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /**
   * Puts a revision on the website. A new item is published; a retracted one is published
   * again; a live one with another revision (or a note) is corrected; the same revision
   * without a note changes nothing and answers the receipt of when it went live.
   */
  async goLive(
    manager: EntityManager,
    office: string,
    draft: PageDraft,
    ctx: GoLiveContext,
  ): Promise<GoLiveResult> {
    const now = new Date();
    const existing = await this.lockPage(manager, office, draft.itemId);
    if (
      existing &&
      existing.status === 'published' &&
      existing.content_revision === draft.contentRevision &&
      !ctx.note
    ) {
      const [receipt] = (await manager.query(
        `SELECT * FROM ${T.receipts} WHERE office = $1 AND page_id = $2 AND channel = 'website'
           AND status = 'published' AND revision = $3 ORDER BY created_at DESC LIMIT 1`,
        [office, existing.id, existing.content_revision],
      )) as ReceiptRow[];
      if (receipt) return { page: existing, receipt, outcome: 'unchanged' };
    }

    let page: PageRow;
    let outcome: GoLiveResult['outcome'];
    let note: string | null = null;
    if (!existing) {
      const slug = await this.freeSlug(manager, office, draft.type, draft.title, ctx.slug);
      const inserted: PageRow[] = await manager.query(
        `INSERT INTO ${T.pages} (id, office, item_id, type, slug, status, language, title, summary, body_html,
           body_text, tags, fields, media, information_category, content_revision, content_revision_id,
           publication_revision, first_published_at, published_at, updated_at, field_labels)
         VALUES ($1, $2, $3, $4, $5, 'published', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $17, $17, $18)
         RETURNING ${PAGE_COLUMNS}`,
        [
          randomUUID(),
          office,
          draft.itemId,
          draft.type,
          slug,
          draft.language,
          draft.title,
          draft.summary,
          draft.bodyHtml,
          draft.bodyText,
          draft.tags,
          JSON.stringify(draft.fields),
          JSON.stringify(draft.media),
          draft.informationCategory,
          draft.contentRevision,
          draft.contentRevisionId,
          now,
          JSON.stringify(draft.fieldLabels),
        ],
      );
      page = inserted[0]!;
      outcome = 'published';
    } else {
      const republish = existing.status === 'retracted';
      outcome = republish ? 'republished' : 'corrected';
      const corrections = [...existing.corrections];
      if (!republish) {
        note =
          ctx.note ??
          draft.revisionNote ??
          `Konten diperbarui ke revisi ${draft.contentRevision}. / Updated to revision ${draft.contentRevision}.`;
        corrections.push({ at: now.toISOString(), note, revision: draft.contentRevision });
      }
      const updated = await rows<PageRow>(
        manager,
        `UPDATE ${T.pages} SET status = 'published', language = $3, title = $4, summary = $5, body_html = $6,
           body_text = $7, tags = $8, fields = $9, media = $10, information_category = $11,
           content_revision = $12, content_revision_id = $13, publication_revision = publication_revision + 1,
           published_at = CASE WHEN $14 THEN $15 ELSE published_at END,
           corrected_at = CASE WHEN $14 THEN corrected_at ELSE $15 END,
           corrections = $16, retracted_at = NULL, retraction_reason = NULL, updated_at = $15, field_labels = $17
         WHERE office = $1 AND id = $2 RETURNING ${PAGE_COLUMNS}`,
        [
          office,
          existing.id,
          draft.language,
          draft.title,
          draft.summary,
          draft.bodyHtml,
          draft.bodyText,
          draft.tags,
          JSON.stringify(draft.fields),
          JSON.stringify(draft.media),
          draft.informationCategory,
          draft.contentRevision,
          draft.contentRevisionId,
          republish,
          now,
          JSON.stringify(corrections),
          JSON.stringify(draft.fieldLabels),
        ],
      );
      page = updated[0]!;
    }

    await this.recordRevision(manager, page, outcome, note, ctx);
    const url = this.url(pagePath(page));
    const receipt = await this.receipt(manager, {
      office,
      pageId: page.id,
      itemId: page.item_id,
      kind: ctx.kind,
      channel: 'website',
      url,
      status: 'published',
      revision: page.content_revision,
      publishedAt: now,
      requestKey: ctx.requestKey,
      run: ctx.run,
      actor: ctx.actor,
      authority: ctx.authority ?? null,
      note: ctx.kind === 'correct' ? (note ?? null) : null,
      subjectRun: ctx.subjectRun ?? null,
    });

    const common = {
      office,
      actor: ctx.actor ?? undefined,
      correlationId: ctx.run?.workflowId,
    };
    const event =
      outcome === 'corrected'
        ? makeEvent('publishing.publication-corrected', {
            ...common,
            data: {
              publicationId: page.id,
              itemId: page.item_id,
              revisionId: page.content_revision_id,
              note: note!,
              path: pagePath(page),
              url,
              revisionNumber: page.content_revision,
              ...(ctx.run ? { workflowId: ctx.run.workflowId } : {}),
            },
          })
        : makeEvent('publishing.publication-published', {
            ...common,
            data: {
              publicationId: page.id,
              itemId: page.item_id,
              revisionId: page.content_revision_id,
              path: pagePath(page),
              url,
              revisionNumber: page.content_revision,
              contentType: page.type,
              title: page.title,
              channels: ctx.channels,
              ...(ctx.run ? { workflowId: ctx.run.workflowId } : {}),
            },
          });
    const events: AnyEvent[] = [event];
    if (ctx.actor && ctx.actor.kind !== 'system')
      events.push(
        auditEvent({
          office,
          actor: ctx.actor,
          service: SERVICE,
          entity: 'publication',
          entityId: page.id,
          action: outcome === 'corrected' ? 'correct' : 'publish',
          before: existing ? auditable(existing) : null,
          after: { ...auditable(page), ...(ctx.authority ? { authority: ctx.authority } : {}) },
        }),
      );
    await this.outbox.add(manager, events);
    await this.enqueueWebhooks(manager, event, page, url, { note });
    const version = await this.sites.bump(manager, office);
    return { page, receipt, outcome, version };
  }

  /** Takes a page off the site: lists, feeds, search and sitemap drop it; its URL says why. */
  async retract(
    manager: EntityManager,
    page: PageRow,
    reason: string,
    ctx: {
      actor: Actor | null;
      requestKey: string | null;
      authority: PublicationAuthorityView;
      subjectRun: string | null;
    },
  ): Promise<{ page: PageRow; receipt: ReceiptRow; version: number }> {
    const now = new Date();
    const updated = await rows<PageRow>(
      manager,
      `UPDATE ${T.pages} SET status = 'retracted', retracted_at = $3, retraction_reason = $4,
         publication_revision = publication_revision + 1, updated_at = $3
       WHERE office = $1 AND id = $2 RETURNING ${PAGE_COLUMNS}`,
      [page.office, page.id, now, reason],
    );
    const after = updated[0]!;
    await this.recordRevision(manager, after, 'retracted', reason, { actor: ctx.actor, run: null });
    const url = this.url(pagePath(after));
    const receipt = await this.receipt(manager, {
      office: page.office,
      pageId: page.id,
      itemId: page.item_id,
      kind: 'retract',
      channel: 'website',
      url,
      status: 'retracted',
      revision: after.content_revision,
      publishedAt: now,
      requestKey: ctx.requestKey,
      run: null,
      actor: ctx.actor,
      authority: ctx.authority,
      note: reason,
      subjectRun: ctx.subjectRun,
    });
    const event = makeEvent('publishing.publication-retracted', {
      office: page.office,
      actor: ctx.actor ?? undefined,
      data: { publicationId: page.id, itemId: page.item_id, reason, path: pagePath(after), url },
    });
    const events: AnyEvent[] = [event];
    if (ctx.actor && ctx.actor.kind !== 'system')
      events.push(
        auditEvent({
          office: page.office,
          actor: ctx.actor,
          service: SERVICE,
          entity: 'publication',
          entityId: page.id,
          action: 'retract',
          before: auditable(page),
          after: { ...auditable(after), authority: ctx.authority },
        }),
      );
    await this.outbox.add(manager, events);
    await this.enqueueWebhooks(manager, event, after, url, { reason });
    // A retracted item is not published later by a schedule set before.
    await manager.query(
      `UPDATE ${T.schedules} SET state = 'cancelled', last_error = 'retracted', updated_at = now()
       WHERE office = $1 AND item_id = $2 AND state IN ('waiting-for-run', 'armed')`,
      [page.office, page.item_id],
    );
    const version = await this.sites.bump(manager, page.office);
    return { page: after, receipt, version };
  }

  async receipt(
    manager: EntityManager,
    r: {
      office: string;
      pageId: string | null;
      itemId: string;
      kind: ReceiptRow['kind'];
      channel: string;
      target?: string | null;
      url: string;
      status: ReceiptRow['status'];
      error?: string | null;
      revision: number | null;
      publishedAt: Date;
      requestKey: string | null;
      run: RunRef | null;
      actor: Actor | null;
      authority?: PublicationAuthorityView | null;
      note?: string | null;
      subjectRun?: string | null;
    },
  ): Promise<ReceiptRow> {
    const rows: ReceiptRow[] = await manager.query(
      `INSERT INTO ${T.receipts} (id, office, page_id, item_id, kind, channel, target, url, status, error, revision,
         published_at, request_key, run, actor, authority, note, subject_run)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *`,
      [
        randomUUID(),
        r.office,
        r.pageId,
        r.itemId,
        r.kind,
        r.channel,
        r.target ?? null,
        r.url,
        r.status,
        r.error ?? null,
        r.revision,
        r.publishedAt,
        r.requestKey,
        r.run ? JSON.stringify(r.run) : null,
        r.actor ? JSON.stringify(r.actor) : null,
        r.authority ? JSON.stringify(r.authority) : null,
        r.note ?? null,
        r.subjectRun ?? null,
      ],
    );
    return rows[0]!;
  }

  private async recordRevision(
    manager: EntityManager,
    page: PageRow,
    kind: 'published' | 'corrected' | 'republished' | 'retracted',
    note: string | null,
    ctx: { actor: Actor | null; run: RunRef | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${T.pageRevisions} (id, office, page_id, number, kind, content_revision, content_revision_id,
         title, summary, body_html, fields, media, note, actor, run)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        randomUUID(),
        page.office,
        page.id,
        page.publication_revision,
        kind,
        page.content_revision,
        page.content_revision_id,
        page.title,
        page.summary,
        page.body_html,
        JSON.stringify(page.fields),
        JSON.stringify(page.media),
        note,
        ctx.actor ? JSON.stringify(ctx.actor) : null,
        ctx.run ? JSON.stringify(ctx.run) : null,
      ],
    );
  }

  /** One pending delivery per active webhook of the office that subscribes to the event's type. */
  private async enqueueWebhooks(
    manager: EntityManager,
    event: TypedEvent<
      | 'publishing.publication-published'
      | 'publishing.publication-corrected'
      | 'publishing.publication-retracted'
    >,
    page: PageRow,
    url: string,
    extra: { note?: string | null; reason?: string },
  ): Promise<void> {
    const payload = {
      id: event.id,
      type: event.type,
      office: event.office,
      occurredAt: event.occurredAt,
      data: {
        publicationId: page.id,
        itemId: page.item_id,
        type: page.type,
        title: page.title,
        summary: page.summary,
        url,
        path: pagePath(page),
        revision: page.content_revision,
        status: page.status,
        firstPublishedAt: new Date(page.first_published_at).toISOString(),
        publishedAt: new Date(page.published_at).toISOString(),
        ...(extra.note ? { correctionNote: extra.note } : {}),
        ...(extra.reason ? { retractionReason: extra.reason } : {}),
      },
    };
    await manager.query(
      `INSERT INTO ${T.deliveries} (id, office, webhook_id, event_id, event_type, item_id, payload, status, next_attempt_at)
       SELECT gen_random_uuid(), office, id, $2, $3, $4, $5, 'pending', now()
       FROM ${T.webhooks} WHERE office = $1 AND active AND $3 = ANY(events)
       ON CONFLICT (webhook_id, event_id) DO NOTHING`,
      [page.office, event.id, event.type, page.item_id, JSON.stringify(payload)],
    );
  }
}

/** The fields of a page an audit trail shows (not the whole body). */
function auditable(p: PageRow): Record<string, unknown> {
  return {
    status: p.status,
    title: p.title,
    slug: p.slug,
    revision: p.content_revision,
    publicationRevision: p.publication_revision,
    retractionReason: p.retraction_reason,
    corrections: p.corrections.length,
  };
}
