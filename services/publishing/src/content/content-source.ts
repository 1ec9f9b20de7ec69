import { Injectable, Logger } from '@nestjs/common';
import {
  type AttachmentView,
  type ContentItemView,
  INFORMATION_CATEGORIES,
  PUBLISHING_ERRORS,
  type RevisionView,
} from '@tatalaman/contracts';
import { CommandClient, commandFailure, RemoteError } from '@tatalaman/messaging';
import { type FieldLabel, publicFields } from './field-visibility';
import { PublicMediaStore } from './public-media';
import { type BodyMedia, plainText, sanitizeForSite } from './sanitize';
import { fileSlug } from './slug';

/** A file of a published page, as the read model keeps it. */
export interface PageMedia {
  attachmentId: string;
  kind: 'image' | 'document' | 'video';
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  alt: string | null;
  caption: string | null;
  /** Public path: `/<office>/berkas/<attachment id>/<file-name>`. */
  path: string;
  /** Object in the public media bucket. */
  object: string;
  /** Shown inside the body (images) or linked from it. */
  inBody: boolean;
}

/** Everything a page needs from content, already sanitized. */
export interface PageDraft {
  itemId: string;
  type: string;
  language: 'id' | 'en';
  title: string;
  summary: string | null;
  bodyHtml: string;
  bodyText: string;
  tags: string[];
  /** Only the fields the public may see, and their declared labels. */
  fields: Record<string, unknown>;
  fieldLabels: FieldLabel[];
  informationCategory: string | null;
  media: PageMedia[];
  contentRevision: number;
  contentRevisionId: string;
  /** The author's note on the revision (a correction's default note). */
  revisionNote: string | null;
}

export function mediaPath(office: string, attachmentId: string, fileName: string): string {
  return `/${office}/berkas/${attachmentId}/${fileSlug(fileName)}`;
}

/** Calls content over NATS (the contract boundary) and copies published files. */
@Injectable()
export class ContentSource {
  private readonly logger = new Logger('ContentSource');

  constructor(
    private readonly commands: CommandClient,
    private readonly media: PublicMediaStore,
  ) {}

  async item(office: string, itemId: string): Promise<ContentItemView> {
    return this.commands.send('content.item.get', { office, itemId }, { timeoutMs: 10_000 });
  }

  /**
   * Which revision a run's publish step publishes: the latest one a review of this run
   * approved (content records the revision each decision saw), else the one the run
   * started on, else the current one.
   */
  static revisionFor(item: ContentItemView, request: { revision?: number; workflowId?: string }): number {
    const review = item.review;
    if (
      review &&
      review.approvedRevision &&
      (!request.workflowId || review.workflowId === request.workflowId)
    )
      return review.approvedRevision;
    return request.revision ?? item.currentRevision.number;
  }

  async revision(office: string, itemId: string, revision: number): Promise<RevisionView> {
    return this.commands.send('content.revision.get', { office, itemId, revision }, { timeoutMs: 10_000 });
  }

  /** The page as it would go live: sanitized body with public file URLs, files copied. */
  async draft(office: string, item: ContentItemView, revision: RevisionView): Promise<PageDraft> {
    const attachments = item.attachments.filter((a) => a.status === 'ready');
    const bodyMedia = new Map<string, BodyMedia>(
      attachments.map((a) => [
        a.attachmentId,
        { kind: a.kind, path: mediaPath(office, a.attachmentId, a.fileName), alt: a.alt },
      ]),
    );
    const body = sanitizeForSite(revision.body, bodyMedia, office);
    const referenced = new Set(body.references);
    const media: PageMedia[] = [];
    for (const a of attachments) media.push(await this.copy(office, a, referenced.has(a.attachmentId)));
    const { fields, labels } = publicFields(
      item.type,
      revision.fields ?? {},
      await this.declaredFields(office, item.type),
    );
    const category = typeof fields.informationCategory === 'string' ? fields.informationCategory : null;
    return {
      itemId: item.itemId,
      type: item.type,
      language: item.language,
      title: plainText(revision.title, 500) || plainText(item.title, 500),
      summary: plainText(revision.summary, 2000) || null,
      bodyHtml: body.html,
      bodyText: body.text,
      tags: revision.tags.map((t) => plainText(t, 64)).filter(Boolean),
      fields,
      fieldLabels: labels,
      informationCategory: (INFORMATION_CATEGORIES as readonly string[]).includes(category ?? '')
        ? category
        : null,
      media,
      contentRevision: revision.number,
      contentRevisionId: revision.revisionId,
      revisionNote: revision.note,
    };
  }

  /** The fields the office's definition declares for the type (the registry decides which definition). */
  private async declaredFields(office: string, type: string) {
    const { contentTypes } = await this.commands.send(
      'sop-registry.content-type.list',
      { office },
      { timeoutMs: 10_000 },
    );
    return contentTypes.find((t) => t.code === type)?.fields ?? [];
  }

  private async copy(office: string, a: AttachmentView, inBody: boolean): Promise<PageMedia> {
    if (!a.sha256) throw new Error(`attachment ${a.attachmentId} has no digest`);
    let object: string;
    try {
      const where = await this.commands.send(
        'content.attachment.download',
        { office, attachmentId: a.attachmentId },
        { timeoutMs: 10_000 },
      );
      object = await this.media.copy(where.store, office, a.sha256);
    } catch (error) {
      if (error instanceof RemoteError) throw error;
      this.logger.warn(
        `copying ${a.attachmentId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw commandFailure(PUBLISHING_ERRORS['media-unavailable'], {
        message: {
          id: `Berkas "${a.fileName}" belum dapat disalin dari penyimpanan media; coba lagi.`,
          en: `The file "${a.fileName}" could not be copied from the media store yet; try again.`,
        },
      });
    }
    return {
      attachmentId: a.attachmentId,
      kind: a.kind,
      fileName: plainText(a.fileName, 255) || 'berkas',
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      alt: a.alt === null ? null : plainText(a.alt, 1000),
      caption: a.caption === null ? null : plainText(a.caption, 2000),
      path: mediaPath(office, a.attachmentId, a.fileName),
      object,
      inBody,
    };
  }
}
