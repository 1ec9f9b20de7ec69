import type {
  Actor,
  PublicationAuthorityView,
  PublicationMediaView,
  ReceiptView,
} from '@tatalaman/contracts';
import type { PageMedia } from '../content/content-source';
import type { FieldLabel } from '../content/field-visibility';

/** A row of `pages`, the public read model. */
export interface PageRow {
  id: string;
  office: string;
  item_id: string;
  type: string;
  slug: string;
  status: 'published' | 'retracted';
  language: string;
  title: string;
  summary: string | null;
  body_html: string;
  body_text: string;
  tags: string[];
  /** Only the fields the public may see (content/field-visibility.ts). */
  fields: Record<string, unknown>;
  field_labels: FieldLabel[];
  media: PageMedia[];
  information_category: string | null;
  content_revision: number;
  content_revision_id: string;
  publication_revision: number;
  first_published_at: Date;
  published_at: Date;
  corrected_at: Date | null;
  corrections: { at: string; note: string; revision: number }[];
  retracted_at: Date | null;
  retraction_reason: string | null;
  updated_at: Date;
}

export const PAGE_COLUMNS = `id, office, item_id, type, slug, status, language, title, summary, body_html, body_text,
  tags, fields, field_labels, media, information_category, content_revision, content_revision_id, publication_revision,
  first_published_at, published_at, corrected_at, corrections, retracted_at, retraction_reason, updated_at`;

export interface ReceiptRow {
  id: string;
  office: string;
  page_id: string | null;
  item_id: string;
  kind: ReceiptView['kind'];
  channel: string;
  target: string | null;
  url: string;
  status: ReceiptView['status'];
  error: string | null;
  revision: number | null;
  published_at: Date;
  request_key: string | null;
  run: ReceiptView['run'];
  actor: Actor | null;
  authority: PublicationAuthorityView | null;
  note: string | null;
  /** Corrections and retractions: the workflow id of the run whose publication they acted on. */
  subject_run: string | null;
  created_at: Date;
}

export function pagePath(page: { office: string; type: string; slug: string }): string {
  return `/${page.office}/${page.type}/${page.slug}`;
}

export function receiptView(r: ReceiptRow): ReceiptView {
  return {
    receiptId: r.id,
    itemId: r.item_id,
    kind: r.kind,
    channel: r.channel,
    target: r.target,
    url: r.url,
    status: r.status,
    error: r.error,
    revision: r.revision,
    publishedAt: new Date(r.published_at).toISOString(),
    run: r.run,
    actor: r.actor,
    authority: r.authority ?? null,
    note: r.note ?? null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export function mediaView(base: string, m: PageMedia): PublicationMediaView {
  return {
    attachmentId: m.attachmentId,
    kind: m.kind,
    fileName: m.fileName,
    mediaType: m.mediaType,
    size: m.size,
    sha256: m.sha256,
    alt: m.alt,
    caption: m.caption,
    url: base + m.path,
  };
}
