import { Injectable } from '@nestjs/common';
import { type EventOf } from '@tatalaman/contracts';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { T } from '../persistence';
import { Sites } from './sites.service';

export const IDENTITY_EVENTS = ['identity.office-created', 'identity.office-updated'] as const;
type IdentityEvent = EventOf<(typeof IDENTITY_EVENTS)[number]>;

/**
 * Every onboarded office gets a website at once (an empty home page until its first
 * publication), and a rename or a new time zone shows on every page of it.
 */
@Injectable()
export class IdentityEventsHandler implements EventHandler<(typeof IDENTITY_EVENTS)[number]> {
  constructor(private readonly sites: Sites) {}

  async handle(event: IdentityEvent, { manager }: EventContext): Promise<void> {
    if (event.office === 'platform') return;
    if (event.type === 'identity.office-created') {
      await this.sites.upsert(
        manager,
        { office: event.office, name: event.data.name, timeZone: event.data.timeZone, kind: event.data.kind },
        'event',
      );
      this.soon();
      return;
    }
    const { name, timeZone } = event.data;
    if (!name && !timeZone) return;
    await manager.query(
      `UPDATE ${T.sites} SET name = coalesce($2, name), time_zone = coalesce($3, time_zone),
         version = version + 1, updated_at = now()
       WHERE office = $1`,
      [event.office, name ?? null, timeZone ?? null],
    );
    this.soon();
  }

  /**
   * The consumer commits right after the handler returns; reading the committed versions a
   * moment later (the regular poll would too) never tags a page with an uncommitted version.
   */
  private soon(): void {
    setTimeout(() => void this.sites.refresh().catch(() => undefined), 200).unref();
  }
}
