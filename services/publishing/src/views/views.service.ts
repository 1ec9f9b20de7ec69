import { Inject, Injectable } from '@nestjs/common';
import { type CommandParsed, type CommandResponse, PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { T } from '../persistence';
import { pagePath } from '../publications/pages';

/** Readers per item and day, for the monthly recap (Mentawai's "jumlah pembaca"). */
@Injectable()
export class PageViews {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  async list(req: CommandParsed<'publishing.views.list'>): Promise<CommandResponse<'publishing.views.list'>> {
    if (req.to < req.from || Date.parse(req.to) - Date.parse(req.from) > 400 * 86_400_000)
      throw commandFailure(PUBLISHING_ERRORS['invalid-period'], {
        message: {
          id: 'Periode tidak valid (paling lama 400 hari, "dari" tidak setelah "sampai").',
          en: 'Not a valid period (at most 400 days, "from" not after "to").',
        },
      });
    const params: unknown[] = [req.office, req.from, req.to];
    const item = req.itemId ? `AND v.item_id = $${params.push(req.itemId)}` : '';
    const days: { day: string; item_id: string; views: string }[] = await this.dataSource.query(
      `SELECT to_char(v.day, 'YYYY-MM-DD') AS day, v.item_id, v.views FROM ${T.pageViews} v
       WHERE v.office = $1 AND v.day BETWEEN $2::date AND $3::date ${item} ORDER BY v.day, v.item_id`,
      params,
    );
    const items: {
      item_id: string;
      views: string;
      title: string | null;
      type: string | null;
      slug: string | null;
    }[] = await this.dataSource.query(
      `SELECT v.item_id, sum(v.views)::bigint AS views, p.title, p.type, p.slug
         FROM ${T.pageViews} v LEFT JOIN ${T.pages} p ON p.office = v.office AND p.item_id = v.item_id
         WHERE v.office = $1 AND v.day BETWEEN $2::date AND $3::date ${item}
         GROUP BY v.item_id, p.title, p.type, p.slug ORDER BY views DESC, v.item_id`,
      params,
    );
    return {
      days: days.map((d) => ({ day: d.day, itemId: d.item_id, views: Number(d.views) })),
      items: items.map((i) => ({
        itemId: i.item_id,
        title: i.title,
        type: i.type,
        url:
          i.type && i.slug
            ? this.options.publicBaseUrl + pagePath({ office: req.office, type: i.type, slug: i.slug })
            : null,
        views: Number(i.views),
      })),
      total: items.reduce((n, i) => n + Number(i.views), 0),
    };
  }
}
