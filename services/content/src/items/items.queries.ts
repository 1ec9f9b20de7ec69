// The items' SQL beyond the entity repositories: the list with its filters and full-text
// search, newest change first. Every statement names its office.
import type { Db } from '@tatalaman/persistence';
import { Item } from './item.entity';

export interface ItemFilter {
  type?: string;
  status?: string | string[];
  tag?: string;
  authorId?: string;
  /** Whole words through the text index; parts of a title through ILIKE. */
  text?: string;
}

/**
 * How many items match, and up to `limit` of them after the cursor's (updated_at, id)
 * (the count ignores the cursor).
 */
export async function itemsAfter(
  db: Db,
  office: string,
  filter: ItemFilter,
  after: { at: string; id: string } | undefined,
  limit: number,
): Promise<{ total: number; items: Item[] }> {
  const q = db.getRepository(Item).createQueryBuilder('i').where('i.office = :office', { office });
  if (filter.type) q.andWhere('i.type = :type', { type: filter.type });
  if (filter.status) {
    q.andWhere('i.status IN (:...statuses)', {
      statuses: Array.isArray(filter.status) ? filter.status : [filter.status],
    });
  }
  if (filter.tag) q.andWhere(':tag = ANY(i.tags)', { tag: filter.tag });
  if (filter.authorId) q.andWhere(`i.author ->> 'id' = :authorId`, { authorId: filter.authorId });
  if (filter.text?.trim()) {
    // Whole words through the text index; parts of a title ("pleno" in "Rapat Pleno") through ILIKE.
    q.andWhere(`(i.search @@ websearch_to_tsquery('simple', :text) OR i.title ILIKE :like)`, {
      text: filter.text,
      like: `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    });
  }
  const total = await q.getCount();
  if (after) q.andWhere('(i.updated_at, i.id) < (:at, :id)', { at: after.at, id: after.id });
  const items = await q.orderBy('i.updated_at', 'DESC').addOrderBy('i.id', 'DESC').take(limit).getMany();
  return { total, items };
}
