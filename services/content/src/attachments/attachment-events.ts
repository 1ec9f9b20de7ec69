// What an attachment's changes tell others: the content events and the audit entries the
// outbox carries with the change.
import { auditEvent } from '@tatalaman/audit';
import { type Actor, makeEvent } from '@tatalaman/contracts';
import { SERVICE } from '../items/items.service';
import type { Attachment } from './attachment.entity';

function audit(
  office: string,
  actor: Actor,
  a: Attachment,
  action: 'add' | 'update' | 'remove',
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
) {
  return auditEvent({
    office,
    actor,
    service: SERVICE,
    entity: 'attachment',
    entityId: a.id,
    action,
    before,
    after,
  });
}

/** A file became part of its item (inline upload, or a slot's bytes registered). */
export function attachmentAdded(office: string, actor: Actor, a: Attachment) {
  return [
    makeEvent('content.attachment-added', {
      office,
      actor,
      data: {
        itemId: a.itemId,
        attachmentId: a.id,
        fileName: a.fileName,
        mediaType: a.mediaType,
        kind: a.kind,
        size: Number(a.size),
        sha256: a.sha256!,
      },
    }),
    audit(office, actor, a, 'add', null, {
      itemId: a.itemId,
      fileName: a.fileName,
      mediaType: a.mediaType,
      size: Number(a.size),
      sha256: a.sha256,
      alt: a.alt,
      caption: a.caption,
    }),
  ];
}

/** Its alt text or caption changed. */
export function attachmentUpdated(
  office: string,
  actor: Actor,
  a: Attachment,
  before: { alt: string | null; caption: string | null },
) {
  return audit(office, actor, a, 'update', before, { alt: a.alt, caption: a.caption });
}

/** It was removed (`a` as it was before). */
export function attachmentRemoved(office: string, actor: Actor, a: Attachment) {
  return [
    makeEvent('content.attachment-removed', {
      office,
      actor,
      data: { itemId: a.itemId, attachmentId: a.id },
    }),
    audit(
      office,
      actor,
      a,
      'remove',
      { itemId: a.itemId, fileName: a.fileName, status: a.status },
      { itemId: a.itemId, fileName: a.fileName, status: 'removed' },
    ),
  ];
}
