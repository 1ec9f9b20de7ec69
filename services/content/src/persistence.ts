import { idempotencyKeysMigration, OFFICE_KEYS_TABLE } from '@tatalaman/messaging';
import { serviceSchema } from '@tatalaman/persistence';
import { Attachment } from './attachments/attachment.entity';
import { Item } from './items/item.entity';
import { ContentTables1795400000000 } from './migrations/1795400000000-content-tables';
import { Revision } from './revisions/revision.entity';
import { Decision } from './runs/decision.entity';
import { Submission } from './submissions/submission.entity';

export const CONTENT_SCHEMA = 'content';

/** The content schema: its entities and migrations (the module and the CLI both use it). */
export const persistence = serviceSchema({
  schema: CONTENT_SCHEMA,
  entities: [Item, Revision, Attachment, Submission, Decision],
  migrations: [ContentTables1795400000000, idempotencyKeysMigration(OFFICE_KEYS_TABLE)],
});
