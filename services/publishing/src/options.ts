import { type LookupFunction } from 'node:net';
import { loadConfig } from '@tatalaman/config';

/** Timing of the background loops and limits; tests shorten them. */
export interface PublishingOptions {
  /** Absolute base of public URLs (feeds, sitemap, receipts, webhooks). Default: PUBLIC_SITE_BASE_URL. */
  publicBaseUrl: string;
  /** How often each replica reads the sites' versions (cache invalidation across replicas). */
  siteVersionPollMs: number;
  /** How long an office's name and time zone from `gateway.office.get` are trusted. */
  officeCacheTtlMs: number;
  /** How often in-memory page views are flushed to Postgres (and emitted as events). */
  viewFlushMs: number;
  /** How often due schedules are looked for. */
  schedulePollMs: number;
  webhook: {
    pollMs: number;
    /** Attempts before a delivery becomes a dead letter. */
    maxAttempts: number;
    /** Delay before the second attempt; doubles each time (with jitter) up to `maxDelayMs`. */
    baseDelayMs: number;
    maxDelayMs: number;
    timeoutMs: number;
  };
  social: { timeoutMs: number };
  /**
   * Calls to addresses offices give (webhooks, social channels). `allowPrivateNetworks`:
   * CIDRs reachable although not public, for development and tests only (a receiver on
   * loopback); default OUTBOUND_ALLOW_PRIVATE_NETWORKS, which production refuses.
   */
  outbound: {
    allowPrivateNetworks: string[];
    /** Tests: a resolver of their own. */ lookup?: LookupFunction;
  };
  /** Bytes of rendered pages kept in memory (per replica). */
  pageCacheBytes: number;
  /** Bytes of small media files kept in memory. */
  mediaCacheBytes: number;
  /** Renders (database reads) at once; more requests for uncached pages wait. */
  renderConcurrency: number;
  /** Skip the background loops (CLI). */
  background: boolean;
}

export const PUBLISHING_OPTIONS = Symbol('PUBLISHING_OPTIONS');

export type PublishingOptionsInput = Partial<Omit<PublishingOptions, 'webhook' | 'social' | 'outbound'>> & {
  webhook?: Partial<PublishingOptions['webhook']>;
  social?: Partial<PublishingOptions['social']>;
  outbound?: Partial<PublishingOptions['outbound']>;
};

export function resolveOptions(input: PublishingOptionsInput = {}): PublishingOptions {
  const base = input.publicBaseUrl ?? loadConfig().PUBLIC_SITE_BASE_URL;
  return {
    publicBaseUrl: base.replace(/\/+$/, ''),
    siteVersionPollMs: input.siteVersionPollMs ?? 1_000,
    officeCacheTtlMs: input.officeCacheTtlMs ?? 10 * 60_000,
    viewFlushMs: input.viewFlushMs ?? 10_000,
    schedulePollMs: input.schedulePollMs ?? 1_000,
    webhook: {
      pollMs: 1_000,
      maxAttempts: 8,
      baseDelayMs: 30_000,
      maxDelayMs: 6 * 60 * 60_000,
      timeoutMs: 10_000,
      ...input.webhook,
    },
    social: { timeoutMs: 15_000, ...input.social },
    outbound: {
      allowPrivateNetworks:
        input.outbound?.allowPrivateNetworks ?? loadConfig().OUTBOUND_ALLOW_PRIVATE_NETWORKS,
      ...(input.outbound?.lookup ? { lookup: input.outbound.lookup } : {}),
    },
    pageCacheBytes: input.pageCacheBytes ?? 64 * 1024 * 1024,
    mediaCacheBytes: input.mediaCacheBytes ?? 64 * 1024 * 1024,
    renderConcurrency: input.renderConcurrency ?? 8,
    background: input.background ?? true,
  };
}
