// The social channels' SQL: an office's channels and the posts made through them (each
// with the receipt it was recorded as). Every statement names its office.
import type { Actor } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { T } from '../persistence';
import type { ReceiptRow } from '../publications/pages';
import type { SocialChannelRow } from './adapters';

export interface SocialPostRow {
  id: string;
  channel_id: string;
  item_id: string;
  content_revision: number;
  status: 'posted' | 'failed';
  link: string | null;
  error: string | null;
  at: Date;
}

// ---- channels ---------------------------------------------------------------------

export function channelsOf(db: Db, office: string): Promise<SocialChannelRow[]> {
  return rows<SocialChannelRow>(
    db,
    `SELECT * FROM ${T.socialChannels} WHERE office = $1 ORDER BY created_at`,
    [office],
  );
}

export function enabledChannels(db: Db, office: string): Promise<SocialChannelRow[]> {
  return rows<SocialChannelRow>(
    db,
    `SELECT * FROM ${T.socialChannels} WHERE office = $1 AND enabled ORDER BY created_at`,
    [office],
  );
}

export function lockChannel(db: Db, office: string, id: string): Promise<SocialChannelRow | undefined> {
  return one<SocialChannelRow>(
    db,
    `SELECT * FROM ${T.socialChannels} WHERE office = $1 AND id = $2 FOR UPDATE`,
    [office, id],
  );
}

interface ChannelFields {
  adapter: string;
  name: string;
  endpoint: string;
  pageId: string | null;
  enabled: boolean;
}

export async function insertChannel(
  db: Db,
  c: ChannelFields & { id: string; office: string; token: string | null; createdBy: Actor },
): Promise<SocialChannelRow> {
  return (await one<SocialChannelRow>(
    db,
    `INSERT INTO ${T.socialChannels} (id, office, adapter, name, endpoint, page_id, token, enabled, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      c.id,
      c.office,
      c.adapter,
      c.name,
      c.endpoint,
      c.pageId,
      c.token,
      c.enabled,
      JSON.stringify(c.createdBy),
    ],
  ))!;
}

/** Saves the channel's fields; its token only when `token` is given (null clears it). */
export async function updateChannel(
  db: Db,
  office: string,
  id: string,
  c: ChannelFields & { token?: string | null },
): Promise<SocialChannelRow> {
  return (await one<SocialChannelRow>(
    db,
    `UPDATE ${T.socialChannels} SET adapter = $3, name = $4, endpoint = $5, page_id = $6,
         token = CASE WHEN $7::boolean THEN $8 ELSE token END, enabled = $9, updated_at = now()
       WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id, c.adapter, c.name, c.endpoint, c.pageId, c.token !== undefined, c.token ?? null, c.enabled],
  ))!;
}

export async function disableChannel(db: Db, office: string, id: string): Promise<SocialChannelRow> {
  return (await one<SocialChannelRow>(
    db,
    `UPDATE ${T.socialChannels} SET enabled = false, updated_at = now() WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id],
  ))!;
}

// ---- posts ------------------------------------------------------------------------

/** The receipt of the channel's post of this revision of the item, if it was posted. */
export function postedReceipt(
  db: Db,
  office: string,
  channelId: string,
  itemId: string,
  revision: number,
): Promise<ReceiptRow | undefined> {
  return one<ReceiptRow>(
    db,
    `SELECT r.* FROM ${T.socialPosts} p JOIN ${T.receipts} r ON r.id = p.receipt_id
     WHERE p.office = $1 AND p.channel_id = $2 AND p.item_id = $3 AND p.content_revision = $4 AND p.status = 'posted'`,
    [office, channelId, itemId, revision],
  );
}

export async function insertPost(
  db: Db,
  p: {
    id: string;
    office: string;
    channelId: string;
    pageId: string | null;
    itemId: string;
    revision: number;
    status: SocialPostRow['status'];
    receiptId: string;
    link: string | null;
    error: string | null;
  },
): Promise<void> {
  await rows(
    db,
    `INSERT INTO ${T.socialPosts} (id, office, channel_id, page_id, item_id, content_revision, status, receipt_id, link, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [p.id, p.office, p.channelId, p.pageId, p.itemId, p.revision, p.status, p.receiptId, p.link, p.error],
  );
}

/** The office's last 100 posts, newest first. */
export function recentPosts(db: Db, office: string): Promise<SocialPostRow[]> {
  return rows<SocialPostRow>(
    db,
    `SELECT * FROM ${T.socialPosts} WHERE office = $1 ORDER BY at DESC LIMIT 100`,
    [office],
  );
}
