import { type CommandParsed } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { AttachmentUploadsService } from './attachment-uploads.service';
import { AttachmentsService } from './attachments.service';

/** Attachments; `@HandleCommand` parses each request with its contract (libs/contracts). */
@CommandController()
export class AttachmentCommands {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly uploads: AttachmentUploadsService,
  ) {}

  @HandleCommand('content.attachment.upload')
  upload(req: CommandParsed<'content.attachment.upload'>) {
    return this.uploads.upload(req);
  }

  @HandleCommand('content.attachment.begin-upload')
  begin(req: CommandParsed<'content.attachment.begin-upload'>) {
    return this.uploads.beginUpload(req);
  }

  @HandleCommand('content.attachment.register')
  register(req: CommandParsed<'content.attachment.register'>) {
    return this.uploads.register(req);
  }

  @HandleCommand('content.attachment.upload-slot')
  slot(req: CommandParsed<'content.attachment.upload-slot'>) {
    return this.uploads.uploadSlot(req.office, req.attachmentId);
  }

  @HandleCommand('content.attachment.get')
  get(req: CommandParsed<'content.attachment.get'>) {
    return this.attachments.get(req.office, req.attachmentId);
  }

  @HandleCommand('content.attachment.list')
  async list(req: CommandParsed<'content.attachment.list'>) {
    return { attachments: await this.attachments.list(req.office, req.itemId) };
  }

  @HandleCommand('content.attachment.download')
  download(req: CommandParsed<'content.attachment.download'>) {
    return this.attachments.download(req);
  }

  @HandleCommand('content.attachment.update')
  update(req: CommandParsed<'content.attachment.update'>) {
    return this.attachments.update(req);
  }

  @HandleCommand('content.attachment.delete')
  delete(req: CommandParsed<'content.attachment.delete'>) {
    return this.attachments.remove(req);
  }
}
