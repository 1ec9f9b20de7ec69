import { Delete, Get, Logger, Patch, Post, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { ATTACHMENT_LIMITS, CONTENT_COMMAND_DEFINITIONS as C } from '@tatalaman/contracts';
import type { Request, Response } from 'express';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController, type RawBodySpec } from '../../http/endpoint';
import { ObjectStoreStreams } from '../../http/object-store';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { Problem } from '../../http/problems';
import { ServiceCommands } from '../../http/service-commands';
import { contentDisposition, SANDBOX_CSP, SERVICE_PROBLEMS } from '../shared';
import {
  ATTACHMENT_MEDIA_TYPES,
  AttachmentList,
  AttachmentParams,
  AttachmentView,
  BeginUploadBody,
  DownloadQuery,
  FileUploadQuery,
  ItemParams,
  UpdateAttachmentBody,
  UploadAttachmentBody,
  UploadSlotView,
} from './content.schemas';
import { CONTENT_TAG } from './items.controller';
import { AttachmentUploads, MAX_UPLOAD_BYTES } from './uploads';

const MB = 1024 * 1024;
const LIMITS =
  `Images up to ${ATTACHMENT_LIMITS.maxBytes.image / MB} MB, documents up to ` +
  `${ATTACHMENT_LIMITS.maxBytes.document / MB} MB, video up to ${ATTACHMENT_LIMITS.maxBytes.video / MB} MB; ` +
  'the type is detected from the bytes and must fit the file name.';

const FILE_BODY: RawBodySpec = {
  mode: 'stream',
  mediaTypes: ATTACHMENT_MEDIA_TYPES,
  maxBytes: MAX_UPLOAD_BYTES,
  description:
    'The file itself, with its type as `Content-Type` and its size as `Content-Length` (required). ' + LIMITS,
};

/** The edge's own problems of a raw upload (the service's come with its commands). */
const UPLOAD_PROBLEMS = ['length-required', 'upload-in-progress', ...SERVICE_PROBLEMS] as const;

/** Attachments of an item: `content.attachment.*` addressed through the item. */
@OfficeController('items/:itemId/attachments', CONTENT_TAG)
export class ItemAttachmentsController {
  constructor(
    private readonly commands: ServiceCommands,
    private readonly uploads: AttachmentUploads,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listAttachments',
    summary: "An item's attachments",
    requires: 'content:read',
    params: ItemParams,
    response: AttachmentList,
    commands: [C['content.attachment.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidParams() p: ItemParams) {
    return this.commands.send('content.attachment.list', { itemId: p.itemId });
  }

  @Post()
  @Endpoint({
    operationId: 'uploadAttachment',
    summary: 'Attach a small file (base64 in JSON)',
    description: `For files up to ${ATTACHMENT_LIMITS.inlineMaxBytes / 1024} KiB. ${LIMITS}`,
    requires: 'content:write',
    params: ItemParams,
    body: UploadAttachmentBody,
    response: AttachmentView,
    status: 201,
    commands: [C['content.attachment.upload']],
    problems: [...SERVICE_PROBLEMS],
  })
  upload(@ValidParams() p: ItemParams, @ValidBody() body: UploadAttachmentBody) {
    return this.commands.send('content.attachment.upload', {
      itemId: p.itemId,
      ...body,
    });
  }

  @Post('file')
  @Endpoint({
    operationId: 'uploadAttachmentFile',
    summary: 'Attach a file of any size (the raw bytes)',
    description:
      'The body is the file. Small files are stored at once; larger ones are streamed into the ' +
      'attachment store as they arrive (never held whole) and checked from the stored bytes. ' +
      '`application/octet-stream` is taken for files up to 512 KiB only; larger ones name their type.',
    requires: 'content:write',
    params: ItemParams,
    query: FileUploadQuery,
    rawBody: FILE_BODY,
    response: AttachmentView,
    status: 201,
    // Small files go in one message, larger ones through a slot (AttachmentUploads).
    commands: [
      C['content.item.get'],
      C['content.attachment.upload'],
      C['content.attachment.begin-upload'],
      C['content.attachment.register'],
    ],
    problems: [...UPLOAD_PROBLEMS],
  })
  uploadFile(@ValidParams() p: ItemParams, @ValidQuery() q: FileUploadQuery, @Req() req: Request) {
    return this.uploads.upload({ itemId: p.itemId, ...q }, req);
  }

  @Post('uploads')
  @Endpoint({
    operationId: 'beginAttachmentUpload',
    summary: 'Announce a large file',
    description:
      'Reserves the attachment (an upload slot, one hour) and answers where to `PUT` the bytes: ' +
      '`PUT …/attachments/{attachmentId}/content`. ' +
      LIMITS,
    requires: 'content:write',
    params: ItemParams,
    body: BeginUploadBody,
    response: UploadSlotView,
    status: 201,
    commands: [C['content.attachment.begin-upload']],
    problems: [...SERVICE_PROBLEMS],
  })
  async begin(
    @Access() access: OfficeAccess,
    @ValidParams() p: ItemParams,
    @ValidBody() body: BeginUploadBody,
  ) {
    const slot = await this.commands.send('content.attachment.begin-upload', {
      itemId: p.itemId,
      ...body,
    });
    return {
      attachmentId: slot.attachmentId,
      uploadUrl: `/api/v1/offices/${access.office}/attachments/${slot.attachmentId}/content`,
      method: 'PUT' as const,
      maxBytes: slot.maxBytes,
      expiresAt: slot.expiresAt,
    };
  }
}

/** One attachment: `content.attachment.*` by id, and its bytes in and out. */
@OfficeController('attachments', CONTENT_TAG)
export class AttachmentsController {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly commands: ServiceCommands,
    private readonly uploads: AttachmentUploads,
    private readonly objects: ObjectStoreStreams,
  ) {}

  @Get(':attachmentId')
  @Endpoint({
    operationId: 'getAttachment',
    summary: 'An attachment',
    requires: 'content:read',
    params: AttachmentParams,
    response: AttachmentView,
    commands: [C['content.attachment.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  get(@ValidParams() p: AttachmentParams) {
    return this.commands.send('content.attachment.get', { attachmentId: p.attachmentId });
  }

  @Patch(':attachmentId')
  @Endpoint({
    operationId: 'updateAttachment',
    summary: "Change an attachment's alt text or caption",
    requires: 'content:write',
    params: AttachmentParams,
    body: UpdateAttachmentBody,
    response: AttachmentView,
    commands: [C['content.attachment.update']],
    problems: [...SERVICE_PROBLEMS],
  })
  update(@ValidParams() p: AttachmentParams, @ValidBody() body: UpdateAttachmentBody) {
    return this.commands.send('content.attachment.update', {
      attachmentId: p.attachmentId,
      ...body,
    });
  }

  @Delete(':attachmentId')
  @Endpoint({
    operationId: 'deleteAttachment',
    summary: 'Remove an attachment and its bytes',
    description: 'Refused (409 `attachment-in-use`) while the current or the published body refers to it.',
    requires: 'content:write',
    params: AttachmentParams,
    commands: [C['content.attachment.delete']],
    problems: [...SERVICE_PROBLEMS],
  })
  async remove(@ValidParams() p: AttachmentParams): Promise<void> {
    await this.commands.send('content.attachment.delete', {
      attachmentId: p.attachmentId,
    });
  }

  @Put(':attachmentId/content')
  @Endpoint({
    operationId: 'putAttachmentContent',
    summary: 'Send the bytes of an announced file',
    description:
      'The bytes of a slot from `beginAttachmentUpload`, streamed into the attachment store as they ' +
      'arrive, then checked from the stored bytes; the answer is the ready attachment. `Content-Type` ' +
      'must be the announced type (or `application/octet-stream`). Bytes that fail the check are ' +
      'deleted and the slot stays open for a corrected upload.',
    requires: 'content:write',
    params: AttachmentParams,
    rawBody: FILE_BODY,
    response: AttachmentView,
    status: 200,
    commands: [C['content.attachment.upload-slot'], C['content.attachment.register']],
    problems: [...UPLOAD_PROBLEMS],
  })
  put(@ValidParams() p: AttachmentParams, @Req() req: Request) {
    return this.uploads.fillSlot(p.attachmentId, req);
  }

  @Get(':attachmentId/content')
  @Endpoint({
    operationId: 'downloadAttachment',
    summary: "An attachment's bytes",
    description:
      'The file with its detected media type, `Content-Length`, `Content-Disposition` (its file name) ' +
      'and `ETag` (its SHA-256).',
    requires: 'content:read',
    params: AttachmentParams,
    query: DownloadQuery,
    produces: {
      mediaTypes: ['*/*'],
      description: 'The file, as stored.',
      headers: {
        'Content-Disposition': '`attachment` (or `inline`) with the file name.',
        ETag: 'The SHA-256 of the bytes, quoted.',
      },
    },
    commands: [C['content.attachment.download']],
    problems: [...SERVICE_PROBLEMS],
  })
  async download(
    @ValidParams() p: AttachmentParams,
    @ValidQuery() q: DownloadQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, store } = await this.commands.send('content.attachment.download', {
      attachmentId: p.attachmentId,
    });
    const opened = await this.objects.open(store);
    if (!opened) {
      throw new Problem('bytes-missing', {
        detail: {
          id: 'Isi lampiran tidak ditemukan di penyimpanan.',
          en: "The attachment's bytes are missing from the store.",
        },
      });
    }
    if (attachment.sha256) res.setHeader('ETag', `"${attachment.sha256}"`);
    res.setHeader('Content-Security-Policy', SANDBOX_CSP);
    return new StreamableFile(opened.stream, {
      type: attachment.mediaType,
      length: opened.size,
      disposition: contentDisposition(q.disposition ?? 'attachment', attachment.fileName),
    }).setErrorHandler((error, response) => {
      // The status and headers are gone already: end the answer short, so the client sees it failed.
      this.logger.error(`download of ${p.attachmentId} failed: ${error.message}`);
      if (response.destroy) response.destroy(error);
      else response.end();
    });
  }
}
