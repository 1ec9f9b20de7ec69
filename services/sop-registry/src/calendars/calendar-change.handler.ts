import { Injectable } from '@nestjs/common';
import type { EventOf } from '@tatalaman/contracts';
import type { EventContext, EventHandler } from '@tatalaman/messaging';
import { qualified } from '@tatalaman/persistence';
import { CalendarSyncer } from './calendar-syncer';

/** What of an office makes up its working calendar: a change of any is a new calendar version. */
const CALENDAR_FIELDS = new Set(['timeZone', 'workingHours', 'holidayOverrides', 'extraWorkingDays']);

/**
 * An office's working calendar changed (`identity.office-updated` with a calendar version):
 * its running runs and recurring schedules must count with the new one. Queued in
 * `calendar_syncs` in the event's transaction; the CalendarSyncer makes the call.
 */
@Injectable()
export class CalendarChangeHandler implements EventHandler<'identity.office-updated'> {
  constructor(private readonly syncer: CalendarSyncer) {}

  async handle(event: EventOf<'identity.office-updated'>, { manager }: EventContext): Promise<void> {
    const d = event.data;
    if (d.calendarVersion === undefined && !d.changedFields.some((f) => CALENDAR_FIELDS.has(f))) return;
    // Older events carry no version: 0 asks for whatever the gateway has now.
    const version = d.calendarVersion ?? 0;
    await manager.query(
      `INSERT INTO ${qualified(manager, 'calendar_syncs')} AS c (office, version) VALUES ($1, $2)
       ON CONFLICT (office) DO UPDATE SET version = greatest(c.version, EXCLUDED.version), status = 'pending',
         attempts = 0, last_error = NULL, requested_at = now()
       WHERE c.status = 'pending' OR c.version < EXCLUDED.version OR EXCLUDED.version = 0`,
      [event.office, version],
    );
    this.syncer.soon();
  }
}
