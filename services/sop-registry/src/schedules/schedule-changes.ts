import { type ScheduleSyncView } from '@tatalaman/contracts';
import { scoped } from '@tatalaman/persistence';
import { type EntityManager } from 'typeorm';
import { highestActiveVersions } from '../activations/activations.queries';
import { ScheduleSync } from './schedule-sync.entity';

/** For each key active in an office, the version whose recurring flows should run: the highest active one. */
export type ScheduledVersions = Map<string, { version: number; hasSchedules: boolean }>;

export async function scheduledVersions(manager: EntityManager, office: string): Promise<ScheduledVersions> {
  const found = await highestActiveVersions(manager, office);
  return new Map(found.map((r) => [r.key, { version: r.version, hasSchedules: r.has_schedules }]));
}

/**
 * Queues the schedule syncs an activation change needs (ScheduleSyncer makes the calls).
 * When the version that owns a key's recurring flows changes, the old one's schedules are
 * removed before the new one's are created (schedule ids may or may not include the
 * version; this order is right either way).
 */
export async function enqueueScheduleChanges(
  manager: EntityManager,
  office: string,
  before: ScheduledVersions,
  after: ScheduledVersions,
  activationId: string,
): Promise<void> {
  const syncs = scoped(manager.getRepository(ScheduleSync), office);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    if (b?.version === a?.version) continue;
    if (b?.hasSchedules) {
      await syncs.insert({
        key,
        version: b.version,
        action: 'remove',
        activationId,
        status: 'pending',
        attempts: 0,
      });
    }
    if (a?.hasSchedules) {
      await syncs.insert({
        key,
        version: a.version,
        action: 'sync',
        activationId,
        status: 'pending',
        attempts: 0,
      });
    }
  }
}

/** The state of an activation's schedules, from the syncs it queued (in `seq` order). */
export function scheduleView(syncs: ScheduleSync[]): ScheduleSyncView {
  if (!syncs.length) return { status: 'not-needed', schedules: [] };
  const pending = syncs.find((s) => s.status === 'pending');
  if (pending) {
    return {
      status: 'pending',
      schedules: [],
      ...(pending.lastError ? { lastError: pending.lastError } : {}),
    };
  }
  const last = syncs[syncs.length - 1]!;
  return { status: 'synced', schedules: last.action === 'sync' ? (last.result?.schedules ?? []) : [] };
}
