import type {
  AttachmentView,
  ContentItemSummary,
  ContentItemView,
  RevisionSummary,
  RevisionView,
} from '@tatalaman/contracts';
import type { Attachment } from '../attachments/attachment.entity';
import type { Revision } from '../revisions/revision.entity';
import type { Item } from './item.entity';

const iso = (d: Date | string) => new Date(d).toISOString();

export function attachmentView(a: Attachment): AttachmentView {
  return {
    attachmentId: a.id,
    itemId: a.itemId,
    status: a.status === 'ready' ? 'ready' : 'pending',
    fileName: a.fileName,
    mediaType: a.mediaType,
    kind: a.kind,
    size: Number(a.size),
    sha256: a.sha256,
    alt: a.alt,
    caption: a.caption,
    uploadedBy: a.uploadedBy,
    createdAt: iso(a.createdAt),
    reference: `attachment:${a.id}`,
  };
}

export function revisionSummary(r: Revision): RevisionSummary {
  return {
    revisionId: r.id,
    itemId: r.itemId,
    number: r.number,
    title: r.title,
    author: r.author,
    createdAt: iso(r.createdAt),
    note: r.note,
    basedOn: r.basedOn,
  };
}

export function revisionView(r: Revision): RevisionView {
  return { ...revisionSummary(r), summary: r.summary, body: r.body, tags: r.tags, fields: r.fields };
}

export function itemSummary(i: Item): ContentItemSummary {
  return {
    office: i.office,
    itemId: i.id,
    type: i.type,
    language: i.language,
    title: i.title,
    status: i.status,
    tags: i.tags,
    author: i.author,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    currentRevision: { revisionId: i.currentRevisionId, number: i.currentRevisionNumber },
    workflowId: i.workflowId,
  };
}

export function itemView(i: Item, current: Revision, attachments: Attachment[]): ContentItemView {
  return {
    ...itemSummary(i),
    summary: current.summary,
    body: current.body,
    fields: current.fields,
    review: i.review,
    lastOutcome: i.lastOutcome,
    published: i.published,
    attachments: attachments.filter((a) => a.status === 'ready').map(attachmentView),
  };
}

/**
 * What the audit trail and the revision diff compare: every field of a revision,
 * type fields one by one (`fields.validFrom`), so a change names the field it touched.
 */
export function flatRevision(
  r: Pick<Revision, 'title' | 'summary' | 'body' | 'tags' | 'fields' | 'language'>,
) {
  const out: Record<string, unknown> = {
    title: r.title,
    summary: r.summary,
    body: r.body,
    tags: r.tags,
    language: r.language,
  };
  for (const [k, v] of Object.entries(r.fields ?? {})) out[`fields.${k}`] = v;
  return out;
}
