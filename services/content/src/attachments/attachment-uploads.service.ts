import { createHash, randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  type Actor,
  ATTACHMENT_LIMITS,
  type CommandParsed,
  type CommandResponse,
  CONTENT_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { attachmentView } from '../items/views';
import { Attachment } from './attachment.entity';
import {
  checkAnnouncedSize,
  checkArchive,
  checkFile,
  claimedKind,
  inlineBytes,
  uploadExpired,
} from './attachment-checks';
import { attachmentAdded } from './attachment-events';
import * as q from './attachments.queries';
import { AttachmentsService } from './attachments.service';
import { MediaStore } from './media-store';
import { type Sniffed, SNIFF_BYTES } from './sniff';

const SYSTEM: Actor = { kind: 'system', id: 'content-attachments' };

const objectName = (office: string, id: string) => `${office}/${id}`;

/**
 * How a file's bytes become an attachment: inline in the command, or through an upload
 * slot the caller streams into and then registers; slots nobody filled are swept.
 */
@Injectable()
export class AttachmentUploadsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Attachments');
  // Upload slots nobody filled are cleaned up (their objects too).
  private readonly sweeper = new BackgroundLoop(
    { name: 'upload sweep', intervalMs: 10 * 60_000, logger: this.logger },
    () => this.sweepExpired(),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly store: MediaStore,
    private readonly attachments: AttachmentsService,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  async upload(
    req: CommandParsed<'content.attachment.upload'>,
  ): Promise<CommandResponse<'content.attachment.upload'>> {
    const bytes = inlineBytes(req.dataBase64);
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.upload',
      async (manager) => {
        await this.attachments.requireItem(manager, req.office, req.itemId);
        const sniffed = checkFile(bytes.subarray(0, SNIFF_BYTES), req.fileName, req.mediaType, bytes.length);
        await checkArchive(sniffed, async () => Buffer.from(bytes));
        const id = randomUUID();
        const name = objectName(req.office, id);
        const stored = await this.store.put(name, bytes);
        const a = manager.getRepository(Attachment).create({
          id,
          office: req.office,
          itemId: req.itemId,
          status: 'ready',
          fileName: req.fileName,
          claimedType: req.mediaType,
          mediaType: sniffed.mediaType,
          kind: sniffed.kind,
          size: bytes.length,
          sha256: stored.sha256 ?? createHash('sha256').update(bytes).digest('hex'),
          objectName: name,
          alt: req.alt?.trim() || null,
          caption: req.caption?.trim() || null,
          uploadedBy: req.actor,
          createdAt: new Date(),
          expiresAt: null,
          removedAt: null,
          removedBy: null,
        });
        try {
          await scoped(manager.getRepository(Attachment), req.office).insert(a);
          await this.outbox.add(manager, attachmentAdded(req.office, req.actor, a));
        } catch (e) {
          await this.store.delete(name).catch(() => false);
          throw e;
        }
        return attachmentView(a);
      },
    );
    return result;
  }

  async beginUpload(
    req: CommandParsed<'content.attachment.begin-upload'>,
  ): Promise<CommandResponse<'content.attachment.begin-upload'>> {
    const { claimed, kind } = claimedKind(req.mediaType, req.size);
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.begin-upload',
      async (manager) => {
        await this.attachments.requireItem(manager, req.office, req.itemId);
        await this.store.ready();
        const id = randomUUID();
        const expiresAt = new Date(Date.now() + ATTACHMENT_LIMITS.slotTtlMs);
        await scoped(manager.getRepository(Attachment), req.office).insert({
          id,
          itemId: req.itemId,
          status: 'pending',
          fileName: req.fileName,
          claimedType: req.mediaType,
          mediaType: claimed,
          kind,
          size: req.size,
          sha256: null,
          objectName: objectName(req.office, id),
          alt: req.alt?.trim() || null,
          caption: req.caption?.trim() || null,
          uploadedBy: req.actor,
          createdAt: new Date(),
          expiresAt,
        });
        return {
          attachmentId: id,
          store: this.store.location(objectName(req.office, id)),
          maxBytes: ATTACHMENT_LIMITS.maxBytes[kind],
          expiresAt: expiresAt.toISOString(),
        };
      },
    );
    return result;
  }

  async register(
    req: CommandParsed<'content.attachment.register'>,
  ): Promise<CommandResponse<'content.attachment.register'>> {
    const slot = await this.attachments.find(this.dataSource.manager, req.office, req.attachmentId);
    if (slot.status === 'ready') return attachmentView(slot);
    if (slot.expiresAt && new Date(slot.expiresAt).getTime() < Date.now()) {
      await this.store.delete(slot.objectName).catch(() => false);
      throw uploadExpired();
    }
    const found = await this.store.inspect(slot.objectName, SNIFF_BYTES);
    if (!found) {
      throw commandFailure(CONTENT_ERRORS['upload-missing'], {
        message: {
          id: 'Belum ada berkas yang diunggah ke tempat lampiran ini.',
          en: 'Nothing has been uploaded to this attachment slot yet.',
        },
        detail: { store: this.store.location(slot.objectName) },
      });
    }
    let sniffed: Sniffed;
    try {
      sniffed = checkFile(found.head, slot.fileName, slot.claimedType, found.size);
      checkAnnouncedSize(found.size, Number(slot.size));
      await checkArchive(sniffed, () => this.store.readAll(slot.objectName, found.size));
    } catch (e) {
      // Refused bytes do not stay in the store; the slot stays open for a corrected upload.
      await this.store.delete(slot.objectName).catch(() => false);
      throw e;
    }
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.register',
      async (manager) => {
        const a = await this.attachments.find(manager, req.office, req.attachmentId, true);
        if (a.status === 'ready') return attachmentView(a);
        Object.assign(a, {
          status: 'ready',
          mediaType: sniffed.mediaType,
          kind: sniffed.kind,
          size: found.size,
          sha256: found.sha256,
          expiresAt: null,
        });
        await scoped(manager.getRepository(Attachment), req.office).update(
          { id: a.id },
          {
            status: 'ready',
            mediaType: a.mediaType,
            kind: a.kind,
            size: a.size,
            sha256: a.sha256,
            expiresAt: null,
          },
        );
        await this.outbox.add(manager, attachmentAdded(req.office, req.actor, a));
        return attachmentView(a);
      },
    );
    return result;
  }

  /** The object a pending upload's bytes go to, for the caller that streams them (the gateway). */
  async uploadSlot(
    office: string,
    attachmentId: string,
  ): Promise<CommandResponse<'content.attachment.upload-slot'>> {
    const slot = await this.attachments.find(this.dataSource.manager, office, attachmentId);
    if (slot.status === 'ready') {
      throw commandFailure(CONTENT_ERRORS['already-uploaded'], {
        message: {
          id: 'Berkas lampiran ini sudah diunggah; isinya tidak dapat diganti. Unggah sebagai lampiran baru.',
          en: "This attachment's file has been uploaded; its bytes cannot be replaced. Upload a new attachment.",
        },
      });
    }
    if (!slot.expiresAt || new Date(slot.expiresAt).getTime() < Date.now()) throw uploadExpired();
    return {
      attachmentId: slot.id,
      itemId: slot.itemId,
      fileName: slot.fileName,
      mediaType: slot.claimedType,
      size: Number(slot.size),
      store: this.store.location(slot.objectName),
      maxBytes: ATTACHMENT_LIMITS.maxBytes[slot.kind],
      expiresAt: new Date(slot.expiresAt).toISOString(),
    };
  }

  /** Upload slots past their time: objects deleted, rows marked removed. Returns how many. */
  async sweepExpired(now = new Date()): Promise<number> {
    const rows = await q.expiredSlots(this.dataSource, now);
    for (const r of rows) {
      await this.store.delete(r.object_name).catch(() => false);
      await scoped(this.dataSource.getRepository(Attachment), r.office).update(
        { id: r.id, status: 'pending' },
        { status: 'removed', removedAt: now, removedBy: SYSTEM },
      );
    }
    return rows.length;
  }
}
