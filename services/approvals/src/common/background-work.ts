import { Injectable } from '@nestjs/common';

export type WorkName = 'run-details' | 'notifications' | 'email';

/**
 * Lets code that queues work in a transaction wake the loop that does it.
 * The kick comes a moment later, normally after the commit; if it comes too
 * early the loop's own polling finds the work on its next turn.
 */
@Injectable()
export class BackgroundWork {
  private readonly kickers = new Map<WorkName, () => void>();

  register(name: WorkName, kick: () => void): void {
    this.kickers.set(name, kick);
  }

  afterCommit(name: WorkName): void {
    const kick = this.kickers.get(name);
    if (kick) setTimeout(kick, 25).unref();
  }
}
