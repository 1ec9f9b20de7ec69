// The page views' SQL: the counted readers per item and day of an office (written by the
// view counter), by day and summed per item with the page each item is. Every statement
// names its office.
import { type Db, rows } from '@tatalaman/persistence';
import { T } from '../persistence';

export interface ViewPeriod {
  office: string;
  /** `YYYY-MM-DD`, both days included. */
  from: string;
  to: string;
  itemId?: string;
}

function periodWhere(p: ViewPeriod): { params: unknown[]; where: string } {
  const params: unknown[] = [p.office, p.from, p.to];
  const item = p.itemId ? `AND v.item_id = $${params.push(p.itemId)}` : '';
  return { params, where: `v.office = $1 AND v.day BETWEEN $2::date AND $3::date ${item}` };
}

export function viewsByDay(
  db: Db,
  period: ViewPeriod,
): Promise<{ day: string; item_id: string; views: string }[]> {
  const { params, where } = periodWhere(period);
  return rows(
    db,
    `SELECT to_char(v.day, 'YYYY-MM-DD') AS day, v.item_id, v.views FROM ${T.pageViews} v
     WHERE ${where} ORDER BY v.day, v.item_id`,
    params,
  );
}

/** Views per item in the period, most read first, with the item's page (if it has one). */
export function viewsByItem(
  db: Db,
  period: ViewPeriod,
): Promise<
  { item_id: string; views: string; title: string | null; type: string | null; slug: string | null }[]
> {
  const { params, where } = periodWhere(period);
  return rows(
    db,
    `SELECT v.item_id, sum(v.views)::bigint AS views, p.title, p.type, p.slug
       FROM ${T.pageViews} v LEFT JOIN ${T.pages} p ON p.office = v.office AND p.item_id = v.item_id
       WHERE ${where}
       GROUP BY v.item_id, p.title, p.type, p.slug ORDER BY views DESC, v.item_id`,
    params,
  );
}
