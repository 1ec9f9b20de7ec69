import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type PageMedia } from '../content/content-source';
import { type FieldLabel } from '../content/field-visibility';
import { T } from '../persistence';
import { PAGE_COLUMNS, type PageRow } from '../publications/pages';

/** What lists show of a page (no body). */
export interface PageCard {
  itemId: string;
  type: string;
  slug: string;
  title: string;
  summary: string | null;
  fields: Record<string, unknown>;
  fieldLabels: FieldLabel[];
  media: PageMedia[];
  informationCategory: string | null;
  firstPublishedAt: Date;
  publishedAt: Date;
  correctedAt: Date | null;
  updatedAt: Date;
}

const CARD_COLUMNS = `item_id, type, slug, title, summary, fields, field_labels, media, information_category,
  first_published_at, published_at, corrected_at, updated_at`;

interface CardRow {
  item_id: string;
  type: string;
  slug: string;
  title: string;
  summary: string | null;
  fields: Record<string, unknown>;
  field_labels: FieldLabel[];
  media: PageMedia[];
  information_category: string | null;
  first_published_at: Date;
  published_at: Date;
  corrected_at: Date | null;
  updated_at: Date;
  total?: string;
}

function card(r: CardRow): PageCard {
  return {
    itemId: r.item_id,
    type: r.type,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    fields: r.fields,
    fieldLabels: r.field_labels,
    media: r.media,
    informationCategory: r.information_category,
    firstPublishedAt: r.first_published_at,
    publishedAt: r.published_at,
    correctedAt: r.corrected_at,
    updatedAt: r.updated_at,
  };
}

/** The read path's queries: only published pages, always one office. */
@Injectable()
export class ReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async typeCounts(office: string): Promise<{ type: string; count: number; latest: Date }[]> {
    const found: { type: string; count: string; latest: Date }[] = await this.dataSource.query(
      `SELECT type, count(*) AS count, max(published_at) AS latest FROM ${T.pages}
       WHERE office = $1 AND status = 'published' GROUP BY type`,
      [office],
    );
    return found.map((r) => ({ type: r.type, count: Number(r.count), latest: r.latest }));
  }

  async latest(
    office: string,
    { type, limit, offset = 0 }: { type?: string; limit: number; offset?: number },
  ): Promise<{ cards: PageCard[]; total: number }> {
    const params: unknown[] = [office, limit, offset];
    const byType = type ? `AND type = $${params.push(type)}` : '';
    const found: CardRow[] = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS}, count(*) OVER () AS total FROM ${T.pages}
       WHERE office = $1 AND status = 'published' ${byType}
       ORDER BY published_at DESC, id LIMIT $2 OFFSET $3`,
      params,
    );
    return { cards: found.map(card), total: Number(found[0]?.total ?? 0) };
  }

  /** Pages of one type, all of them (regulations, sitemap; bounded). */
  async all(office: string, type?: string, limit = 5000): Promise<PageCard[]> {
    const params: unknown[] = [office, limit];
    const byType = type ? `AND type = $${params.push(type)}` : '';
    const found: CardRow[] = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS} FROM ${T.pages} WHERE office = $1 AND status = 'published' ${byType}
       ORDER BY published_at DESC, id LIMIT $2`,
      params,
    );
    return found.map(card);
  }

  async publicInformation(office: string): Promise<PageCard[]> {
    const found: CardRow[] = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS} FROM ${T.pages}
       WHERE office = $1 AND status = 'published' AND information_category IS NOT NULL
       ORDER BY information_category, published_at DESC, id LIMIT 5000`,
      [office],
    );
    return found.map(card);
  }

  /** A page by its URL, published or retracted (a retracted page says so). */
  async page(office: string, type: string, slug: string): Promise<PageRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${PAGE_COLUMNS} FROM ${T.pages} WHERE office = $1 AND type = $2 AND slug = $3`,
      [office, type, slug],
    )) as PageRow[];
    return row;
  }

  async pageByItem(office: string, itemId: string): Promise<PageRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${PAGE_COLUMNS} FROM ${T.pages} WHERE office = $1 AND item_id = $2`,
      [office, itemId],
    )) as PageRow[];
    return row;
  }

  async search(
    office: string,
    text: string,
    { limit, offset }: { limit: number; offset: number },
  ): Promise<{ cards: PageCard[]; total: number }> {
    const found: CardRow[] = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS}, count(*) OVER () AS total FROM ${T.pages},
         websearch_to_tsquery('simple', $2) AS q
       WHERE office = $1 AND status = 'published' AND search @@ q
       ORDER BY ts_rank(search, q) DESC, published_at DESC, id LIMIT $3 OFFSET $4`,
      [office, text, limit, offset],
    );
    return { cards: found.map(card), total: Number(found[0]?.total ?? 0) };
  }

  /** A published file by its attachment id (retracted pages' files are not served). */
  async media(office: string, attachmentId: string): Promise<PageMedia | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT m FROM ${T.pages}, jsonb_array_elements(media) AS m
       WHERE office = $1 AND status = 'published' AND media @> $2::jsonb AND m->>'attachmentId' = $3 LIMIT 1`,
      [office, JSON.stringify([{ attachmentId }]), attachmentId],
    )) as { m: PageMedia }[];
    return row?.m;
  }
}
