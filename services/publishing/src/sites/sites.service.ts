import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type OfficeView, PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { CommandClient, commandFailure, RemoteError } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource, type EntityManager } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import * as q from './sites.queries';
import { type SiteRow } from './sites.queries';

export interface SiteInfo {
  office: string;
  name: string;
  timeZone: string;
  kind: string | null;
  /** Bumped by every change to what the site shows; rendered pages are keyed by it. */
  version: number;
}

const siteInfo = (r: SiteRow): SiteInfo => ({
  office: r.office,
  name: r.name,
  timeZone: r.time_zone,
  kind: r.kind,
  version: Number(r.version),
});

/**
 * The office websites this installation serves. Each replica keeps every site's name,
 * time zone and version in memory and re-reads them every `siteVersionPollMs` (one small
 * query), so a change committed by any replica invalidates every replica's cached pages
 * within about a second; the replica that made the change applies it at once.
 * Names and time zones come from the gateway (`gateway.office.get`, trusted for
 * `officeCacheTtlMs`) and from identity events.
 */
@Injectable()
export class Sites implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sites');
  private readonly sites = new Map<string, SiteInfo>();
  private sorted: SiteInfo[] = [];
  /** Changes when an office appears or is renamed: the index page depends on it. */
  epoch = 0;
  private readonly fetchedAt = new Map<string, number>();
  private readonly loop = new BackgroundLoop(
    { name: 'reading site versions', intervalMs: this.options.siteVersionPollMs, logger: this.logger },
    () => this.refresh(),
  );
  private refreshing?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandClient,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    if (this.options.background) {
      this.loop.start();
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  get(office: string): SiteInfo | undefined {
    return this.sites.get(office);
  }

  /** Sorted by name. */
  list(): readonly SiteInfo[] {
    return this.sorted;
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const rows = await q.allSites(this.dataSource);
    let structural = rows.length !== this.sites.size;
    for (const r of rows) {
      const known = this.sites.get(r.office);
      const version = Number(r.version);
      if (known && known.version >= version) continue;
      if (!known || known.name !== r.name || known.timeZone !== r.time_zone) structural = true;
      this.sites.set(r.office, siteInfo(r));
    }
    if (structural) this.resort();
  }

  private resort(): void {
    this.sorted = [...this.sites.values()].sort((a, b) => a.name.localeCompare(b.name, 'id'));
    this.epoch++;
  }

  /** Called after a commit that bumped an office's version (the new value from `bump`). */
  observe(office: string, version: number, patch?: Partial<Pick<SiteInfo, 'name' | 'timeZone' | 'kind'>>) {
    const known = this.sites.get(office);
    if (known && known.version >= version && !patch) return;
    const next: SiteInfo = known
      ? { ...known, ...patch, version: Math.max(version, known.version) }
      : {
          office,
          name: patch?.name ?? office,
          timeZone: patch?.timeZone ?? 'Asia/Jakarta',
          kind: patch?.kind ?? null,
          version,
        };
    this.sites.set(office, next);
    if (!known || known.name !== next.name || known.timeZone !== next.timeZone) this.resort();
  }

  /** Bumps the office's version inside the caller's transaction; `observe` it after commit. */
  async bump(manager: EntityManager, office: string): Promise<number> {
    const version = await q.bumpVersion(manager, office);
    if (version === undefined) throw new Error(`No site row for ${office}; call ensure() first.`);
    return Number(version);
  }

  /** Inserts or updates a site's profile (bumping its version when something shown changed). */
  async upsert(
    manager: EntityManager,
    site: { office: string; name: string; timeZone: string; kind?: string | null },
    source: 'gateway' | 'event' | 'seed',
  ): Promise<SiteInfo> {
    return siteInfo(await q.upsertSite(manager, { ...site, kind: site.kind ?? null }, source));
  }

  /**
   * The office as the publishing side needs it, refreshed from the gateway at most every
   * `officeCacheTtlMs`. When the gateway cannot be reached, the stored profile is used.
   * An office the gateway does not know is 404 `office-not-found`.
   */
  async ensure(office: string): Promise<SiteInfo> {
    const known = this.sites.get(office);
    const fetched = this.fetchedAt.get(office) ?? 0;
    if (known && Date.now() - fetched < this.options.officeCacheTtlMs) return known;
    let view: OfficeView;
    try {
      view = await this.commands.send('gateway.office.get', { office }, { timeoutMs: 5_000 });
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404)
        throw commandFailure(PUBLISHING_ERRORS['office-not-found']);
      const stored = known ?? (await this.stored(office));
      if (stored) {
        this.logger.warn(
          `gateway.office.get for ${office} failed (${error instanceof Error ? error.message : String(error)}); using the stored profile`,
        );
        return stored;
      }
      throw commandFailure(PUBLISHING_ERRORS['office-unavailable'], {
        message: {
          id: 'Profil kantor tidak dapat diambil dari gateway saat ini; coba lagi.',
          en: "The office's profile cannot be fetched from the gateway right now; try again.",
        },
      });
    }
    const site = await this.dataSource.transaction((m) =>
      this.upsert(
        m,
        { office, name: view.name, timeZone: view.timeZone, kind: view.kind ?? null },
        'gateway',
      ),
    );
    this.fetchedAt.set(office, Date.now());
    this.observe(office, site.version, { name: site.name, timeZone: site.timeZone, kind: site.kind });
    return this.sites.get(office)!;
  }

  private async stored(office: string): Promise<SiteInfo | undefined> {
    const r = await q.site(this.dataSource, office);
    return r ? siteInfo(r) : undefined;
  }
}
