import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { makeEvent, type PageViewed } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { T } from '../persistence';

interface Count {
  office: string;
  itemId: string;
  path: string;
  day: string;
  views: number;
}

const EVENT_CHUNK = 500;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Page views per item and local day, counted in memory on the read path (a map increment,
 * no I/O) and flushed every `viewFlushMs`: one upsert for all counts of the window, and
 * one `publishing.page-viewed` event per office in the same transaction. A crash loses at
 * most one window of counts; several replicas add up (the upsert adds).
 */
@Injectable()
export class ViewCounter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ViewCounter');
  private counts = new Map<string, Count>();
  private windowStart = new Date();
  private readonly days = new Map<string, { day: string; until: number }>();
  private readonly loop = new BackgroundLoop(
    { name: 'page-view flush', intervalMs: this.options.viewFlushMs, logger: this.logger },
    () => this.write(),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.background) return;
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.flush();
  }

  /** The office's local date now, recomputed only when its midnight passes. */
  private today(office: string, timeZone: string, now: number): string {
    const known = this.days.get(office);
    if (known && now < known.until) return known.day;
    const day = localDate(now, timeZone);
    const until = zonedTimeToUtc(nextDay(day), '00:00', timeZone);
    this.days.set(office, { day, until });
    return day;
  }

  hit(office: string, itemId: string, path: string, timeZone: string): void {
    const day = this.today(office, timeZone, Date.now());
    const key = `${office}|${itemId}|${day}`;
    const c = this.counts.get(key);
    if (c) c.views++;
    else this.counts.set(key, { office, itemId, path, day, views: 1 });
  }

  /** Counts not yet flushed (tests, health). */
  pending(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c.views;
    return n;
  }

  /** Writes the counts now (one write at a time; a failure is logged by the loop). */
  async flush(): Promise<void> {
    await this.loop.runNow();
  }

  private async write(): Promise<void> {
    if (!this.counts.size) return;
    const batch = [...this.counts.values()];
    const windowStart = this.windowStart;
    const windowEnd = new Date();
    this.counts = new Map();
    this.windowStart = windowEnd;
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO ${T.pageViews} (office, item_id, day, views)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::date[], $4::bigint[])
           ON CONFLICT (office, day, item_id) DO UPDATE SET views = ${T.pageViews}.views + excluded.views`,
          [
            batch.map((c) => c.office),
            batch.map((c) => c.itemId),
            batch.map((c) => c.day),
            batch.map((c) => c.views),
          ],
        );
        const byOffice = new Map<string, Count[]>();
        for (const c of batch) byOffice.set(c.office, [...(byOffice.get(c.office) ?? []), c]);
        for (const [office, counts] of byOffice) {
          for (let i = 0; i < counts.length; i += EVENT_CHUNK) {
            const data: PageViewed = {
              windowStart: windowStart.toISOString(),
              windowEnd: windowEnd.toISOString(),
              counts: counts
                .slice(i, i + EVENT_CHUNK)
                .map((c) => ({ path: c.path, itemId: c.itemId, views: c.views, day: c.day })),
            };
            await this.outbox.add(manager, makeEvent('publishing.page-viewed', { office, data }));
          }
        }
      });
    } catch (error) {
      // Put them back: the next window carries them.
      for (const c of batch) {
        const key = `${c.office}|${c.itemId}|${c.day}`;
        const now = this.counts.get(key);
        if (now) now.views += c.views;
        else this.counts.set(key, c);
      }
      this.windowStart = windowStart;
      throw error;
    }
  }
}
