// The attachments' reads and the SQL beside them: an item and its attachments (every read
// scoped to the office), the revisions whose body refers to an attachment, and the upload
// slots whose time has passed (across offices: the sweep's own work).
import { type Db, qualified, rows, scoped } from '@tatalaman/persistence';
import { Item } from '../items/item.entity';
import { Attachment } from './attachment.entity';

export function findItem(db: Db, office: string, itemId: string): Promise<Item | null> {
  return scoped(db.getRepository(Item), office).findOneBy({ id: itemId });
}

/** The attachment, locked for the transaction when `lock`. */
export function findAttachment(
  db: Db,
  office: string,
  attachmentId: string,
  lock: boolean,
): Promise<Attachment | null> {
  return scoped(db.getRepository(Attachment), office).findOne({
    where: { id: attachmentId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/** The numbers of those of `revisionIds` whose body refers to the attachment. */
export async function revisionsUsing(
  db: Db,
  office: string,
  revisionIds: unknown[],
  attachmentId: string,
): Promise<number[]> {
  const found = await rows<{ number: number }>(
    db,
    `SELECT number FROM ${qualified(db, 'revisions')}
    WHERE office = $1 AND id = ANY($2::uuid[]) AND body LIKE $3 ORDER BY number`,
    [office, revisionIds, `%attachment:${attachmentId}%`],
  );
  return found.map((u) => u.number);
}

/** Up to 500 upload slots whose time passed before `now`, of any office. */
export function expiredSlots(
  db: Db,
  now: Date,
): Promise<{ id: string; office: string; object_name: string }[]> {
  return rows(
    db,
    `SELECT id, office, object_name FROM ${qualified(db, 'attachments')}
        WHERE status = 'pending' AND expires_at < $1 LIMIT 500`,
    [now],
  );
}
