import { Injectable } from '@nestjs/common';
import { type BackgroundLoop } from '@tatalaman/service-host';

export type WorkName = 'run-details' | 'notifications' | 'email';

/**
 * Lets code that queues work in a transaction wake the loop that does it.
 * The kick comes a moment later, normally after the commit; if it comes too
 * early the loop's own polling finds the work on its next turn.
 */
@Injectable()
export class BackgroundWork {
  private readonly loops = new Map<WorkName, BackgroundLoop>();

  register(name: WorkName, loop: BackgroundLoop): void {
    this.loops.set(name, loop);
  }

  afterCommit(name: WorkName): void {
    this.loops.get(name)?.kick(25);
  }
}
