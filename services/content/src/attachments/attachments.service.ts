import { createHash, randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type Actor,
  ATTACHMENT_LIMITS,
  type AttachmentView,
  type CommandParsed,
  type CommandResponse,
  makeEvent,
  CONTENT_ERRORS,
} from '@tatalaman/contracts';
import { CommandFailure, commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { qualified, scoped } from '@tatalaman/persistence';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource, type EntityManager } from 'typeorm';
import { Item } from '../items/item.entity';
import { SERVICE } from '../items/items.service';
import { attachmentView } from '../items/views';
import { Attachment } from './attachment.entity';
import { MediaStore } from './media-store';
import {
  canonicalMediaType,
  extensionOf,
  kindOf,
  type Sniffed,
  sniff,
  SNIFF_BYTES,
  ZIP_MEDIA_TYPES,
} from './sniff';
import { zipRefusal } from './zip-check';

const SYSTEM: Actor = { kind: 'system', id: 'content-attachments' };

const allowedTypes = () => Object.values(ATTACHMENT_LIMITS.mediaTypes).flat();

function tooLarge(kind: keyof typeof ATTACHMENT_LIMITS.maxBytes, size: number): CommandFailure {
  const max = ATTACHMENT_LIMITS.maxBytes[kind];
  return commandFailure(CONTENT_ERRORS['too-large'], {
    message: {
      id: `Berkas terlalu besar: ${size} byte; batas untuk ${kind} ${max} byte.`,
      en: `The file is too large: ${size} bytes; the limit for ${kind} is ${max} bytes.`,
    },
    detail: { size, max, kind },
  });
}

/**
 * Decides from the bytes what a file is and whether it may be attached: a type the
 * platform accepts, the same type the client claimed (if it claimed one) and that
 * its file name's extension says, within the limit of its kind.
 */
/** Zip-based documents are read whole before they are accepted: 422 `unsafe-archive` for a zip bomb. */
export async function checkArchive(sniffed: Sniffed, bytes: () => Promise<Buffer>): Promise<void> {
  if (!ZIP_MEDIA_TYPES.includes(sniffed.mediaType)) return;
  const reason = await zipRefusal(await bytes());
  if (reason)
    throw commandFailure(CONTENT_ERRORS['unsafe-archive'], {
      message: {
        id: 'Berkas dokumen ini tidak diterima: isinya mengembang jauh melebihi ukurannya atau strukturnya tidak wajar (zip bomb). Simpan ulang dokumen dari aplikasi perkantoran lalu unggah lagi.',
        en: 'This document is not accepted: it inflates far beyond its size or its structure is not sound (a zip bomb). Save it again from the office application and upload it again.',
      },
      detail: { reason },
    });
}

export function checkFile(head: Uint8Array, fileName: string, claimed: string, size: number): Sniffed {
  const sniffed = sniff(head);
  if (!sniffed) {
    throw commandFailure(CONTENT_ERRORS['unsupported-type'], {
      message: {
        id: 'Jenis berkas tidak didukung (dikenali dari isinya): gunakan JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV atau WebM.',
        en: 'Unsupported file type (recognised from its content): use JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV or WebM.',
      },
      detail: { allowed: allowedTypes() },
    });
  }
  const claimedType = canonicalMediaType(claimed);
  if (claimedType && claimedType !== 'application/octet-stream' && claimedType !== sniffed.mediaType) {
    throw commandFailure(CONTENT_ERRORS['type-mismatch'], {
      message: {
        id: `Isi berkas adalah ${sniffed.mediaType}, bukan ${claimedType} seperti yang disebutkan.`,
        en: `The file's content is ${sniffed.mediaType}, not ${claimedType} as claimed.`,
      },
      detail: { claimed: claimedType, detected: sniffed.mediaType },
    });
  }
  const extension = extensionOf(fileName);
  if (!sniffed.extensions.includes(extension)) {
    throw commandFailure(CONTENT_ERRORS['type-mismatch'], {
      message: {
        id: `Nama berkas berakhiran .${extension || '(kosong)'}, tetapi isinya ${sniffed.mediaType} (.${sniffed.extensions[0]}).`,
        en: `The file name ends in .${extension || '(none)'} but its content is ${sniffed.mediaType} (.${sniffed.extensions[0]}).`,
      },
      detail: { extension, detected: sniffed.mediaType, expected: sniffed.extensions },
    });
  }
  if (size > ATTACHMENT_LIMITS.maxBytes[sniffed.kind]) throw tooLarge(sniffed.kind, size);
  return sniffed;
}

function decodeBase64(data: string): Buffer {
  const clean = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw commandFailure(CONTENT_ERRORS['invalid-base64'], {
      message: {
        id: 'Data berkas bukan base64 yang valid.',
        en: 'The file data is not valid base64.',
      },
    });
  }
  return Buffer.from(clean, 'base64');
}

@Injectable()
export class AttachmentsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
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
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  private objectName(office: string, id: string): string {
    return `${office}/${id}`;
  }

  private async requireItem(manager: EntityManager, office: string, itemId: string): Promise<Item> {
    const item = await scoped(manager.getRepository(Item), office).findOneBy({ id: itemId });
    if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
    return item;
  }

  private async find(
    manager: EntityManager,
    office: string,
    attachmentId: string,
    lock = false,
  ): Promise<Attachment> {
    const a = await scoped(manager.getRepository(Attachment), office).findOne({
      where: { id: attachmentId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!a || a.status === 'removed') throw commandFailure(CONTENT_ERRORS['attachment-not-found']);
    return a;
  }

  private added(office: string, actor: Actor, a: Attachment) {
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

  async upload(
    req: CommandParsed<'content.attachment.upload'>,
  ): Promise<CommandResponse<'content.attachment.upload'>> {
    const bytes = decodeBase64(req.dataBase64);
    if (bytes.length > ATTACHMENT_LIMITS.inlineMaxBytes) {
      throw commandFailure(CONTENT_ERRORS['too-large'], {
        message: {
          id: `Berkas di atas ${ATTACHMENT_LIMITS.inlineMaxBytes} byte diunggah lewat content.attachment.begin-upload.`,
          en: `Files over ${ATTACHMENT_LIMITS.inlineMaxBytes} bytes are uploaded through content.attachment.begin-upload.`,
        },
        detail: {
          size: bytes.length,
          max: ATTACHMENT_LIMITS.inlineMaxBytes,
          use: 'content.attachment.begin-upload',
        },
      });
    }
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.upload',
      async (manager) => {
        await this.requireItem(manager, req.office, req.itemId);
        const sniffed = checkFile(bytes.subarray(0, SNIFF_BYTES), req.fileName, req.mediaType, bytes.length);
        await checkArchive(sniffed, async () => Buffer.from(bytes));
        const id = randomUUID();
        const name = this.objectName(req.office, id);
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
          await this.outbox.add(manager, this.added(req.office, req.actor, a));
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
    const claimed = canonicalMediaType(req.mediaType);
    const kind = kindOf(claimed);
    if (!kind) {
      throw commandFailure(CONTENT_ERRORS['unsupported-type'], {
        message: {
          id: `Jenis berkas ${claimed} tidak didukung.`,
          en: `File type ${claimed} is not supported.`,
        },
        detail: { allowed: allowedTypes() },
      });
    }
    if (req.size > ATTACHMENT_LIMITS.maxBytes[kind]) throw tooLarge(kind, req.size);
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.attachment.begin-upload',
      async (manager) => {
        await this.requireItem(manager, req.office, req.itemId);
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
          objectName: this.objectName(req.office, id),
          alt: req.alt?.trim() || null,
          caption: req.caption?.trim() || null,
          uploadedBy: req.actor,
          createdAt: new Date(),
          expiresAt,
        });
        return {
          attachmentId: id,
          store: this.store.location(this.objectName(req.office, id)),
          maxBytes: ATTACHMENT_LIMITS.maxBytes[kind],
          expiresAt: expiresAt.toISOString(),
        };
      },
    );
    return result;
  }

  /**
   * What register needs of a stored object without reading all of it: its leading
   * bytes for the sniffer, and size and SHA-256 from the store (read through only when
   * the store does not know the digest).
   */
  private async inspect(name: string): Promise<{ head: Uint8Array; size: number; sha256: string } | null> {
    const stat = await this.store.stat(name);
    if (!stat) return null;
    const head = await this.store.head(name, SNIFF_BYTES);
    if (!head) return null;
    if (stat.sha256) return { head, size: stat.size, sha256: stat.sha256 };
    const stream = await this.store.get(name);
    if (!stream) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stream) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { head, size, sha256: hash.digest('hex') };
  }

  /** A stored object whole (documents only: at most 25 MB). */
  private async readAll(name: string, size: number): Promise<Buffer> {
    const stream = await this.store.get(name);
    if (!stream) throw new Error(`object ${name} vanished while it was checked`);
    const chunks: Uint8Array[] = [];
    let read = 0;
    for await (const chunk of stream) {
      read += chunk.length;
      if (read > size) break;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async register(
    req: CommandParsed<'content.attachment.register'>,
  ): Promise<CommandResponse<'content.attachment.register'>> {
    const slot = await this.find(this.dataSource.manager, req.office, req.attachmentId);
    if (slot.status === 'ready') return attachmentView(slot);
    if (slot.expiresAt && new Date(slot.expiresAt).getTime() < Date.now()) {
      await this.store.delete(slot.objectName).catch(() => false);
      throw commandFailure(CONTENT_ERRORS['upload-expired'], {
        message: {
          id: 'Waktu unggah untuk lampiran ini sudah habis; mulai unggah baru.',
          en: 'The upload slot for this attachment has expired; begin a new upload.',
        },
      });
    }
    const found = await this.inspect(slot.objectName);
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
      // The slot was opened for `size` bytes: more is refused, whatever the type allows.
      if (found.size > Number(slot.size))
        throw commandFailure(CONTENT_ERRORS['too-large'], {
          message: {
            id: `Berkas ${found.size} byte melebihi ukuran yang diumumkan saat unggah dimulai (${slot.size} byte).`,
            en: `The file of ${found.size} bytes exceeds the size announced when the upload began (${slot.size} bytes).`,
          },
          detail: { size: found.size, announced: Number(slot.size) },
        });
      await checkArchive(sniffed, () => this.readAll(slot.objectName, found.size));
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
        const a = await this.find(manager, req.office, req.attachmentId, true);
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
        await this.outbox.add(manager, this.added(req.office, req.actor, a));
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
    const slot = await this.find(this.dataSource.manager, office, attachmentId);
    if (slot.status === 'ready') {
      throw commandFailure(CONTENT_ERRORS['already-uploaded'], {
        message: {
          id: 'Berkas lampiran ini sudah diunggah; isinya tidak dapat diganti. Unggah sebagai lampiran baru.',
          en: "This attachment's file has been uploaded; its bytes cannot be replaced. Upload a new attachment.",
        },
      });
    }
    if (!slot.expiresAt || new Date(slot.expiresAt).getTime() < Date.now()) {
      throw commandFailure(CONTENT_ERRORS['upload-expired'], {
        message: {
          id: 'Waktu unggah untuk lampiran ini sudah habis; mulai unggah baru.',
          en: 'The upload slot for this attachment has expired; begin a new upload.',
        },
      });
    }
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
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: SERVICE,
            entity: 'attachment',
            entityId: a.id,
            action: 'update',
            before,
            after: { alt: a.alt, caption: a.caption },
          }),
        );
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
        const using: { number: number }[] = await manager.query(
          `SELECT number FROM ${qualified(manager, 'revisions')}
          WHERE office = $1 AND id = ANY($2::uuid[]) AND body LIKE $3 ORDER BY number`,
          [req.office, revisionIds, `%attachment:${a.id}%`],
        );
        if (using.length) {
          throw commandFailure(CONTENT_ERRORS['attachment-in-use'], {
            message: {
              id: 'Lampiran ini dipakai dalam isi konten (revisi terkini atau yang terbit); hapus dulu rujukannya.',
              en: 'This attachment is used in the body (current or published revision); remove the reference first.',
            },
            detail: { revisions: using.map((u) => u.number) },
          });
        }
        const now = new Date();
        await scoped(manager.getRepository(Attachment), req.office).update(
          { id: a.id },
          { status: 'removed', removedAt: now, removedBy: req.actor },
        );
        objectName = a.objectName;
        await this.outbox.add(manager, [
          makeEvent('content.attachment-removed', {
            office: req.office,
            actor: req.actor,
            data: { itemId: a.itemId, attachmentId: a.id },
          }),
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: SERVICE,
            entity: 'attachment',
            entityId: a.id,
            action: 'remove',
            before: { itemId: a.itemId, fileName: a.fileName, status: a.status },
            after: { itemId: a.itemId, fileName: a.fileName, status: 'removed' },
          }),
        ]);
        return { attachmentId: a.id, removed: true as const };
      },
    );
    // The bytes go after the row's change committed; a failure here leaves an orphan, not a broken link.
    if (objectName) await this.store.delete(objectName).catch(() => false);
    return result;
  }

  /** Upload slots past their time: objects deleted, rows marked removed. Returns how many. */
  async sweepExpired(now = new Date()): Promise<number> {
    const rows: { id: string; office: string; object_name: string }[] = await this.dataSource.query(
      `SELECT id, office, object_name FROM ${qualified(this.dataSource, 'attachments')}
        WHERE status = 'pending' AND expires_at < $1 LIMIT 500`,
      [now],
    );
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
