import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { mutation, office, uuid } from '../common/requests';
import { AttachmentsService } from './attachments.service';

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // A name, not a path, and nothing unprintable.
  .refine((n) => !/[/\\]/.test(n) && [...n].every((c) => c.charCodeAt(0) >= 0x20), {
    message: 'a file name, not a path',
  });
const mediaType = z.string().max(200);
const alt = z.string().max(1000);
const caption = z.string().max(2000);

const schemas = {
  upload: z.object({
    ...mutation,
    itemId: uuid,
    fileName,
    mediaType,
    dataBase64: z.string().max(1_000_000),
    alt: alt.optional(),
    caption: caption.optional(),
  }),
  begin: z.object({
    ...mutation,
    itemId: uuid,
    fileName,
    mediaType,
    size: z.number().int().positive(),
    alt: alt.optional(),
    caption: caption.optional(),
  }),
  register: z.object({ ...mutation, attachmentId: uuid }),
  slot: z.object({ office, attachmentId: uuid }),
  get: z.object({ office, attachmentId: uuid }),
  list: z.object({ office, itemId: uuid }),
  download: z.object({ office, attachmentId: uuid, inline: z.boolean().optional() }),
  update: z.object({
    ...mutation,
    attachmentId: uuid,
    alt: alt.nullable().optional(),
    caption: caption.nullable().optional(),
  }),
  delete: z.object({ ...mutation, attachmentId: uuid }),
};

@CommandController()
export class AttachmentCommands {
  constructor(private readonly attachments: AttachmentsService) {}

  @HandleCommand('content.attachment.upload')
  upload(
    req: CommandRequest<'content.attachment.upload'>,
  ): Promise<CommandResponse<'content.attachment.upload'>> {
    return this.attachments.upload(schemas.upload.parse(req));
  }

  @HandleCommand('content.attachment.begin-upload')
  begin(req: CommandRequest<'content.attachment.begin-upload'>) {
    return this.attachments.beginUpload(schemas.begin.parse(req));
  }

  @HandleCommand('content.attachment.register')
  register(req: CommandRequest<'content.attachment.register'>) {
    return this.attachments.register(schemas.register.parse(req));
  }

  @HandleCommand('content.attachment.upload-slot')
  slot(req: CommandRequest<'content.attachment.upload-slot'>) {
    const parsed = schemas.slot.parse(req);
    return this.attachments.uploadSlot(parsed.office, parsed.attachmentId);
  }

  @HandleCommand('content.attachment.get')
  get(req: CommandRequest<'content.attachment.get'>) {
    const parsed = schemas.get.parse(req);
    return this.attachments.get(parsed.office, parsed.attachmentId);
  }

  @HandleCommand('content.attachment.list')
  async list(req: CommandRequest<'content.attachment.list'>) {
    const parsed = schemas.list.parse(req);
    return { attachments: await this.attachments.list(parsed.office, parsed.itemId) };
  }

  @HandleCommand('content.attachment.download')
  download(req: CommandRequest<'content.attachment.download'>) {
    return this.attachments.download(schemas.download.parse(req));
  }

  @HandleCommand('content.attachment.update')
  update(req: CommandRequest<'content.attachment.update'>) {
    return this.attachments.update(schemas.update.parse(req));
  }

  @HandleCommand('content.attachment.delete')
  delete(req: CommandRequest<'content.attachment.delete'>) {
    return this.attachments.remove(schemas.delete.parse(req));
  }
}
