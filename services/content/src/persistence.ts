import { MessagingTables1795305600000 } from '@tatalaman/persistence';
import { Attachment } from './attachments/attachment.entity';
import { Item } from './items/item.entity';
import { ContentTables1795400000000 } from './migrations/1795400000000-content-tables';
import { Revision } from './revisions/revision.entity';
import { Decision } from './runs/decision.entity';
import { Submission } from './submissions/submission.entity';

export const CONTENT_SCHEMA = 'content';
export const CONTENT_ENTITIES = [Item, Revision, Attachment, Submission, Decision];
export const CONTENT_MIGRATIONS = [MessagingTables1795305600000, ContentTables1795400000000];
