import { Injectable } from '@nestjs/common';
import {
  ATTACHMENT_LIMITS,
  type AttachmentView,
  type CommandParsed,
  type CommandResponse,
  CONTENT_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { Item } from '../items/item.entity';
import { attachmentView } from '../items/views';
import { Attachment } from './attachment.entity';
import { attachmentRemoved, attachmentUpdated } from './attachment-events';
import * as q from './attachments.queries';
import { MediaStore } from './media-store';

/** An item's attached files once uploaded: read, download, describe, remove. Uploads: AttachmentUploadsService. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly store: MediaStore,
  ) {}

  async requireItem(manager: EntityManager, office: string, itemId: string): Promise<Item> {
    const item = await q.findItem(manager, office, itemId);
    if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
    return item;
  }

  /** The attachment (ready or still a slot), locked for the transaction when `lock`. */
  async find(
    manager: EntityManager,
    office: string,
    attachmentId: string,
    lock = false,
  ): Promise<Attachment> {
    const a = await q.findAttachment(manager, office, attachmentId, lock);
    if (!a || a.status === 'removed') throw commandFailure(CONTENT_ERRORS['attachment-not-found']);
    return a;
  }

  async get(office: string, attachmentId: string): Promise<AttachmentView> {
    return attachmentView(await this.find(this.dataSource.manager, office, attachmentId));
  }

  async list(office: string, itemId: string): Promise<AttachmentView[]> {
    await this.requireItem(this.dataSource.manager, office, itemId);
    const rows = await scoped(this.dataSource.getRepository(Attachment), office).find({
      where: { itemId, status: 'ready' },
      order: { createdAt: 'ASC' },
    });
    return rows.map(attachmentView);
  }

  async download(
    req: CommandParsed<'content.attachment.download'>,
  ): Promise<CommandResponse<'content.attachment.download'>> {
    const a = await this.find(this.dataSource.manager, req.office, req.attachmentId);
    if (a.status !== 'ready') throw commandFailure(CONTENT_ERRORS['attachment-not-found']);
    const out: CommandResponse<'content.attachment.download'> = {
      attachment: attachmentView(a),
      store: this.store.location(a.objectName),
    };
    if (req.inline && Number(a.size) <= ATTACHMENT_LIMITS.inlineMaxBytes) {
      const bytes = await this.store.getBytes(a.objectName);
      if (!bytes) {
        throw commandFailure(CONTENT_ERRORS['bytes-missing'], {
          message: {
            id: 'Isi lampiran tidak ditemukan di penyimpanan.',
            en: "The attachment's bytes are missing from the store.",
          },
        });
      }
      out.dataBase64 = Buffer.from(bytes).toString('base64');
    }
    return out;
  }

  async update(
    req: CommandParsed<'content.attachment.update'>,
  ): Promise<CommandResponse<'content.attachment.update'>> {
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.update',
      async (manager) => {
        const a = await this.find(manager, req.office, req.attachmentId, true);
        const before = { alt: a.alt, caption: a.caption };
        if (req.alt !== undefined) a.alt = req.alt?.trim() || null;
        if (req.caption !== undefined) a.caption = req.caption?.trim() || null;
        await scoped(manager.getRepository(Attachment), req.office).update(
          { id: a.id },
          { alt: a.alt, caption: a.caption },
        );
        await this.outbox.add(manager, attachmentUpdated(req.office, req.actor, a, before));
        return attachmentView(a);
      },
    );
    return result;
  }

  async remove(
    req: CommandParsed<'content.attachment.delete'>,
  ): Promise<CommandResponse<'content.attachment.delete'>> {
    let objectName: string | undefined;
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.delete',
      async (manager) => {
        const a = await this.find(manager, req.office, req.attachmentId, true);
        const item = await this.requireItem(manager, req.office, a.itemId);
        // The current text and the published one must keep their files.
        const revisionIds = [item.currentRevisionId, item.published?.revisionId].filter(Boolean);
        const using = await q.revisionsUsing(manager, req.office, revisionIds, a.id);
        if (using.length) {
          throw commandFailure(CONTENT_ERRORS['attachment-in-use'], {
            message: {
              id: 'Lampiran ini dipakai dalam isi konten (revisi terkini atau yang terbit); hapus dulu rujukannya.',
              en: 'This attachment is used in the body (current or published revision); remove the reference first.',
            },
            detail: { revisions: using },
          });
        }
        const now = new Date();
        await scoped(manager.getRepository(Attachment), req.office).update(
          { id: a.id },
          { status: 'removed', removedAt: now, removedBy: req.actor },
        );
        objectName = a.objectName;
        await this.outbox.add(manager, attachmentRemoved(req.office, req.actor, a));
        return { attachmentId: a.id, removed: true as const };
      },
    );
    // The bytes go after the row's change committed; a failure here leaves an orphan, not a broken link.
    if (objectName) await this.store.delete(objectName).catch(() => false);
    return result;
  }
}
