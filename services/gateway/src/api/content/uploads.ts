import { Injectable } from '@nestjs/common';
import { ATTACHMENT_LIMITS, type AttachmentView, type ObjectLocation } from '@tatalaman/contracts';
import type { Request } from 'express';
import { ObjectStoreStreams } from '../../http/object-store';
import { mediaTypeOf } from '../../http/params';
import { Problem } from '../../http/problems';
import { ServiceCommands } from '../../http/service-commands';
import { UnitOfWork } from '../../http/unit-of-work';
import { ATTACHMENT_MEDIA_TYPES } from './content.schemas';

/** The largest file any attachment kind takes (video, 200 MB): the upload routes' own body limit. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(ATTACHMENT_LIMITS.maxBytes));

/** Names of an upload for `content.attachment.begin-upload`. */
export interface UploadFile {
  itemId: string;
  fileName: string;
  alt?: string;
  caption?: string;
}

/**
 * Attachment bytes sent as the raw HTTP body (docs/content.md, "Upload flows"):
 *
 * - small files (≤ 512 KiB) are read whole and sent in `content.attachment.upload`;
 * - larger ones go into the object store object the content service names for an upload
 *   slot (`begin-upload`, `upload-slot`), streamed as they arrive without ever being held
 *   whole (ObjectStoreStreams.put), then `content.attachment.register` checks them from
 *   the stored bytes.
 *
 * Only one request writes into a slot at a time (a Postgres advisory lock held by the
 * request's transaction), and the slot is read after the lock: a slot registered
 * meanwhile is 409 `already-uploaded`, so checked bytes are never replaced.
 */
@Injectable()
export class AttachmentUploads {
  constructor(
    private readonly commands: ServiceCommands,
    private readonly uow: UnitOfWork,
    private readonly objects: ObjectStoreStreams,
  ) {}

  /** `PUT …/attachments/{id}/content`: the bytes of a slot opened with begin-upload. */
  async fillSlot(attachmentId: string, req: Request): Promise<AttachmentView> {
    await this.lock(attachmentId);
    const slot = await this.commands.send('content.attachment.upload-slot', { attachmentId });
    const length = declaredLength(req, slot.maxBytes);
    // The slot was opened for `size` bytes: a longer body is refused before it is read.
    if (length > slot.size)
      throw new Problem('too-large', {
        detail: {
          id: `Berkas ${length} byte melebihi ukuran yang diumumkan saat unggah dimulai (${slot.size} byte).`,
          en: `The file of ${length} bytes exceeds the size announced when the upload began (${slot.size} bytes).`,
        },
        extensions: { size: length, announced: slot.size },
      });
    const mediaType = acceptedMediaType(req);
    if (mediaType !== 'application/octet-stream' && mediaType !== slot.mediaType.toLowerCase()) {
      throw new Problem('type-mismatch', {
        detail: {
          id: `Content-Type ${mediaType} berbeda dari jenis yang diumumkan (${slot.mediaType}).`,
          en: `The Content-Type ${mediaType} differs from the announced type (${slot.mediaType}).`,
        },
      });
    }
    await this.stream(slot.store, req, length, Math.min(slot.size, slot.maxBytes));
    return this.commands.send('content.attachment.register', { attachmentId });
  }

  /** `POST …/items/{itemId}/attachments/file`: a file of any size in one request. */
  async upload(file: UploadFile, req: Request): Promise<AttachmentView> {
    // Another office's (or no) item is a 404 before anything about the body is said.
    await this.commands.send('content.item.get', { itemId: file.itemId });
    const mediaType = acceptedMediaType(req);
    const length = declaredLength(req, MAX_UPLOAD_BYTES);
    if (length <= ATTACHMENT_LIMITS.inlineMaxBytes) {
      const bytes = await readAll(req, length);
      return this.commands.send('content.attachment.upload', {
        ...file,
        mediaType,
        dataBase64: bytes.toString('base64'),
      });
    }
    // One request, two mutating commands to content: each its own key.
    const slot = await this.commands.send(
      'content.attachment.begin-upload',
      { ...file, mediaType, size: length },
      { idempotencySuffix: 'begin' },
    );
    await this.lock(slot.attachmentId);
    await this.stream(slot.store, req, length, slot.maxBytes);
    return this.commands.send(
      'content.attachment.register',
      { attachmentId: slot.attachmentId },
      { idempotencySuffix: 'register' },
    );
  }

  private async lock(attachmentId: string): Promise<void> {
    const [{ locked }] = await this.uow.run((m) =>
      m.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('gateway:attachment-upload'), hashtext($1)) AS locked`,
        [attachmentId],
      ),
    );
    if (!locked) {
      throw new Problem('upload-in-progress', {
        detail: {
          id: 'Permintaan lain sedang mengunggah berkas lampiran ini; tunggu jawabannya.',
          en: 'Another request is uploading the bytes of this attachment; wait for its answer.',
        },
        headers: { 'Retry-After': '5' },
      });
    }
  }

  private async stream(store: ObjectLocation, req: Request, length: number, maxBytes: number) {
    let written: number;
    try {
      written = (await this.objects.put(store, req, { maxBytes })).size;
    } catch (error) {
      if (error instanceof Problem) throw error;
      if (req.destroyed || !req.complete) throw interrupted();
      throw error;
    }
    if (written !== length) throw interrupted();
  }
}

function interrupted(): Problem {
  return new Problem('invalid-request', {
    detail: {
      id: 'Unggahan terputus sebelum seluruh berkas diterima; kirim ulang.',
      en: 'The upload ended before the whole file arrived; send it again.',
    },
  });
}

/** The `Content-Length` of an upload: required (411) and within the limit (413). */
export function declaredLength(req: Request, maxBytes: number): number {
  const header = req.headers['content-length'];
  if (header === undefined || !/^[0-9]{1,15}$/.test(header)) {
    throw new Problem('length-required', {
      detail: {
        id: 'Sebutkan ukuran berkas dalam header Content-Length (tanpa chunked encoding).',
        en: 'State the file size in the Content-Length header (no chunked encoding).',
      },
    });
  }
  const length = Number(header);
  if (length === 0) {
    throw new Problem('invalid-request', {
      detail: { id: 'Berkasnya kosong.', en: 'The file is empty.' },
    });
  }
  if (length > maxBytes) {
    throw new Problem('too-large', {
      detail: {
        id: `Berkas ${length} byte melebihi batas ${maxBytes} byte.`,
        en: `The file of ${length} bytes exceeds the limit of ${maxBytes} bytes.`,
      },
      extensions: { size: length, max: maxBytes },
    });
  }
  return length;
}

/** The upload's `Content-Type`: one of the attachment types, or `application/octet-stream` (415 otherwise). */
export function acceptedMediaType(req: Request): string {
  const mediaType = mediaTypeOf(req);
  if (!ATTACHMENT_MEDIA_TYPES.includes(mediaType) || req.body !== undefined) {
    throw new Problem('unsupported-type', {
      detail: {
        id: `Content-Type ${mediaType || '(kosong)'} tidak diterima: kirim berkas JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV atau WebM dengan jenisnya.`,
        en: `Content-Type ${mediaType || '(none)'} is not accepted: send a JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX, PPTX, MP4, MOV or WebM file with its type.`,
      },
      extensions: { allowed: ATTACHMENT_MEDIA_TYPES },
    });
  }
  return mediaType;
}

/** A small body, whole (at most `length` bytes: the caller checked it is small). */
async function readAll(req: Request, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > length) throw interrupted();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw interrupted();
  }
  if (size !== length) throw interrupted();
  return Buffer.concat(chunks);
}
