import { Inject, Injectable } from '@nestjs/common';
import { type CommandParsed, type CommandResponse, PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { pagePath } from '../publications/pages';
import * as q from './views.queries';

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
    const period = { office: req.office, from: req.from, to: req.to, itemId: req.itemId };
    const days = await q.viewsByDay(this.dataSource, period);
    const items = await q.viewsByItem(this.dataSource, period);
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
