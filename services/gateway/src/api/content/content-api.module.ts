import { Module } from '@nestjs/common';
import { AttachmentsController, ItemAttachmentsController } from './attachments.controller';
import { ItemsController } from './items.controller';
import { AttachmentUploads } from './uploads';

/** The content service's API: items, revisions, attachments (`content.*` commands). */
@Module({
  controllers: [ItemsController, ItemAttachmentsController, AttachmentsController],
  providers: [AttachmentUploads],
})
export class ContentApiModule {}
