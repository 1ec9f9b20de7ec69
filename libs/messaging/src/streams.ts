import { loadConfig } from '@tatalaman/config';
import { type Domain, domainStreamName, domainStreamSubjects } from '@tatalaman/contracts';
import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface StreamSettings {
  /** How long events are kept; 0 = forever (the default: projections rebuild from streams). */
  maxAgeMs: number;
  /** JetStream replicas: 1 on one machine, 3 on a NATS cluster. */
  replicas: number;
  /** De-duplication window for `Nats-Msg-Id` (2 minutes). */
  duplicateWindowMs: number;
}

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDuration(value: string, variable: string): number {
  const m = DURATION.exec(value.trim());
  if (!m) throw new Error(`${variable} must be a duration like 90d, 12h or 0 (got "${value}").`);
  return Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!;
}

/** Stream settings from the configuration (NATS_STREAM_REPLICAS, NATS_STREAM_MAX_AGE; see libs/config). */
export function streamSettingsFromEnv(env?: NodeJS.ProcessEnv): StreamSettings {
  const config = env ? loadConfig(env) : loadConfig();
  return {
    replicas: config.NATS_STREAM_REPLICAS,
    maxAgeMs: config.NATS_STREAM_MAX_AGE
      ? parseDuration(config.NATS_STREAM_MAX_AGE, 'NATS_STREAM_MAX_AGE')
      : 0,
    duplicateWindowMs: 120_000,
  };
}

/** The configuration of one domain's stream. */
export function domainStreamConfig(
  domain: Domain,
  settings: StreamSettings = streamSettingsFromEnv(),
  prefix?: string,
): Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects'> {
  return {
    name: prefix === undefined ? domainStreamName(domain) : domainStreamName(domain, prefix),
    subjects: prefix === undefined ? domainStreamSubjects(domain) : domainStreamSubjects(domain, prefix),
    description: `Domain events of ${domain}`,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(settings.maxAgeMs),
    duplicate_window: nanos(settings.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string; api_error?: { err_code?: number } };
  return (
    err?.api_error?.err_code === 10059 || err?.code === '404' || /stream not found/i.test(err?.message ?? '')
  );
}

/** Fields we manage; anything else on an existing stream (set by an operator) is left alone. */
const MANAGED = [
  'subjects',
  'description',
  'max_age',
  'duplicate_window',
  'num_replicas',
  'discard',
] as const;

function differs(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return MANAGED.some((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(wanted[k] ?? null));
}

/**
 * Creates each domain's stream, or updates it to the wanted configuration;
 * safe to call from every replica of every service at start-up. Storage and
 * retention cannot change on an existing stream: a mismatch is an error.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  domains: readonly Domain[],
  options: { settings?: StreamSettings; prefix?: string } = {},
): Promise<StreamInfo[]> {
  const settings = options.settings ?? streamSettingsFromEnv();
  const out: StreamInfo[] = [];
  for (const domain of [...new Set(domains)]) {
    const wanted = domainStreamConfig(domain, settings, options.prefix);
    out.push(await ensureStream(jsm, wanted));
  }
  return out;
}

async function ensureStream(
  jsm: JetStreamManager,
  wanted: Partial<StreamConfig> & Pick<StreamConfig, 'name'>,
): Promise<StreamInfo> {
  for (let attempt = 0; ; attempt++) {
    let current: StreamInfo | undefined;
    try {
      current = await jsm.streams.info(wanted.name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    try {
      if (!current) return await jsm.streams.add(wanted);
      if (current.config.storage !== wanted.storage || current.config.retention !== wanted.retention) {
        throw new Error(
          `Stream ${wanted.name} exists with storage=${current.config.storage}, retention=${current.config.retention}; ` +
            `it should be ${wanted.storage}/${wanted.retention}. Those cannot change in place: migrate the stream by hand.`,
        );
      }
      if (!differs(current.config, wanted)) return current;
      return await jsm.streams.update(wanted.name, { ...current.config, ...wanted });
    } catch (e) {
      // Another replica created or changed it between our read and write: read again.
      if (attempt < 3 && /already in use|stream name already/i.test((e as Error).message)) continue;
      throw e;
    }
  }
}
