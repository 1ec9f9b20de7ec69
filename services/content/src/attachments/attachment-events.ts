// What an attachment's changes tell others: the content events and the audit entries the
// outbox carries with the change.
import { auditEvent } from '@tatalaman/audit';
import { type Actor, makeEvent } from '@tatalaman/contracts';
import { SERVICE } from '../items/items.service';
import type { Attachment } from './attachment.entity';

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
    auditEvent({
      office,
      actor,
      service: SERVICE,
      entity: 'attachment',
      entityId: a.id,
      action: 'add',
      before: null,
      after: {
        itemId: a.itemId,
        fileName: a.fileName,
        mediaType: a.mediaType,
        size: Number(a.size),
        sha256: a.sha256,
        alt: a.alt,
        caption: a.caption,
      },
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
  return auditEvent({
    office,
    actor,
    service: SERVICE,
    entity: 'attachment',
    entityId: a.id,
    action: 'update',
    before,
    after: { alt: a.alt, caption: a.caption },
  });
}

/** It was removed (`a` as it was before). */
export function attachmentRemoved(office: string, actor: Actor, a: Attachment) {
  return [
    makeEvent('content.attachment-removed', {
      office,
      actor,
      data: { itemId: a.itemId, attachmentId: a.id },
    }),
    auditEvent({
      office,
      actor,
      service: SERVICE,
      entity: 'attachment',
      entityId: a.id,
      action: 'remove',
      before: { itemId: a.itemId, fileName: a.fileName, status: a.status },
      after: { itemId: a.itemId, fileName: a.fileName, status: 'removed' },
    }),
  ];
}
